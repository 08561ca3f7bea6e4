// govstat serve: the page. Plain script, nothing fetched but this server's own API.
// Every request carries the token: in the X-Govstat-Token header for the API, in the query
// for downloads (and the cookie the page load set, for anything else).
"use strict";

const TOKEN = new URLSearchParams(location.search).get("token") || "";

const WORDS = {
  zh: {
    title: "政府信息公开统计表检查", template: "空白模板", download: "下载",
    drop: "将统计表拖到这里", choose: "选择文件",
    formats: "支持 Excel（.xlsx .xls）、WPS、.ods、.csv、Word、网页、PDF、文本；一次放入多个文件或一个 .zip 压缩包，即按多个单位检查并汇总。",
    previous: "上年统计表（可选，用于核对结转）", clear: "清除", busy: "正在检查…",
    units: "各单位", compile: "下载汇总表（xlsx）",
    units_hint: "点击一行查看该单位的统计表。汇总只计入通过检查的单位；表式不同或同一单位重复时拒绝汇总。",
    file: "文件", agency: "填报单位", year: "年度", form: "表式", errors: "错误", warnings: "警告",
    status: "状态", back: "← 返回单位列表", dl_xlsx: "下载更正后的统计表（xlsx）",
    dl_docx: "检查报告（Word）", dl_html: "检查报告（HTML）",
    click_cell: "点击表中的单元格，查看它涉及的问题并修改数值。", findings: "发现的问题",
    footer: "只在本机运行，不连接网络；上传的文件读取后即删除，原文件不会被修改。",
    ok: "通过", fail: "未通过", unreadable: "无法读取",
    error: "错误", warning: "警告", info: "提示", unchecked: "无法检查",
    clean: "未发现问题", no_errors: "没有错误", cell: "单元格", value_now: "现值", value_read: "原值",
    recheck: "重新检查", undo: "恢复原值", edited: "已修改",
    reported: "填报值", computed: "计算值", difference: "相差",
    hints: "建议（仅供参考，不是更正）", no_findings_cell: "此单元格没有问题。",
    blank: "（空白）", too_large: "文件超过 {mb} MB 的上限，未上传。",
    compiled: "已汇总 {n} 个单位：{names}。", left_out: "未纳入（未通过检查）：{names}。",
    not_checkable_n: "{n} 项规则因缺少数据无法检查",
    counts: "{e} 个错误 · {w} 个警告 · {i} 个提示", notes: "说明",
    edit_hint: "改后按回车或点「重新检查」，问题即时更新；原文件不会被修改。",
  },
  en: {
    title: "Disclosure statistics table check", template: "Blank template", download: "Download",
    drop: "Drop a table here", choose: "Choose files",
    formats: "Excel (.xlsx .xls), WPS, .ods, .csv, Word, web pages, PDF, text. Several files or one .zip are checked as units and can be compiled.",
    previous: "Last year's table (optional, for carry-overs)", clear: "clear", busy: "Checking…",
    units: "Units", compile: "Download the compiled table (xlsx)",
    units_hint: "Click a row to see that unit's table. Only units that pass are compiled; units of different forms or a unit given twice are refused.",
    file: "File", agency: "Agency", year: "Year", form: "Form", errors: "Errors", warnings: "Warnings",
    status: "Status", back: "← Back to the units", dl_xlsx: "Download the corrected table (xlsx)",
    dl_docx: "Report (Word)", dl_html: "Report (HTML)",
    click_cell: "Click a cell of the table to see its findings and change its value.",
    findings: "Findings",
    footer: "Runs on this computer only, offline; uploads are deleted once read and your file is never changed.",
    ok: "passes", fail: "fails", unreadable: "cannot be read",
    error: "error", warning: "warning", info: "note", unchecked: "not checkable",
    clean: "No findings", no_errors: "No errors", cell: "Cell", value_now: "Value", value_read: "As read",
    recheck: "Check again", undo: "Restore", edited: "edited",
    reported: "reported", computed: "computed", difference: "difference",
    hints: "Suggestions (not corrections)", no_findings_cell: "No finding names this cell.",
    blank: "(blank)", too_large: "The files exceed the limit of {mb} MB; nothing was uploaded.",
    compiled: "Compiled {n} units: {names}.", left_out: "Left out (do not pass): {names}.",
    not_checkable_n: "{n} checks not possible for missing data",
    counts: "errors: {e} · warnings: {w} · notes: {i}", notes: "Notes",
    edit_hint: "Press Enter or “Check again”: the findings update at once; your file is never changed.",
  },
};

const state = { lang: "zh", config: null, entry: null, selected: null, focus: [], units: [] };

const $ = (id) => document.getElementById(id);
const t = (key, values) => {
  let text = WORDS[state.lang][key] || key;
  for (const [k, v] of Object.entries(values || {})) text = text.replace(`{${k}}`, v);
  return text;
};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function withToken(url) {
  const sep = url.includes("?") ? "&" : "?";
  return `${url}${sep}lang=${state.lang}&token=${encodeURIComponent(TOKEN)}`;
}

async function api(url, options) {
  const opts = options || {};
  opts.headers = Object.assign({ "X-Govstat-Token": TOKEN }, opts.headers || {});
  const sep = url.includes("?") ? "&" : "?";
  const response = await fetch(`${url}${sep}lang=${state.lang}`, opts);
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) throw new Error((body && body.error) || `HTTP ${response.status}`);
  return body;
}

// Messages and the busy line ------------------------------------------------------------------

function say(text, kind) {
  const box = $("message");
  box.textContent = text || "";
  box.className = `message ${kind || "error"}`;
  box.hidden = !text;
}

async function busy(work) {
  $("busy").hidden = false;
  say("");
  try { return await work(); }
  catch (error) { say(error.message, "error"); return null; }
  finally { $("busy").hidden = true; }
}

// Uploads -------------------------------------------------------------------------------------

function tooLarge(files) {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const limit = state.config ? state.config.max_upload : Infinity;
  if (total <= limit) return false;
  say(t("too_large", { mb: Math.round(limit / 1048576) }), "error");
  return true;
}

async function upload(fileList) {
  const files = Array.from(fileList);
  if (!files.length) return;
  const previous = $("previous").files[0];
  if (tooLarge(previous ? files.concat([previous]) : files)) return;
  const many = files.length > 1 || /\.zip$/i.test(files[0].name);
  if (many) {
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    const answer = await busy(() => api("api/units", { method: "POST", body: form }));
    if (answer) showUnits(answer.units);
    return;
  }
  const form = new FormData();
  form.append("file", files[0], files[0].name);
  if (previous) form.append("previous", previous, previous.name);
  const answer = await busy(() => api("api/check", { method: "POST", body: form }));
  if (answer) { state.units = []; $("units").hidden = true; showEntry(answer); }
}

// Many units ----------------------------------------------------------------------------------

function showUnits(units) {
  state.units = units;
  state.entry = null;
  $("sheet").hidden = true;
  $("units").hidden = false;
  $("compile-result").textContent = "";
  drawUnits();
}

function drawUnits() {
  const body = $("unit-list").tBodies[0];
  body.replaceChildren();
  for (const unit of state.units) {
    const status = el("span", { class: `status ${unit.status}`, text: t(unit.status) });
    const row = el("tr", { class: unit.id ? "clickable" : "", "data-unit": unit.id || "" },
      el("td", { text: unit.file }),
      el("td", { text: unit.agency || "—" }),
      el("td", { text: unit.year || "—" }),
      el("td", { text: unit.form || "—" }),
      el("td", { class: "num", text: unit.id ? unit.errors : "" }),
      el("td", { class: "num", text: unit.id ? unit.warnings : "" }),
      el("td", {}, status, unit.message ? el("div", { class: "why", text: unit.message }) : null));
    if (unit.id) row.addEventListener("click", () => openUnit(unit.id));
    body.append(row);
  }
}

async function openUnit(id) {
  const answer = await busy(() => api(`api/tables/${id}`));
  if (answer) showEntry(answer);
}

async function compileUnits() {
  const ids = state.units.filter((u) => u.id).map((u) => u.id);
  const answer = await busy(() => api("api/compile", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ids }),
  }));
  if (!answer) return;
  let text = t("compiled", { n: answer.included.length, names: answer.included.join("、") });
  if (answer.left_out.length) text += " " + t("left_out", { names: answer.left_out.join("、") });
  $("compile-result").textContent = text;
  const link = el("a", { href: withToken(`api/tables/${answer.id}/xlsx`), download: "" });
  document.body.append(link);
  link.click();
  link.remove();
}

// One table -----------------------------------------------------------------------------------

function showEntry(answer) {
  state.entry = answer;
  $("drop").classList.add("small");
  $("units").hidden = true;
  $("sheet").hidden = false;
  $("back").hidden = state.units.length === 0;
  drawEntry();
}

function marks(report) {
  // indicator → {severity, numbers} of the checkable findings naming it in this table
  const rank = { error: 3, warning: 2, info: 1 };
  const out = {};
  ordered(report).forEach((finding, index) => {
    if (!finding.checkable) return;
    for (const cell of finding.cells) {
      if (cell.cell && cell.cell.file) continue; // last year's table
      const mark = out[cell.indicator] || { severity: finding.severity, numbers: [] };
      if (rank[finding.severity] > rank[mark.severity]) mark.severity = finding.severity;
      if (!mark.numbers.includes(index + 1)) mark.numbers.push(index + 1);
      out[cell.indicator] = mark;
    }
  });
  return out;
}

function ordered(report) {
  const order = ["error", "warning", "info"];
  const checked = order.flatMap((s) => report.findings.filter((f) => f.checkable && f.severity === s));
  return checked.concat(report.findings.filter((f) => !f.checkable));
}

function place(cell) {
  if (!cell) return "—";
  const c = cell;
  const zh = state.lang === "zh";
  let where;
  if (c.table !== undefined) {
    where = zh ? `${c.page ? `第${c.page}页 ` : ""}表${c.table} 第${c.row}行${c.column ? `第${c.column}列` : ""}`
      : `${c.page ? `page ${c.page}, ` : ""}table ${c.table} row ${c.row}${c.column ? ` column ${c.column}` : ""}`;
  } else if (c.line !== undefined) {
    where = zh ? `第${c.line}行${c.column ? `第${c.column}栏` : ""}` : `line ${c.line}${c.column ? ` field ${c.column}` : ""}`;
  } else if (c.paragraph !== undefined) {
    where = zh ? `第${c.paragraph}段` : `paragraph ${c.paragraph}`;
  } else {
    where = `${c.sheet}!${c.address}`;
  }
  return c.file ? `${c.file}: ${where}` : where;
}

function drawEntry() {
  const { report, layout, changes } = state.entry;
  const meta = report.metadata;
  $("sheet-title").textContent = state.entry.name;
  const sep = state.lang === "zh" ? "：" : ": ";
  $("sheet-meta").textContent = [
    `${t("form")}${sep}${state.entry.form}`,
    `${t("agency")}${sep}${meta.agency || "—"}`,
    `${t("year")}${sep}${meta.year || "—"}`,
  ].join("　");
  const c = report.counts;
  const pill = c.error ? `${c.error} ${t("error")}` : t("no_errors");
  const counts = [
    el("span", { class: `pill ${c.error ? "error" : "ok"}`, text: pill }),
    el("span", { class: "pill-line", text: t("counts", { e: c.error, w: c.warning, i: c.info }) }),
  ];
  if (c.not_checkable) {
    counts.push(el("span", { class: "pill-line muted", text: t("not_checkable_n", { n: c.not_checkable }) }));
  }
  for (const note of report.notes) counts.push(el("div", { class: "note", text: `${t("notes")}${sep}${note}` }));
  $("counts").replaceChildren(...counts);
  const id = state.entry.id;
  $("download-xlsx").href = withToken(`api/tables/${id}/xlsx`);
  $("download-docx").href = withToken(`api/tables/${id}/docx`);
  $("download-html").href = withToken(`api/tables/${id}/html`);
  drawTable(layout, report, changes);
  drawFindings(report);
  drawCell();
}

function drawTable(layout, report, changes) {
  const address = {};
  for (const v of report.values) if (v.cell) address[v.indicator] = v.cell;
  const marked = marks(report);
  const box = $("table");
  box.replaceChildren();
  for (const part of layout) {
    if (part.kind === "line") {
      const tag = part.style === "title" ? "h3" : part.style === "heading" ? "h4" : "p";
      box.append(el(tag, { class: `form-${part.style}`, text: part.text }));
      continue;
    }
    const table = el("table", { class: "form" });
    for (const row of part.rows) {
      const tr = el("tr");
      for (const b of row) {
        const tag = b.role === "head" ? "th" : "td";
        const classes = [];
        if (b.shade) classes.push("shade");
        if (b.bold) classes.push("bold");
        if (b.role === "value" || b.role === "mark") classes.push(b.role);
        else if (b.align === "center") classes.push("center");
        const cell = el(tag, { rowspan: b.rowspan > 1 ? b.rowspan : null, colspan: b.colspan > 1 ? b.colspan : null });
        cell.textContent = b.text;
        if (b.indent) cell.style.paddingLeft = `${0.4 + b.indent * 1.1}em`;
        if (b.indicator && (b.role === "value" || b.role === "mark")) {
          cell.dataset.indicator = b.indicator;
          const where = address[b.indicator];
          if (where && !where.file) cell.dataset.address = where.address;
          if (where) cell.title = place(where);
          const mark = marked[b.indicator];
          if (mark) {
            classes.push(`sev-${mark.severity}`);
            cell.append(el("sup", { class: "ref", text: mark.numbers.join(",") }));
          }
          if (b.indicator in changes) classes.push("edited");
          if (state.selected === b.indicator) classes.push("selected");
          if (state.focus.includes(b.indicator)) classes.push("focus");
          cell.tabIndex = 0;
          cell.addEventListener("click", () => select(b.indicator));
          cell.addEventListener("keydown", (e) => { if (e.key === "Enter") select(b.indicator); });
        }
        if (classes.length) cell.className = classes.join(" ");
        tr.append(cell);
      }
      table.append(tr);
    }
    box.append(table);
  }
}

function cellName(indicator, label, column) {
  // the cell's name in the page's language; the report holds the official Chinese labels
  const names = (state.entry && state.entry.names) || {};
  return names[indicator] || (column ? `${label}（${column}）` : label);
}

function findingItem(finding, number) {
  const kind = finding.checkable ? finding.severity : "unchecked";
  const item = el("li", { class: `finding ${kind}`, "data-rule": finding.rule },
    el("div", { class: "finding-head" },
      el("span", { class: `badge ${kind}`, text: t(kind) }),
      el("span", { class: "rule", text: finding.rule }),
      number ? el("span", { class: "number", text: `#${number}` }) : null),
    el("div", { class: "finding-message", text: finding.message }));
  if (finding.reported !== null && finding.computed !== null) {
    item.append(el("div", { class: "figures" },
      el("span", { text: `${t("reported")} ${finding.reported}` }),
      el("span", { text: `${t("computed")} ${finding.computed}` }),
      finding.difference !== null ? el("span", { text: `${t("difference")} ${finding.difference}` }) : null));
  }
  const cells = el("ul", { class: "cells" });
  for (const cell of finding.cells) {
    const prose = cell.cell && cell.cell.paragraph !== undefined;
    if (prose) {
      cells.append(el("li", { class: "prose" }, el("span", { class: "where", text: place(cell.cell) }),
        el("blockquote", { text: cell.value })));
      continue;
    }
    const name = cellName(cell.indicator.replace(/^prev:/, ""), cell.label, cell.column);
    cells.append(el("li", {}, el("span", { class: "where", text: place(cell.cell) }),
      ` ${name} = `, el("b", { text: cell.value === "" ? t("blank") : cell.value })));
  }
  item.append(cells);
  if (finding.hints && finding.hints.length) {
    const hints = el("div", { class: "hints" }, el("div", { class: "hints-head", text: t("hints") }));
    const list = el("ol");
    for (const hint of finding.hints) list.append(el("li", { text: hint.message }));
    hints.append(list);
    item.append(hints);
  }
  item.addEventListener("click", () => {
    state.focus = finding.cells.filter((c) => !(c.cell && c.cell.file)).map((c) => c.indicator);
    drawTable(state.entry.layout, state.entry.report, state.entry.changes);
    const first = document.querySelector("#table td.focus");
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  });
  return item;
}

function drawFindings(report) {
  const list = $("findings");
  list.replaceChildren();
  const findings = ordered(report);
  if (!findings.some((f) => f.checkable)) list.append(el("li", { class: "clean", text: t("clean") }));
  findings.forEach((f, i) => list.append(findingItem(f, i + 1)));
}

function select(indicator) {
  state.selected = indicator;
  state.focus = [];
  drawTable(state.entry.layout, state.entry.report, state.entry.changes);
  drawCell();
  const input = $("cell-value");
  if (input) { input.focus(); input.select(); }
}

function drawCell() {
  const panel = $("cell-panel");
  const indicator = state.selected;
  const { report, changes } = state.entry;
  const value = report.values.find((v) => v.indicator === indicator);
  if (!indicator || !value) {
    panel.replaceChildren(el("p", { class: "hint", text: t("click_cell") }));
    return;
  }
  const name = cellName(indicator, value.label, value.column);
  const input = el("input", { id: "cell-value", type: "text", value: value.text, autocomplete: "off",
    "aria-label": name });
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") apply(indicator, input.value); });
  const head = el("div", { class: "cell-head" },
    el("div", { class: "cell-where", text: `${t("cell")} ${place(value.cell)}` }),
    el("div", { class: "cell-name", text: name }));
  const editor = el("div", { class: "editor" }, input,
    el("button", { type: "button", class: "button", id: "recheck", text: t("recheck"),
      onclick: () => apply(indicator, input.value) }),
    indicator in changes ? el("button", { type: "button", class: "button light", text: t("undo"),
      onclick: () => apply(indicator, null) }) : null);
  const nodes = [head, editor, el("p", { class: "hint", text: t("edit_hint") })];
  const own = ordered(report).map((f, i) => [f, i + 1])
    .filter(([f]) => f.cells.some((c) => c.indicator === indicator && !(c.cell && c.cell.file)));
  if (!own.length) nodes.push(el("p", { class: "ok-line", text: t("no_findings_cell") }));
  const list = el("ol", { class: "findings own" });
  for (const [f, n] of own) list.append(findingItem(f, n));
  nodes.push(list);
  panel.replaceChildren(...nodes);
}

async function apply(indicator, text) {
  const changes = Object.assign({}, state.entry.changes);
  if (text === null) delete changes[indicator];
  else changes[indicator] = text;
  const id = state.entry.id;
  const answer = await busy(() => api(`api/tables/${id}`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ changes }),
  }));
  if (answer) {
    state.entry = answer;
    drawEntry();
    const unit = state.units.find((u) => u.id === id);
    if (unit) {
      unit.errors = answer.report.counts.error;
      unit.warnings = answer.report.counts.warning;
      unit.status = answer.report.counts.error ? "fail" : "ok";
    }
  }
}

// Language, templates, start ------------------------------------------------------------------

function drawWords() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-word]")) node.textContent = t(node.dataset.word);
  $("lang-zh").classList.toggle("on", state.lang === "zh");
  $("lang-en").classList.toggle("on", state.lang === "en");
  if (state.units.length) drawUnits();
}

async function setLang(lang) {
  state.lang = lang;
  drawWords();
  if (state.entry) {
    const answer = await busy(() => api(`api/tables/${state.entry.id}`));
    if (answer) { state.entry = answer; drawEntry(); }
  }
}

function templateLink() {
  $("template-link").href = withToken(`api/templates/${$("template-form").value}`);
}

async function start() {
  // Handlers first, so that a file dropped while the settings load is not lost.
  $("files").addEventListener("change", (e) => { upload(e.target.files); e.target.value = ""; });
  $("previous").addEventListener("change", (e) => {
    const file = e.target.files[0];
    $("previous-name").textContent = file ? file.name : "";
    $("previous-clear").hidden = !file;
  });
  $("previous-clear").addEventListener("click", () => {
    $("previous").value = ""; $("previous-name").textContent = ""; $("previous-clear").hidden = true;
  });
  const drop = $("drop");
  for (const name of ["dragenter", "dragover"]) {
    document.addEventListener(name, (e) => { e.preventDefault(); drop.classList.add("over"); });
  }
  document.addEventListener("dragleave", (e) => { if (!e.relatedTarget) drop.classList.remove("over"); });
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer && e.dataTransfer.files.length) upload(e.dataTransfer.files);
  });
  $("compile").addEventListener("click", compileUnits);
  $("back").addEventListener("click", () => {
    state.entry = null; state.selected = null;
    $("sheet").hidden = true; $("units").hidden = false; drawUnits();
  });
  $("lang-zh").addEventListener("click", () => setLang("zh"));
  $("lang-en").addEventListener("click", () => setLang("en"));
  drawWords();
  try { state.config = await api("api/config"); }
  catch (error) { say(error.message, "error"); return; }
  const select = $("template-form");
  for (const form of state.config.forms) {
    select.append(el("option", { value: form.id, text: `${form.id}（${form.years}）` }));
  }
  select.value = state.config.forms[state.config.forms.length - 1].id;
  select.addEventListener("change", templateLink);
  templateLink();
  document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", start);
