// hinterland serve: the page. Plain JavaScript over the JSON API (/api/v1/openapi.json).
"use strict";

const api = "/api/v1";
const $ = (id) => document.getElementById(id);
const MAIN_TABLES = ["lanes", "nodes", "funds", "needs"];
const HEADLINES = [
  ["person_days_served", "person-days reached"],
  ["share_of_need_pct", "share of need reached (%)"],
  ["coverage_pct", "coverage (%)"],
  ["cost_usd", "cost (USD)"],
  ["cost_usd_per_person_day", "cost per person-day (USD)"],
  ["money_left_usd", "money left (USD)"],
];

let scenario = null; // the open scenario's id
let table = "lanes"; // the table shown
let diagnostics = [];
let valid = false; // whether the open scenario can be planned
let settings = ""; // scenario.toml as last read
let previous = null; // the last plan's figures shown ({scenario, values: {field: value}})
const SETTINGS = "scenario.toml";

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

async function call(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const r = await fetch(api + path, init);
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (_) { json = null; }
  if (!r.ok) {
    const err = (json && json.error) || { message: text || r.statusText };
    const e = new Error(err.message + (err.help ? " — " + err.help : ""));
    e.api = err;
    throw e;
  }
  return json;
}

function say(text, cls = "") {
  const s = $("status");
  s.textContent = text;
  s.className = cls;
}

function human(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return (v / 1e6).toLocaleString("en", { maximumFractionDigits: 2 }) + " M";
  if (a >= 1e3) return Math.round(v).toLocaleString("en");
  return v.toLocaleString("en", { maximumFractionDigits: 3 });
}

// ---- scenarios ----------------------------------------------------------------------------

async function loadScenarios(select) {
  const list = await call("GET", "/scenarios");
  const s = $("scenario");
  s.replaceChildren(...list.map((x) => el("option", { value: x.id, text: `${x.name} (${x.id})` })));
  const id = select || (list[0] && list[0].id);
  if (id) {
    s.value = id;
    await openScenario(id);
  }
}

async function openScenario(id) {
  scenario = id;
  const s = await call("GET", `/scenarios/${id}`);
  $("scenario-zip").href = `${api}/scenarios/${id}/download/scenario.zip`;
  $("scenario-xlsx").href = `${api}/scenarios/${id}/download/scenario.xlsx`;
  const names = s.tables.map((t) => t.name);
  const order = MAIN_TABLES.filter((n) => names.includes(n)).concat(names.filter((n) => !MAIN_TABLES.includes(n)));
  settings = s.settings;
  const settingsButton = el("button", { type: "button", "data-table": SETTINGS, title: "settings and variants", text: SETTINGS, onclick: () => showTable(SETTINGS) });
  $("tables").replaceChildren(
    ...order.map((n) => {
      const t = s.tables.find((x) => x.name === n);
      return el("button", {
        type: "button",
        "data-table": n,
        class: MAIN_TABLES.includes(n) ? "main" : "",
        title: `${t.file}: ${t.rows} rows`,
        text: n,
        onclick: () => showTable(n),
      });
    }),
    settingsButton,
  );
  renderVariants(s.variants);
  renderEdits(s.edits);
  showValidation(s);
  table = names.includes(table) || table === SETTINGS ? table : order[0];
  await showTable(table);
}

function showValidation(v) {
  diagnostics = v.diagnostics;
  const box = $("validity");
  box.textContent = v.valid ? "valid" : `${v.errors} problem(s) to fix before planning`;
  box.className = v.valid ? "ok" : "bad";
  $("diagnostics").replaceChildren(
    ...v.diagnostics.map((d) => {
      const where = d.cell || (d.row !== null && d.row !== undefined ? `${d.table} row ${d.row + 1}` : d.file);
      const col = d.column ? ` · ${d.column}` : "";
      const li = el("li", { class: d.severity, text: `${where}${col}: ${d.message}${d.help ? " (" + d.help + ")" : ""}` });
      li.addEventListener("click", async () => {
        if (d.table && d.table !== table) await showTable(d.table);
        const input = document.querySelector(`#grid input[data-row="${d.row}"][data-col="${d.column}"]`);
        if (input) input.focus();
      });
      return li;
    }),
  );
  valid = v.valid;
  $("plan").disabled = !valid;
}

// ---- the table editor ---------------------------------------------------------------------

async function showTable(name) {
  table = name;
  for (const b of $("tables").querySelectorAll("button")) b.classList.toggle("current", b.dataset.table === name);
  $("add-row").hidden = name === SETTINGS;
  if (name === SETTINGS) return showSettings();
  const t = await call("GET", `/scenarios/${scenario}/tables/${name}`);
  const capacity = (c) => c.name.includes("capacity");
  $("table-help").textContent =
    t.columns.some(capacity) ? "Capacity columns are highlighted. Change a value, then press Plan." : "";
  // Shown in this order: the id, the capacity columns (what a planner changes most, in view
  // without scrolling), then the others as in the file. Cells are edited by column name.
  const shown = t.columns.map((c, j) => [c, j])
    .sort(([a, i], [b, j]) => (i === 0 ? -1 : j === 0 ? 1 : 0) || (capacity(b) - capacity(a)) || (i - j));
  const head = el("tr", {}, el("th", { text: "#" }),
    ...shown.map(([c]) => el("th", { class: capacity(c) ? "capacity" : "", title: c.meaning || "not a column of the format" },
      c.name, c.unit ? el("span", { class: "unit", text: ` (${c.unit})` }) : "")),
    el("th"));
  const rows = t.rows.map((r, i) => el("tr", {}, el("td", { text: String(i + 1) }),
    ...shown.map(([c, j]) => {
      const input = el("input", { value: r[j] ?? "", "data-row": String(i), "data-col": c.name, "aria-label": `${c.name} of row ${i + 1}` });
      input.addEventListener("change", () => setCell(i, c.name, input.value));
      return el("td", { class: capacity(c) ? "capacity" : "" }, input);
    }),
    el("td", {}, el("button", { type: "button", class: "remove", title: "remove this row", text: "×", onclick: () => removeRow(i) }))));
  $("grid").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
  markCells();
}

function showSettings() {
  $("table-help").textContent = "The scenario's settings and its variants ([[variant]]). Save to check them.";
  const text = el("textarea", { id: "settings", rows: "24", spellcheck: "false" });
  text.value = settings;
  const save = el("button", { type: "button", id: "save-settings", text: "Save", onclick: async () => {
    try {
      edited(await call("PUT", `/scenarios/${scenario}/settings`, { text: text.value }));
      settings = text.value;
      renderVariants(await call("GET", `/scenarios/${scenario}/variants`));
      say("saved; press Plan to see the new plan");
    } catch (e) { say(e.message, "error"); }
  } });
  $("grid").replaceChildren(el("tbody", {}, el("tr", {}, el("td", {}, text, el("br"), save))));
}

function markCells() {
  for (const td of $("grid").querySelectorAll("td.bad, td.warn")) {
    td.classList.remove("bad", "warn");
    td.firstChild.removeAttribute("title");
  }
  for (const d of diagnostics) {
    if (d.table !== table || d.row === null || d.row === undefined) continue;
    const input = document.querySelector(`#grid input[data-row="${d.row}"][data-col="${d.column}"]`)
      || document.querySelector(`#grid input[data-row="${d.row}"]`);
    if (!input) continue;
    input.parentElement.classList.add(d.severity === "error" ? "bad" : "warn");
    input.title = d.message + (d.help ? "\n" + d.help : "");
  }
}

async function edited(v) {
  showValidation(v);
  markCells();
}

async function setCell(row, column, value) {
  try {
    edited(await call("PATCH", `/scenarios/${scenario}/tables/${table}`, { row, column, value }));
    say("saved; press Plan to see the new plan");
  } catch (e) { say(e.message, "error"); }
}

async function addRow() {
  try {
    const v = await call("POST", `/scenarios/${scenario}/tables/${table}/rows`, {});
    await showTable(table);
    edited(v);
  } catch (e) { say(e.message, "error"); }
}

async function removeRow(i) {
  try {
    const v = await call("DELETE", `/scenarios/${scenario}/tables/${table}/rows/${i}`);
    await showTable(table);
    edited(v);
  } catch (e) { say(e.message, "error"); }
}

// ---- variants and edits -------------------------------------------------------------------

function renderVariants(variants) {
  $("variants").replaceChildren(...variants.map((v) => {
    const box = el("input", { type: "checkbox", "data-variant": v.name });
    box.checked = v.enabled;
    box.addEventListener("change", async () => {
      try { renderVariants(await call("PUT", `/scenarios/${scenario}/variants/${v.name}`, { enabled: box.checked })); }
      catch (e) { say(e.message, "error"); }
    });
    return el("label", { class: "variant", title: v.description }, box, ` ${v.name}`, el("br"));
  }));
}

function renderEdits(edits) {
  $("edits").replaceChildren(...edits.map((text, i) => el("li", {}, text, " ",
    el("button", { type: "button", class: "remove", text: "×", title: "remove", onclick: async () => {
      renderEdits(await call("DELETE", `/scenarios/${scenario}/edits/${i}`));
    } }))));
}

let completion = { from: 0, items: [] };
let active = -1;

async function suggest() {
  const text = $("edit").value;
  try {
    completion = await call("GET", `/scenarios/${scenario}/complete?text=${encodeURIComponent(text)}`);
  } catch (_) { completion = { from: 0, items: [] }; }
  active = -1;
  $("suggestions").replaceChildren(...completion.items.map((item) =>
    el("li", { role: "option", text: item, onmousedown: (e) => { e.preventDefault(); choose(item); } })));
}

function choose(item) {
  const input = $("edit");
  input.value = input.value.slice(0, completion.from) + item;
  input.focus();
  suggest();
}

function keys(e) {
  const items = $("suggestions").children;
  if (!items.length) return;
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault();
    active = (active + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
    for (let i = 0; i < items.length; i++) items[i].classList.toggle("active", i === active);
  } else if ((e.key === "Tab" || e.key === "Enter") && active >= 0) {
    e.preventDefault();
    choose(items[active].textContent);
  } else if (e.key === "Escape") {
    $("suggestions").replaceChildren();
  }
}

async function addEdit(e) {
  e.preventDefault();
  $("edit-error").textContent = "";
  try {
    renderEdits(await call("POST", `/scenarios/${scenario}/edits`, { edit: $("edit").value }));
    $("edit").value = "";
    $("suggestions").replaceChildren();
  } catch (err) { $("edit-error").textContent = err.message; }
}

// ---- planning -----------------------------------------------------------------------------

function busy(on) {
  $("plan").disabled = on || !valid;
  $("compare").disabled = on;
}

async function plan() {
  busy(true);
  say("queued…");
  try {
    const job = await call("POST", `/scenarios/${scenario}/jobs`, {});
    const done = await follow(job.id);
    if (done.status === "done") await showPlan(done.plan);
    else if (done.status === "failed") say(done.error ? done.error.message + (done.error.help ? " — " + done.error.help : "") : "failed", "error");
    else say("cancelled");
  } catch (e) { say(e.message, "error"); }
  busy(false);
}

// Follows a job's server-sent events until it has finished.
function follow(id) {
  return new Promise((resolve) => {
    const events = new EventSource(`${api}/jobs/${id}/events`);
    const cancel = el("button", { type: "button", text: "Cancel", onclick: () => call("DELETE", `/jobs/${id}`) });
    events.addEventListener("job", (e) => {
      const s = JSON.parse(e.data);
      if (s.status === "running") {
        say(`solving${s.step ? ": " + s.step : ""}${s.iterations ? ", " + s.iterations + " iterations" : ""} `);
        $("status").append(cancel);
      } else if (s.status === "queued") say("waiting for a solver… ");
      if (["done", "failed", "cancelled"].includes(s.status)) {
        events.close();
        resolve(s);
      }
    });
    events.onerror = () => {
      events.close();
      call("GET", `/jobs/${id}`).then(resolve, () => resolve({ status: "failed" }));
    };
  });
}

async function showPlan(id) {
  const p = await call("GET", `/plans/${id}`);
  const what = p.variants.concat(p.edits).join(", ");
  say(`plan ${p.id}${what ? " with " + what : ""}${p.missed_commitments ? " (misses hard commitments: best effort)" : ""}`, "done");
  const before = previous && previous.scenario === p.scenario ? previous.values : null;
  const values = {};
  const head = el("tr", {}, el("th"), el("th", { text: "this plan" }), el("th", { text: before ? "change" : "" }));
  $("figures").replaceChildren(head, ...HEADLINES.map(([field, label]) => {
    const f = p.figures.find((x) => x.field === field);
    if (f) values[field] = f.value;
    const d = f && before && field in before ? f.value - before[field] : null;
    const change = d === null || Math.abs(d) < 1e-9 * Math.max(1, Math.abs(f.value)) ? "" : (d > 0 ? "+" : "−") + human(Math.abs(d));
    return el("tr", {}, el("td", { text: label }),
      el("td", { class: "value", "data-field": field, "data-value": f ? String(f.value) : "", text: f ? human(f.value) : "–" }),
      el("td", { class: "value change", text: change }));
  }));
  previous = { scenario: p.scenario, values };
  $("downloads").replaceChildren(...p.files.map((f) =>
    el("a", { class: "button", href: `${api}/plans/${p.id}/${f}`, "data-file": f, download: f === "report.html" ? "" : f, text: f })));
  const frame = $("report");
  frame.src = `${api}/plans/${p.id}/report.html`;
  frame.hidden = false;
}

async function compare() {
  busy(true);
  say("solving the base and the variants…");
  try {
    const c = await call("POST", `/scenarios/${scenario}/compare`, {});
    say(`compared ${c.comparison.scenarios.map((s) => s.name).join(", ")}`, "done");
    $("downloads").replaceChildren(...c.files.map((f) =>
      el("a", { class: "button", href: `${api}/plans/${c.id}/${f}`, "data-file": f, text: f })));
    const frame = $("report");
    frame.src = `${api}/plans/${c.id}/compare.html`;
    frame.hidden = false;
  } catch (e) { say(e.message, "error"); }
  busy(false);
}

// ---- upload -------------------------------------------------------------------------------

async function upload() {
  const file = $("upload").files[0];
  if (!file) return;
  try {
    const r = await fetch(`${api}/scenarios?name=${encodeURIComponent(file.name)}`, { method: "POST", body: file });
    const j = await r.json();
    if (!r.ok) throw new Error(j.error.message + (j.error.help ? " — " + j.error.help : ""));
    await loadScenarios(j.id);
    say(`opened ${file.name}${j.skipped.length ? "; skipped " + j.skipped.join(", ") : ""}`);
  } catch (e) { say(e.message, "error"); }
  $("upload").value = "";
}

$("scenario").addEventListener("change", () => openScenario($("scenario").value));
$("upload").addEventListener("change", upload);
$("add-row").addEventListener("click", addRow);
$("edit").addEventListener("input", suggest);
$("edit").addEventListener("focus", suggest);
$("edit").addEventListener("blur", () => setTimeout(() => $("suggestions").replaceChildren(), 150));
$("edit").addEventListener("keydown", keys);
$("edit-form").addEventListener("submit", addEdit);
$("plan").addEventListener("click", plan);
$("compare").addEventListener("click", compare);
loadScenarios().catch((e) => say(e.message, "error"));
