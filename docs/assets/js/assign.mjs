// Assignment links: everything is in the link (no server, no accounts). An instructor builds a
// link; a student opening it sees a checklist ticked from their own progress in this browser.
// Everything taken from a link is shown as text, never as HTML.

import * as storage from "./storage.mjs";
import { chapterProgress, download, escapeMarkdown } from "./reader.mjs";

const FORMAT = 1;
const LIMITS = { course: 120, note: 1000, items: 200 };

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

/** Read a link's fragment: {ok: true, assignment} or {ok: false, message}. */
export function decodeAssignment(fragment, catalog) {
  const fail = (message) => ({ ok: false, message });
  const match = /^#?a=([A-Za-z0-9_-]+)\.([a-z0-9]+)$/.exec(fragment.trim());
  if (!match) return fail("This assignment link is incomplete or damaged. Ask your instructor to send it again.");
  const [, payload, sum] = match;
  if (checksum(payload) !== sum) return fail("This assignment link has been changed or damaged since it was made. Ask your instructor to send it again.");
  let data;
  try {
    data = JSON.parse(fromBase64Url(payload));
  } catch (error) {
    return fail("This assignment link cannot be read. Ask your instructor to send it again.");
  }
  if (!data || typeof data !== "object" || data.v !== FORMAT) return fail("This assignment link was made by another version of the book and cannot be read here.");
  const { course, due, note, items } = data;
  if (typeof course !== "string" || course.length > LIMITS.course) return fail("This assignment link has no valid course name.");
  if (typeof due !== "string" || (due && !/^\d{4}-\d{2}-\d{2}$/.test(due))) return fail("This assignment link has no valid due date.");
  if (typeof note !== "string" || note.length > LIMITS.note) return fail("This assignment link has an invalid note.");
  if (!Array.isArray(items) || items.length === 0 || items.length > LIMITS.items) return fail("This assignment link lists nothing to do.");
  const known = knownItems(catalog);
  const unknown = items.filter((item) => typeof item !== "string" || !known.has(item));
  if (unknown.length) return fail("This assignment link names parts of the book that do not exist (perhaps it was made for another edition).");
  return { ok: true, assignment: { course, due, note, items } };
}

function knownItems(catalog) {
  const known = new Set();
  for (const [bank, chapter] of Object.entries(catalog)) {
    known.add(`read:${bank}`);
    known.add(`quiz:${bank}`);
    for (const r of chapter.reflections) known.add(`reflection:${r.id}`);
  }
  return known;
}

/** Each assigned item with a label, a link and whether the reader has done it. */
export function assignmentStatus(assignment, catalog) {
  return assignment.items.map((item) => {
    const [kind, id] = item.split(/:(.*)/s);
    if (kind === "reflection") {
      const [bank, chapter] = Object.entries(catalog).find(([, c]) => c.reflections.some((r) => r.id === id));
      const reflection = chapter.reflections.find((r) => r.id === id);
      const text = storage.get("reflection", id)?.text ?? "";
      return { item, kind, bank, label: `Chapter ${chapter.chapter}: reflection “${reflection.title}”`, href: `${chapter.href}#reflection-${id}`, done: text.trim() !== "", text, title: reflection.title };
    }
    const chapter = catalog[id];
    const progress = chapterProgress(id, chapter.questions, [], []);
    if (kind === "read") {
      return { item, kind, bank: id, label: `Read Chapter ${chapter.chapter}: ${chapter.title}`, href: chapter.href, done: Boolean(progress.visit) };
    }
    const score = progress.score;
    const done = (score?.checked ?? 0) >= chapter.questions;
    const detail = score ? ` (last score ${score.last} of ${chapter.questions}, best ${score.best})` : "";
    return { item, kind, bank: id, label: `Chapter ${chapter.chapter} self-check quiz${detail}`, href: `${chapter.href}#self-check-quiz`, done, score };
  });
}

/** The completion summary as Markdown; reflections only when the student includes them. */
export function summaryMarkdown(assignment, rows, includeReflections, now = new Date()) {
  const lines = [
    "# Assignment completion summary: The Therapeutic Alliance",
    "",
    `- Course: ${escapeMarkdown(assignment.course || "(none given)")}`,
    `- Due: ${assignment.due || "(no date)"}`,
    `- Summary made: ${now.toISOString().slice(0, 10)}`,
    `- Completed: ${rows.filter((r) => r.done).length} of ${rows.length}`,
    "",
  ];
  for (const row of rows) lines.push(`- [${row.done ? "x" : " "}] ${escapeMarkdown(row.label)}`);
  if (includeReflections) {
    for (const row of rows.filter((r) => r.kind === "reflection" && r.done)) {
      lines.push("", `## ${escapeMarkdown(row.title)}`, "", ...escapeMarkdown(row.text).split("\n").map((l) => `> ${l}`));
    }
  }
  return lines.join("\n") + "\n";
}

// Touching the DOM ------------------------------------------------------------------------

const catalogOf = (element) => JSON.parse(element.dataset.catalog);

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
    status.textContent = "Choose at least one chapter, quiz or reflection to assign.";
    return;
  }
  const fragment = encodeAssignment({
    course: form.querySelector("#assign-course").value.trim().slice(0, LIMITS.course),
    due: form.querySelector("#assign-due").value,
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
  const message = panel.querySelector("[data-assignment-message]");
  const body = panel.querySelector("[data-assignment-body]");
  panel.querySelector(".assignment__nojs").hidden = true;
  const fragment = location.hash;
  let decoded;
  if (fragment) {
    decoded = decodeAssignment(fragment, catalog);
    if (decoded.ok) storage.set("assignment", checksum(fragment), { fragment: fragment.replace(/^#/, ""), ...decoded.assignment });
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
  body.querySelector('[data-field="course"]').textContent = assignment.course || "(none given)";
  body.querySelector('[data-field="due"]').textContent = assignment.due ? new Date(`${assignment.due}T12:00:00`).toLocaleDateString(undefined, { dateStyle: "long" }) : "(no date)";
  body.querySelector('[data-field="note"]').textContent = assignment.note || "(none)";
  const rows = assignmentStatus(assignment, catalog);
  const list = body.querySelector("[data-assignment-items]");
  list.replaceChildren(...rows.map((row) => {
    const li = document.createElement("li");
    li.dataset.done = String(row.done);
    li.append(textElement("span", row.done ? "✓ Done: " : "○ To do: ", "assignment__state"));
    const link = textElement("a", row.label);
    link.href = row.href;
    li.append(link);
    return li;
  }));
  body.querySelector("[data-assignment-count]").textContent = `${rows.filter((r) => r.done).length} of ${rows.length} done.`;
}

function printSummary(panel) {
  const rows = assignmentStatus(panel.assignment, catalogOf(panel));
  const include = panel.querySelector("[data-include-reflections]").checked;
  const area = panel.querySelector("[data-assignment-print]");
  const pre = textElement("pre", summaryMarkdown(panel.assignment, rows, include));
  area.replaceChildren(pre);
  area.hidden = false;
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
  const heading = textElement("h2", "Your assignments");
  heading.id = "your-assignments";
  const list = document.createElement("ul");
  for (const assignment of saved) {
    const decoded = decodeAssignment(`#${assignment.fragment}`, catalog);
    if (!decoded.ok) continue;
    const rows = assignmentStatus(decoded.assignment, catalog);
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
  document.addEventListener("click", async (event) => {
    const button = event.target.closest?.("[data-assignment-builder] [data-action], [data-assignment-panel] [data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "copy-link") {
      const form = button.closest("[data-assignment-builder]");
      const link = form.querySelector("[data-assign-link]");
      link.select();
      try {
        await navigator.clipboard.writeText(link.value);
        form.querySelector("[data-assign-status]").textContent = "Link copied.";
      } catch (error) {
        form.querySelector("[data-assign-status]").textContent = "Press Ctrl+C (or Cmd+C) to copy the selected link.";
      }
      return;
    }
    const panel = button.closest("[data-assignment-panel]");
    if (!panel?.assignment) return;
    if (action === "print-summary") printSummary(panel);
    if (action === "download-summary") {
      const rows = assignmentStatus(panel.assignment, catalogOf(panel));
      const include = panel.querySelector("[data-include-reflections]").checked;
      download("assignment-summary.md", summaryMarkdown(panel.assignment, rows, include), "text/markdown");
    }
  });
  window.addEventListener("hashchange", () => {
    for (const panel of document.querySelectorAll("[data-assignment-panel]")) renderPanel(panel);
  });
}
