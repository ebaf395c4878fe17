// The teacher page: polls the round's state and draws the room's answers.
// The teacher's secret arrives once in the address (?token=...); it is kept for this
// tab only and taken out of the address bar, so a projected page never shows it.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const POLL_MS = 500;
const params = new URLSearchParams(window.location.search);
if (params.get("token")) {
  sessionStorage.setItem("twitchlib-teacher", params.get("token"));
  window.history.replaceState(null, "", window.location.pathname);
}
const token = sessionStorage.getItem("twitchlib-teacher") || "";
const $ = (id) => document.getElementById(id);

async function api(path, body) {
  const options = { headers: { "X-Teacher-Token": token } };
  if (body !== undefined) {
    options.method = "POST";
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const reply = await fetch(path, options);
  const data = await reply.json().catch(() => ({ error: reply.statusText }));
  if (!reply.ok) throw new Error(data.error || reply.statusText);
  return data;
}

function el(name, attrs, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// Bars for a choice: one row per option, the first vote (if asked again) dashed.
function drawChoice(svg, round, state) {
  const counts = state.distribution || {};
  const before = state.previous ? state.previous.distribution : null;
  const sound = state.answer ? state.answer.sound : [];
  const total = Math.max(1, ...Object.values(counts), ...Object.values(before || {}));
  const width = 1000,
    labelH = 36,
    barH = 34,
    gap = before ? 18 : 12;
  const rowH = labelH + barH + (before ? barH * 0.8 : 0) + gap;
  // Room right of the longest bar for its count, or for "first vote: N" (31 units a letter).
  const span = width - (before ? 260 : 120);
  svg.setAttribute("viewBox", `0 0 ${width} ${round.options.length * rowH}`);
  const words = [];
  round.options.forEach((option, i) => {
    const y = i * rowH,
      n = counts[option] || 0,
      right = sound.includes(option);
    const label = right ? `✔ ${option} (right)` : option;
    svg.append(el("text", { x: 0, y: y + 29 }, label));
    const w = (n / total) * span;
    svg.append(
      el("rect", {
        x: 0,
        y: y + labelH,
        width: Math.max(w, 2),
        height: barH,
        class: right ? "bar right" : "bar",
      }),
    );
    svg.append(el("text", { x: w + 10, y: y + labelH + 26 }, String(n)));
    let said = `${option}: ${n}`;
    if (before) {
      const b = before[option] || 0,
        wb = (b / total) * span;
      const yb = y + labelH + barH + 4;
      svg.append(
        el("rect", {
          x: 0,
          y: yb,
          width: Math.max(wb, 2),
          height: barH * 0.8,
          class: "bar before",
        }),
      );
      svg.append(el("text", { x: wb + 10, y: yb + 24 }, `first vote: ${b}`));
      said += ` (first vote ${b})`;
    }
    words.push(said + (right ? ", right" : ""));
  });
  return words.join("; ");
}

function niceStep(span) {
  const raw = Math.max(span / 10, 1e-9),
    power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return Math.max(m * power, 0.5);
  return 10 * power;
}

// A histogram for a number: the class's predictions in bins, the model's value as a
// labelled line, the first vote (if asked again) as dashed outlines.
function drawNumber(svg, round, state) {
  const expand = (d) => Object.entries(d || {}).flatMap(([a, n]) => Array(n).fill(Number(a)));
  const now = expand(state.distribution),
    before = state.previous ? expand(state.previous.distribution) : [];
  const model = state.answer ? state.answer.value : null;
  const all = [...now, ...before, ...(model === null ? [] : [model])];
  if (!all.length) {
    svg.setAttribute("viewBox", "0 0 1000 60");
    svg.append(el("text", { x: 0, y: 40 }, "No answers."));
    return "no answers";
  }
  // Bins no wider than the match's tolerance: a guess outside it never shares the
  // model's bar.
  const tolerance = state.answer && state.answer.tolerance;
  const step = Math.min(niceStep(Math.max(...all) - Math.min(...all) || 1), tolerance || Infinity);
  const lo = Math.floor(Math.min(...all) / step) * step,
    hi = (Math.floor(Math.max(...all) / step) + 1) * step;
  const bins = Math.round((hi - lo) / step);
  const count = (xs) => {
    const c = Array(bins).fill(0);
    xs.forEach((x) => {
      c[Math.min(bins - 1, Math.floor((x - lo) / step))] += 1;
    });
    return c;
  };
  const c = count(now),
    cb = count(before),
    top = Math.max(1, ...c, ...cb);
  const width = 1000,
    height = 330,
    left = 40,
    bottom = 270,
    plotH = 200;
  const x = (v) => left + ((v - lo) / (hi - lo)) * (width - 2 * left);
  // A bar's count never sits under the model's line: it steps aside.
  const clear = (cx) =>
    model !== null && Math.abs(x(model) - cx) < 26 ? cx + (cx < x(model) ? -26 : 26) : cx;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.append(el("line", { x1: left, x2: width - left, y1: bottom, y2: bottom, class: "axis" }));
  for (let i = 0; i < bins; i++) {
    const x0 = x(lo + i * step),
      bw = x(lo + (i + 1) * step) - x0 - 4;
    if (c[i]) {
      const h = (c[i] / top) * plotH;
      svg.append(el("rect", { x: x0 + 2, y: bottom - h, width: bw, height: h, class: "bar" }));
      svg.append(el("text", { x: clear(x0 + bw / 2) - 6, y: bottom - h - 8 }, String(c[i])));
    }
    if (cb[i]) {
      const h = (cb[i] / top) * plotH;
      svg.append(
        el("rect", { x: x0 + 2, y: bottom - h, width: bw, height: h, class: "bar before" }),
      );
    }
  }
  for (let i = 0; i <= bins; i += Math.max(1, Math.ceil(bins / 8))) {
    const v = lo + i * step;
    svg.append(el("text", { x: x(v) - 14, y: bottom + 30 }, `${+v.toFixed(1)}`));
  }
  svg.append(el("text", { x: width / 2 + 80, y: bottom + 58 }, round.unit));
  let words = `predictions from ${Math.min(...now)} to ${Math.max(...now)} ${round.unit}`;
  if (!now.length) words = "no predictions";
  if (model !== null) {
    svg.append(
      el("line", {
        x1: x(model),
        x2: x(model),
        y1: bottom,
        y2: bottom - plotH - 30,
        class: "model",
      }),
    );
    const label = `model: ${model} ${round.unit}`;
    const tx = Math.min(x(model) + 8, width - 16 * label.length);
    svg.append(el("text", { x: tx, y: bottom - plotH - 36 }, label));
    words += `; the model gives ${model} ${round.unit}`;
  }
  if (before.length) {
    // The key, on the chart itself (below the axis, left of its unit): solid bars
    // now, dashed outlines the first vote.
    const ky = bottom + 40;
    svg.append(el("rect", { x: left, y: ky, width: 26, height: 18, class: "bar" }));
    svg.append(el("text", { x: left + 34, y: ky + 17 }, "now"));
    svg.append(el("rect", { x: left + 110, y: ky, width: 26, height: 18, class: "bar before" }));
    svg.append(el("text", { x: left + 144, y: ky + 17 }, "first vote"));
    words += "; dashed outlines: the first vote";
  }
  return words;
}

let shownOnce = false;

function show(state) {
  const round = state.round;
  // After a reload the list shows the question of the current round, not the first.
  if (!shownOnce && round) $("question").value = round.question;
  shownOnce = true;
  $("predict-first").checked = state.predict_first;
  $("students-link").textContent = state.students_link || "(this computer only)";
  $("open").disabled = false;
  // While a round is open, opening another says that it closes this one.
  const replacing = Boolean(round && round.state === "open");
  $("open").textContent = replacing ? "Close this round and open the new one" : "Open for answers";
  $("open").dataset.replace = replacing ? "yes" : "";
  $("close").disabled = !round || round.state !== "open";
  $("reveal").disabled = !round || round.state === "revealed";
  $("again").disabled = !round || round.state === "open";
  const box = $("chart-box"),
    svg = $("chart");
  if (!round) {
    $("round-state").textContent = "";
    $("count").textContent =
      plural(state.students || 0, "student has", "students have") + " joined.";
    $("unnamed").textContent = "";
    box.hidden = true;
    document.body.classList.remove("answers-shown");
  } else {
    const states = { open: "Open for answers", closed: "Answers closed", revealed: "Revealed" };
    $("round-state").textContent =
      `Lesson ${round.lesson} · ${states[round.state]}` +
      (round.kind === "number" ? ` · answer in ${round.unit}` : "");
    $("prompt").textContent = round.prompt;
    $("count").textContent =
      `${state.answered} of ${plural(state.students, "student", "students")} answered`;
    // Pages without a typed name (a projector, say) are not students: said apart.
    $("unnamed").textContent = state.unnamed_answered
      ? `(and ${plural(state.unnamed_answered, "answer", "answers")} from a page with no name, not counted)`
      : "";
    box.hidden = round.state === "open";
    // With the room's answers on screen the question steps back, so the chart fits.
    document.body.classList.toggle("answers-shown", !box.hidden);
    svg.replaceChildren();
    if (round.state !== "open") {
      const words =
        round.kind === "choice" ? drawChoice(svg, round, state) : drawNumber(svg, round, state);
      $("chart-title").textContent = state.previous
        ? "The room's answers, now and at the first vote:"
        : "The room's answers:";
      $("chart-desc").textContent = words + ".";
    }
  }
  const a = state.answer;
  $("explanation").textContent = a
    ? (round.kind === "number"
        ? `${a.right} of ${plural(state.answered, "prediction", "predictions")} within ${a.tolerance_words} of the model's ${a.value} ${round.unit} (a teaching estimate). `
        : `${a.right} of ${plural(state.answered, "answer", "answers")} sound. `) + a.explanation
    : "";
  $("stuck-rule").textContent = state.stuck_rule || "";
  $("nobody").hidden = state.progress.length > 0;
  const rows = $("progress-rows");
  rows.replaceChildren();
  for (const p of state.progress) {
    const tr = document.createElement("tr");
    let tries = String(p.wrong_tries);
    if (p.stuck) tries = `${p.wrong_tries}: stuck`;
    else if (p.solved && p.wrong_tries) tries = `${p.wrong_tries}, then right`;
    let live = round ? (p.answered_round ? "answered" : "not yet") : "no round yet";
    if (p.last_round && !p.answered_round) live += ` (last answered round ${p.last_round})`;
    const cells = [p.name, p.item, tries, live, p.ticket ? "saved" : "not yet"];
    cells.forEach((text, i) => {
      const td = document.createElement("td");
      td.textContent = text;
      if (i === 2 && p.stuck) td.className = "stuck";
      tr.append(td);
    });
    rows.append(tr);
  }
}

async function act(action, body) {
  $("problem").textContent = "";
  try {
    show(await api(`api/${action}`, body || {}));
  } catch (e) {
    $("problem").textContent = e.message;
  }
}

async function poll() {
  try {
    show(await api("api/state"));
  } catch (e) {
    $("problem").textContent = `The class store is not answering: ${e.message}`;
  }
  window.setTimeout(poll, POLL_MS);
}

async function start() {
  const bank = await api("api/bank");
  const select = $("question");
  const groups = {};
  for (const q of bank) {
    const name = `Lesson ${q.lesson}`;
    if (!groups[name]) {
      groups[name] = document.createElement("optgroup");
      groups[name].label = name;
      select.append(groups[name]);
    }
    const option = document.createElement("option");
    option.value = q.id;
    const prompt = q.prompt.length > 90 ? `${q.prompt.slice(0, 87)}...` : q.prompt;
    // The id at the end: the teacher guide's sequences name questions by it.
    option.textContent = `${q.group}: ${prompt} [${q.id}]`;
    groups[name].append(option);
  }
  $("open").addEventListener("click", () => {
    const replace = $("open").dataset.replace === "yes";
    // A round still open is closed without its reveal: only when the teacher says so.
    const sure =
      !replace ||
      window.confirm(
        "A round is still open. Close it without revealing it, and open the new question?",
      );
    if (sure) act("open", { question: select.value, replace });
  });
  $("close").addEventListener("click", () => act("close"));
  $("reveal").addEventListener("click", () => act("reveal"));
  $("again").addEventListener("click", () => act("again"));
  $("predict-first").addEventListener("change", (e) =>
    act("predict-first", { on: e.target.checked }),
  );
  poll();
}

start().catch((e) => {
  $("problem").textContent = e.message;
});
