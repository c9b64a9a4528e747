// Assignment links: everything is in the link (no server, no accounts). An instructor builds a
// link; a student opening it sees a checklist ticked from their own progress in this browser.
// Everything taken from a link is shown as text, never as HTML.

import * as storage from "./storage.mjs";
import { isRealDate } from "./records.mjs";
import { chapterProgress, download, escapeMarkdown } from "./reader.mjs";

const FORMAT = 1;
const LIMITS = { course: 120, note: 1000, items: 200, link: 16_000 };
const FIELDS = new Set(["v", "course", "due", "note", "items"]);

// Reading state ---------------------------------------------------------------------------

function checksum(text) {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0), 16777619);
  return (h >>> 0).toString(36);
}

function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(code) {
  const binary = atob(code.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The fragment of an assignment link for `assignment` ({course, due, note, items}). */
export function encodeAssignment(assignment) {
  const payload = toBase64Url(JSON.stringify({ v: FORMAT, ...assignment }));
  return `a=${payload}.${checksum(payload)}`;
}

/** Read a link's fragment: {ok: true, assignment} or {ok: false, message}. Only the fields the
 * book understands are kept; anything else in the link is ignored, never stored. */
export function decodeAssignment(fragment, catalog, practiceCatalog = {}) {
  const fail = (message) => ({ ok: false, message });
  const again = "Ask your instructor to send it again.";
  if (typeof fragment !== "string" || fragment.length > LIMITS.link) return fail(`This assignment link is too long to be one made by this book. ${again}`);
  const match = /^#?a=([A-Za-z0-9_-]+)\.([a-z0-9]+)$/.exec(fragment.trim());
  if (!match) return fail(`This assignment link is incomplete or damaged. ${again}`);
  const [, payload, sum] = match;
  if (checksum(payload) !== sum) return fail(`This assignment link has been changed or damaged since it was made. ${again}`);
  let data;
  try {
    data = JSON.parse(fromBase64Url(payload));
  } catch (error) {
    return fail(`This assignment link cannot be read. ${again}`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return fail(`This assignment link cannot be read: it holds no assignment. ${again}`);
  if (data.v !== FORMAT) return fail("This assignment link was made by another version of the book and cannot be read here.");
  const { course = "", due = "", note = "", items } = data;
  if (typeof course !== "string" || course.length > LIMITS.course) return fail("This assignment link has no valid course name.");
  if (typeof due !== "string" || (due && !isRealDate(due))) return fail("This assignment link has a due date that is not a real date (it should look like 2026-12-31).");
  if (typeof note !== "string" || note.length > LIMITS.note) return fail("This assignment link has an invalid note.");
  if (!Array.isArray(items) || items.length === 0 || items.length > LIMITS.items) return fail("This assignment link lists nothing to do.");
  const known = knownItems(catalog, practiceCatalog);
  const unknown = items.filter((item) => typeof item !== "string" || !known.has(item));
  if (unknown.length) return fail("This assignment link names parts of the book that do not exist (perhaps it was made for another edition).");
  const ignored = Object.keys(data).filter((key) => !FIELDS.has(key));
  const assignment = { course, due, note, items: [...new Set(items)] };
  return { ok: true, assignment, ignored, fragment: encodeAssignment(assignment) };
}

function knownItems(catalog, practiceCatalog = {}) {
  const known = new Set();
  for (const [bank, chapter] of Object.entries(catalog)) {
    known.add(`read:${bank}`);
    known.add(`quiz:${bank}`);
    for (const r of chapter.reflections) known.add(`reflection:${r.id}`);
  }
  for (const [id, exercise] of Object.entries(practiceCatalog)) {
    known.add(`practice:${id}`);
    known.add(`skill:${exercise.skill}`);
  }
  return known;
}

/** Each assigned item with a label, a link and whether the reader has done it. */
export function assignmentStatus(assignment, catalog, practiceCatalog = {}) {
  return assignment.items.map((item) => {
    const [kind, id] = item.split(/:(.*)/s);
    if (kind === "reflection") {
      const [bank, chapter] = Object.entries(catalog).find(([, c]) => c.reflections.some((r) => r.id === id));
      const reflection = chapter.reflections.find((r) => r.id === id);
      const text = storage.get("reflection", id)?.text ?? "";
      return { item, kind, bank, label: `Chapter ${chapter.chapter}: reflection “${reflection.title}”`, href: `${chapter.href}#reflection-${id}`, done: text.trim() !== "", text, title: reflection.title };
    }
    if (kind === "practice" || kind === "skill") {
      const exercises = Object.entries(practiceCatalog).filter(([eid, ex]) => (kind === "practice" ? eid === id : ex.skill === id));
      const first = exercises[0][1];
      const answered = exercises.flatMap(([eid, ex]) => Object.keys(ex.levels).map((level) => storage.get("practice", `${eid}/${level}`)))
        .filter((p) => p && (p.history.length || p.text.trim()));
      const label = kind === "practice" ? `Practice: ${first.skillTitle}, “${first.title}”` : `Practice: ${first.skillTitle} (any exercise)`;
      const responses = answered.map((p) => p.history[p.history.length - 1]?.text ?? p.text);
      return { item, kind, label, href: first.href, done: answered.length > 0, detail: answered.length ? ` (${answered.length} ${answered.length === 1 ? "response" : "responses"})` : "", responses, title: label };
    }
    const chapter = catalog[id];
    const progress = chapterProgress(id, chapter.questions, [], []);
    if (kind === "read") {
      return { item, kind, bank: id, label: `Read Chapter ${chapter.chapter}: ${chapter.title}`, href: chapter.href, done: Boolean(progress.visit) };
    }
    const score = progress.score;
    const answered = score?.checked ?? 0;
    const revealed = score?.revealed ?? 0;
    const done = answered >= chapter.questions;
    const first = score?.first ?? score?.correct ?? 0;
    const detail = score
      ? ` (right first try: ${first} of ${chapter.questions}; right after retries: ${Math.max(0, (score.correct ?? 0) - first)}${revealed ? `; ${revealed} only revealed with Show answer` : ""})`
      : "";
    const state = done ? "done" : revealed && answered + revealed >= chapter.questions ? "revealed" : "todo";
    return { item, kind, bank: id, label: `Chapter ${chapter.chapter} self-check quiz`, detail, href: `${chapter.href}#self-check-quiz`, done, state, score };
  });
}

/** The completion summary as Markdown; reflections only when the student includes them. */
export function summaryMarkdown(assignment, rows, includeReflections, now = new Date(), student = "") {
  const lines = [
    "# Assignment completion summary: The Therapeutic Alliance",
    "",
    `- Student: ${escapeMarkdown(student || "(not given)")}`,
    `- Course: ${escapeMarkdown(assignment.course || "(none given)")}`,
    `- Due: ${assignment.due || "(no date)"}`,
    `- Summary made: ${now.toISOString().slice(0, 10)}`,
    `- Completed: ${rows.filter((r) => r.done).length} of ${rows.length}`,
    "",
  ];
  for (const row of rows) {
    const mark = row.done ? "x" : " ";
    const note = row.state === "revealed" ? " (answers revealed with Show answer, not attempted)" : "";
    lines.push(`- [${mark}] ${escapeMarkdown(row.label + (row.detail ?? ""))}${note}`);
  }
  if (includeReflections) {
    for (const row of rows.filter((r) => r.kind === "reflection" && r.done)) {
      lines.push("", `## ${escapeMarkdown(row.title)}`, "", ...escapeMarkdown(row.text).split("\n").map((l) => `> ${l}`));
    }
    for (const row of rows.filter((r) => (r.kind === "practice" || r.kind === "skill") && r.done)) {
      lines.push("", `## ${escapeMarkdown(row.title)}`);
      for (const text of row.responses) lines.push("", ...escapeMarkdown(text).split("\n").map((l) => `> ${l}`));
    }
  }
  return lines.join("\n") + "\n";
}

// Touching the DOM ------------------------------------------------------------------------

const catalogOf = (element) => JSON.parse(element.dataset.catalog);
const practiceOf = (element) => JSON.parse(element.dataset.practiceCatalog || "{}");

function textElement(tag, text, className) {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

function mountBuilder(root) {
  const form = root.querySelector("[data-assignment-builder]:not([data-ready])");
  if (!form) return;
  form.dataset.ready = "";
  form.querySelector(".assign__nojs").hidden = true;
}

function build(form) {
  const status = form.querySelector("[data-assign-status]");
  const items = [...form.querySelectorAll("[data-item]:checked")].map((box) => box.value);
  if (!items.length) {
    status.textContent = "Choose at least one chapter, quiz, reflection or practice set to assign.";
    return;
  }
  const due = form.querySelector("#assign-due").value;
  if (due && !isRealDate(due)) {
    status.textContent = "The due date is not a real date; choose one from the date picker.";
    return;
  }
  const fragment = encodeAssignment({
    course: form.querySelector("#assign-course").value.trim().slice(0, LIMITS.course),
    due,
    note: form.querySelector("#assign-note").value.trim().slice(0, LIMITS.note),
    items,
  });
  const panel = new URL(form.dataset.panel, location.href);
  panel.hash = fragment;
  const output = form.querySelector("[data-assign-output]");
  output.hidden = false;
  form.querySelector("[data-assign-link]").value = panel.href;
  form.querySelector("[data-assign-open]").href = panel.href;
  status.textContent = `Link created for ${items.length} ${items.length === 1 ? "item" : "items"}. Copy it into your course site.`;
  form.querySelector("[data-assign-link]").focus();
}

function renderPanel(panel) {
  const catalog = catalogOf(panel);
  const practice = practiceOf(panel);
  const message = panel.querySelector("[data-assignment-message]");
  const body = panel.querySelector("[data-assignment-body]");
  panel.querySelector(".assignment__nojs").hidden = true;
  const fragment = location.hash;
  let decoded;
  if (fragment) {
    decoded = decodeAssignment(fragment, catalog, practice);
    // Only what the book understands is stored, re-encoded from those fields alone.
    if (decoded.ok) storage.set("assignment", checksum(decoded.fragment), { fragment: decoded.fragment, ...decoded.assignment });
  } else {
    decoded = { ok: false, message: "This page shows an assignment when you open it from the link your instructor gave you. Your saved assignments are listed on My progress." };
  }
  message.hidden = decoded.ok;
  body.hidden = !decoded.ok;
  if (!decoded.ok) {
    message.replaceChildren(textElement("p", decoded.message));
    return;
  }
  const { assignment } = decoded;
  panel.assignment = assignment;
  const due = assignment.due ? new Date(`${assignment.due}T12:00:00`).toLocaleDateString(undefined, { dateStyle: "long" }) : "(no date)";
  body.querySelector('[data-field="course"]').textContent = assignment.course || "(none given)";
  body.querySelector('[data-field="due"]').textContent = due;
  body.querySelector('[data-field="note"]').textContent = assignment.note || "(none)";
  const name = body.querySelector("[data-student-name]");
  if (name && !name.value) name.value = storage.get("meta", "student-name", "");
  const rows = assignmentStatus(assignment, catalog, practice);
  const list = body.querySelector("[data-assignment-items]");
  list.replaceChildren(...rows.map((row) => {
    const li = document.createElement("li");
    li.dataset.done = String(row.done);
    const state = row.done ? "✓ Done: " : row.state === "revealed" ? "◐ Answers revealed, not attempted: " : "○ To do: ";
    li.append(textElement("span", state, "assignment__state"));
    const link = textElement("a", row.label);
    link.href = row.href;
    li.append(link);
    if (row.detail) li.append(document.createTextNode(row.detail));
    return li;
  }));
  body.querySelector("[data-assignment-count]").textContent = `${rows.filter((r) => r.done).length} of ${rows.length} done.`;
}

/** The one-page hand-in sheet, built from text (never HTML), then printed. */
function printSummary(panel) {
  const rows = assignmentStatus(panel.assignment, catalogOf(panel), practiceOf(panel));
  const include = panel.querySelector("[data-include-reflections]").checked;
  const student = panel.querySelector("[data-student-name]")?.value.trim() ?? "";
  const sheet = panel.querySelector("[data-assignment-print]");
  const facts = document.createElement("dl");
  facts.className = "handin__facts";
  for (const [term, value] of [["Student", student || "________________________"], ["Course", panel.assignment.course || "(none given)"],
    ["Due", panel.assignment.due || "(no date)"], ["Summary made", new Date().toISOString().slice(0, 10)],
    ["Completed", `${rows.filter((r) => r.done).length} of ${rows.length}`]]) {
    facts.append(textElement("dt", term), textElement("dd", value));
  }
  const list = document.createElement("ul");
  list.className = "handin__items";
  for (const row of rows) {
    const state = row.done ? "☑ Done" : row.state === "revealed" ? "◐ Revealed, not attempted" : "☐ Not done";
    const li = document.createElement("li");
    li.append(textElement("span", `${state}: `, "handin__state"), document.createTextNode(row.label + (row.detail ?? "")));
    list.append(li);
  }
  const parts = [textElement("h2", "Assignment completion summary"), textElement("p", "The Therapeutic Alliance: an interactive textbook", "handin__book"), facts, list];
  if (include) {
    for (const row of rows.filter((r) => r.done && (r.kind === "reflection" || r.kind === "practice" || r.kind === "skill"))) {
      parts.push(textElement("h3", row.title));
      const texts = row.kind === "reflection" ? [row.text] : row.responses;
      for (const text of texts) for (const para of text.split(/\n{2,}/)) parts.push(textElement("p", para, "handin__text"));
    }
  }
  sheet.replaceChildren(...parts);
  sheet.hidden = false;
  document.documentElement.classList.add("printing-handin");
  window.addEventListener("afterprint", () => document.documentElement.classList.remove("printing-handin"), { once: true });
  window.print();
}

/** Saved assignments, listed on My progress with their completion. */
function listOnProgress(root) {
  const holder = root.querySelector("[data-progress] [data-assignments]:not([data-ready])");
  if (!holder) return;
  holder.dataset.ready = "";
  const saved = storage.entries().filter(([key]) => key.startsWith("assignment/")).map(([, entry]) => entry.d);
  if (!saved.length) return;
  const catalog = JSON.parse(holder.dataset.catalog);
  const practice = practiceOf(holder);
  const heading = textElement("h2", "Your assignments");
  heading.id = "your-assignments";
  const list = document.createElement("ul");
  for (const assignment of saved) {
    const decoded = decodeAssignment(`#${assignment.fragment}`, catalog, practice);
    if (!decoded.ok) continue;
    const rows = assignmentStatus(decoded.assignment, catalog, practice);
    const li = document.createElement("li");
    const link = textElement("a", `${decoded.assignment.course || "Assignment"}${decoded.assignment.due ? `, due ${decoded.assignment.due}` : ""}`);
    link.href = `${holder.dataset.panel}#${assignment.fragment}`;
    li.append(link, document.createTextNode(`: ${rows.filter((r) => r.done).length} of ${rows.length} done`));
    list.append(li);
  }
  holder.replaceChildren(heading, list);
}

/** Per-page set-up; safe to call again after instant navigation. */
export function mountAssignments(root = document) {
  mountBuilder(root);
  for (const panel of root.querySelectorAll("[data-assignment-panel]")) renderPanel(panel);
  listOnProgress(root);
}

let bound = false;

/** Event handlers, bound once on the document. */
export function bindAssignmentEvents() {
  if (bound) return;
  bound = true;
  document.addEventListener("submit", (event) => {
    const form = event.target.closest?.("[data-assignment-builder]");
    if (!form) return;
    event.preventDefault();
    build(form);
  });
  document.addEventListener("input", (event) => {
    if (event.target.matches?.("[data-student-name]")) storage.set("meta", "student-name", event.target.value.slice(0, 200));
  });
  document.addEventListener("click", async (event) => {
    const button = event.target.closest?.("[data-assignment-builder] [data-action], [data-assignment-panel] [data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "copy-link") {
      const form = button.closest("[data-assignment-builder]");
      const link = form.querySelector("[data-assign-link]");
      link.select();
      const status = form.querySelector("[data-assign-status]");
      try {
        await navigator.clipboard.writeText(link.value);
        status.textContent = "Link copied to the clipboard.";
        button.textContent = "Copied";
        setTimeout(() => { button.textContent = "Copy link"; }, 2000);
      } catch (error) {
        status.textContent = "Press Ctrl+C (or Cmd+C) to copy the selected link.";
      }
      return;
    }
    const panel = button.closest("[data-assignment-panel]");
    if (!panel?.assignment) return;
    if (action === "print-summary") printSummary(panel);
    if (action === "download-summary") {
      const rows = assignmentStatus(panel.assignment, catalogOf(panel), practiceOf(panel));
      const include = panel.querySelector("[data-include-reflections]").checked;
      const student = panel.querySelector("[data-student-name]")?.value.trim() ?? "";
      download("assignment-summary.md", summaryMarkdown(panel.assignment, rows, include, new Date(), student), "text/markdown");
    }
  });
  window.addEventListener("hashchange", () => {
    for (const panel of document.querySelectorAll("[data-assignment-panel]")) renderPanel(panel);
  });
}
