// A plotly chart with its accessible name and description, for twitchlib's apps.
//
// plotly.js itself reaches the page once per kernel, through the "library" widget
// (plotly_library.js), instead of inside every chart's module: a chart module is a
// few kilobytes, so it initialises well within anywidget's start-up budget even on a
// busy machine, and charts wait for the library without a time limit.

function library() {
  const shared = (globalThis.__twitchlibPlotly ??= {});
  shared.promise ??= new Promise((resolve) => {
    shared.resolve = resolve;
  });
  return shared.promise;
}

// Charts on a page take turns: each one drawn is painted before the next is drawn.
// A slider's update redraws several charts; Python sends the main chart's update
// first, so the student sees it change a frame sooner, instead of every chart being
// drawn before the screen is painted once.
function inTurn(job) {
  const turns = (globalThis.__twitchlibTurns ??= { busy: false, waiting: [] });
  return new Promise((resolve, reject) => {
    const run = () => {
      turns.busy = true;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const next = turns.waiting.shift();
        if (next) next();
        else turns.busy = false;
      };
      Promise.resolve()
        .then(job)
        .then(resolve, reject)
        .finally(() => {
          // After the next paint; a hidden page has no frames, so never wait long.
          requestAnimationFrame(() => setTimeout(release, 0));
          setTimeout(release, 100);
        });
    };
    if (turns.busy) turns.waiting.push(run);
    else run();
  });
}

function render({ model, el }) {
  const uid = Math.random().toString(36).slice(2);
  el.classList.add("twitchlib-chart");
  const frame = document.createElement("div");
  const plot = document.createElement("div");
  const summary = document.createElement("p");
  summary.id = "twitchlib-summary-" + uid;
  summary.className = "twitchlib-summary";
  frame.className = "twitchlib-chart-frame";
  frame.setAttribute("role", "img");
  frame.setAttribute("aria-describedby", summary.id);
  plot.className = "twitchlib-plot";
  frame.append(plot);
  el.append(frame, summary);

  let Plotly = null;
  // The template is parsed once per change of it, not once per update of the figure.
  let templateText = null,
    templateValue;
  const template = () => {
    if (model.get("template") !== templateText) {
      templateText = model.get("template");
      templateValue = templateText ? JSON.parse(templateText) : undefined;
    }
    return templateValue;
  };
  let drawing = Promise.resolve();
  // A figure drawn at a fixed width (the causal graph, whose labels are placed for
  // that width) is shrunk to fit a narrower output area, never cut off at the right.
  let fixedWidth = 0;
  const fit = () => {
    const available = frame.clientWidth;
    plot.style.zoom =
      fixedWidth && available && available < fixedWidth ? String(available / fixedWidth) : "";
  };
  // A chart that fills its box (the dashboard's, whose height follows the alerts and
  // the screen) is redrawn to the box's new size; plotly alone follows only the window.
  let drawnOnce = false;
  // On a phone a long title ("Likelihood 14% (healthy 11%): what each factor adds")
  // is wider than the chart; plotly does not wrap titles, so it breaks at its colon.
  const NARROW = 520;
  let drawnNarrow = null;
  const narrow = () => frame.clientWidth > 0 && frame.clientWidth < NARROW;
  const resizes = new ResizeObserver(() => {
    fit();
    if (drawnNarrow !== null && narrow() !== drawnNarrow) draw();
    else if (Plotly && drawnOnce && !fixedWidth && plot.clientHeight) {
      Plotly.Plots.resize(plot);
    }
  });
  resizes.observe(frame);
  const describe = () => {
    const figure = JSON.parse(model.get("figure"));
    const title = figure.layout && figure.layout.title && figure.layout.title.text;
    frame.setAttribute("aria-label", model.get("label") || title || "chart");
    summary.textContent = model.get("summary");
    summary.hidden = !model.get("summary");
  };
  let queued = false;
  const draw = () => {
    // One draw at a time, of the newest figure: a slider held down sends values
    // faster than plotly draws, and only the last one matters.
    if (!Plotly || queued) return;
    queued = true;
    drawing = drawing
      .then(() =>
        inTurn(() => {
          queued = false;
          const figure = JSON.parse(model.get("figure"));
          const layout = figure.layout || {};
          layout.template = template();
          drawnNarrow = narrow();
          const title = layout.title;
          if (drawnNarrow && title && typeof title.text === "string") {
            title.text = title.text.replace(": ", ":<br>");
            layout.margin = { ...(layout.margin || {}), t: Math.max(layout.margin?.t || 0, 80) };
          }
          const config = { responsive: true, displaylogo: false, displayModeBar: false };
          fixedWidth = layout.width || 0;
          return Plotly.react(plot, figure.data || [], layout, config).then(() => {
            drawnOnce = true;
            fit();
          });
        }),
      )
      .then(() => {
        el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
      })
      .catch((error) => console.error("twitchlib: chart not drawn", error));
  };
  // One message from Python may change figure, summary and name together; Backbone
  // then fires one "change" event, so each update draws once.
  let drawn = model.get("figure") + model.get("template");
  const onChange = () => {
    describe();
    if (model.get("figure") + model.get("template") !== drawn) {
      drawn = model.get("figure") + model.get("template");
      draw();
    }
  };
  model.on("change", onChange);
  // Classes added from Python after the chart is shown (the dashboard's "Why?" fold,
  // predict-first's withheld chart) reach the element here: the widget manager
  // applies only those the chart was created with.
  let classes = [];
  const restyle = () => {
    const now = model.get("_dom_classes") || [];
    for (const name of classes) if (!now.includes(name)) el.classList.remove(name);
    for (const name of now) el.classList.add(name);
    classes = [...now];
  };
  model.on("change:_dom_classes", restyle);
  restyle();
  describe();
  library().then((lib) => {
    Plotly = lib;
    draw();
  });
  return () => {
    resizes.disconnect();
    model.off("change", onChange);
    model.off("change:_dom_classes", restyle);
    if (Plotly) Plotly.purge(plot);
  };
}

export default { render };
