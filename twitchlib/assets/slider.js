// A native range input named by its visible label; arrow keys move it by one step.
function render({ model, el }) {
  const id = "twitchlib-slider-" + Math.random().toString(36).slice(2);
  const label = document.createElement("label");
  const input = document.createElement("input");
  const readout = document.createElement("output");
  label.htmlFor = id;
  input.type = "range";
  input.id = id;
  readout.htmlFor = id;
  el.classList.add("twitchlib-slider");
  // Arrow keys belong to the slider, not to JupyterLab's notebook shortcuts.
  el.dataset.lmSuppressShortcuts = "true";
  input.addEventListener("keydown", (event) => event.stopPropagation());
  el.append(label, input, readout);
  const text = (value) => Number(value).toFixed(model.get("decimals"));
  const show = (value) => {
    readout.textContent = text(value);
    input.setAttribute("aria-valuetext", text(value) + " " + model.get("unit"));
  };
  const sync = () => {
    label.textContent = model.get("description");
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = model.get("value");
    show(model.get("value"));
  };
  // The label shows while dragging; Python hears the value once it is let go
  // (or at each key press), so every update is one model run.
  input.addEventListener("input", () => show(input.value));
  input.addEventListener("change", () => {
    model.set("value", Number(input.value));
    model.save_changes();
  });
  model.on("change", sync);
  sync();
  return () => model.off("change", sync);
}
export default { render };
