// A row of buttons that says which one is chosen: aria-pressed for a screen reader,
// a fill and a tick for the eye (never colour alone). Used for the dashboard's
// views, its presets and its "Why?" toggle; Python owns the chosen value.

function render({ model, el }) {
  el.classList.add("twitchlib-buttons");
  const group = document.createElement("div");
  group.setAttribute("role", "group");
  el.append(group);

  const mark = () => {
    for (const button of group.querySelectorAll("button")) {
      const pressed = button.dataset.value === model.get("value");
      button.setAttribute("aria-pressed", String(pressed));
    }
  };
  const draw = () => {
    group.className = "twitchlib-buttons-" + model.get("kind");
    group.setAttribute("aria-label", model.get("label"));
    group.replaceChildren();
    if (model.get("caption")) {
      const caption = document.createElement("span");
      caption.className = "twitchlib-buttons-caption";
      caption.textContent = model.get("caption");
      caption.setAttribute("aria-hidden", "true");
      group.append(caption);
    }
    for (const [value, label, tip] of model.get("options")) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.dataset.value = value;
      if (tip) button.title = tip;
      button.addEventListener("click", () => {
        const again = model.get("value") === value;
        model.set("value", again && model.get("toggles") ? "" : value);
        model.save_changes();
        mark();
      });
      group.append(button);
    }
    mark();
  };
  model.on("change:options", draw);
  model.on("change:label", draw);
  model.on("change:caption", draw);
  model.on("change:kind", draw);
  model.on("change:value", mark);
  draw();
  return () => {
    model.off("change:options", draw);
    model.off("change:label", draw);
    model.off("change:caption", draw);
    model.off("change:kind", draw);
    model.off("change:value", mark);
  };
}

export default { render };
