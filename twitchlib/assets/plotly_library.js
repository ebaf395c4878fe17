// Loads plotly.js (sent once per kernel as this widget's "source") and shares it with
// every twitchlib chart on the page. Nothing is drawn here.

function shared() {
  const box = (globalThis.__twitchlibPlotly ??= {});
  box.promise ??= new Promise((resolve) => {
    box.resolve = resolve;
  });
  return box;
}

async function load(source) {
  const box = shared();
  if (box.loaded) return;
  box.loaded = true;
  // plotly.min.js is a UMD bundle: give it a CommonJS "module" and take its export.
  const text =
    "const module = { exports: {} }; const exports = module.exports;\n" +
    source +
    "\nexport default module.exports;";
  const url = URL.createObjectURL(new Blob([text], { type: "text/javascript" }));
  try {
    const Plotly = (await import(/* webpackIgnore: true */ url)).default;
    box.resolve(Plotly);
  } finally {
    URL.revokeObjectURL(url);
  }
}

function initialize({ model }) {
  // Not awaited: the model is ready at once; charts wait for the library themselves.
  load(model.get("source")).catch((error) =>
    console.error("twitchlib: plotly.js did not load", error),
  );
}

export default { initialize };
