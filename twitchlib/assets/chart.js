// A plotly chart with its accessible name and description, for twitchlib's apps.
//
// plotly.js itself reaches the page once per kernel, through the "library" widget
// (plotly_library.js), instead of inside every chart's module: a chart module is a
// few kilobytes, so it initialises well within anywidget's start-up budget even on a
// busy machine, and charts wait for the library without a time limit.

function library() {
  const shared = (globalThis.__twitchlibPlotly ??= {});
  shared.promise ??= new Promise((resolve) => { shared.resolve = resolve; });
  return shared.promise;
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
  let drawing = Promise.resolve();
  const draw = () => {
    const figure = JSON.parse(model.get("figure"));
    const layout = figure.layout || {};
    const title = (layout.title && layout.title.text) || model.get("label");
    frame.setAttribute("aria-label", model.get("label") || title);
    summary.textContent = model.get("summary");
    summary.hidden = !model.get("summary");
    if (!Plotly) return;
    const config = { responsive: true, displaylogo: false, displayModeBar: false };
    // One draw at a time: a slider held down sends values faster than plotly draws.
    drawing = drawing.then(() => Plotly.react(plot, figure.data || [], layout, config))
      .then(() => { el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1); });
  };
  const onChange = () => draw();
  model.on("change:figure", onChange);
  model.on("change:summary", onChange);
  model.on("change:label", onChange);
  draw();
  library().then((lib) => { Plotly = lib; draw(); });
  return () => {
    model.off("change:figure", onChange);
    model.off("change:summary", onChange);
    model.off("change:label", onChange);
    if (Plotly) Plotly.purge(plot);
  };
}

export default { render };
