// Reflective exercises: the reader's text is saved on this device as they type.
// The HTML (built by hooks/textbook/render_pages.py) reads well without this file.

import * as storage from "./storage.mjs";

const SAVE_DELAY_MS = 400;
const timers = new WeakMap();
const cleared = new Map(); // reflection id -> text removed by "Clear", for "Undo"

/** Words in a text, as the reader would count them. */
export function countWords(text) {
  return (text.match(/[\p{L}\p{N}’'-]+/gu) ?? []).length;
}

function read(section) {
  return storage.get("reflection", section.dataset.reflection, { text: "", checks: [] });
}

function showWords(section, text) {
  const words = countWords(text);
  section.querySelector("[data-words]").textContent = `${words} ${words === 1 ? "word" : "words"}`;
}

function save(section) {
  clearTimeout(timers.get(section));
  const text = section.querySelector("[data-text]").value;
  const checks = [...section.querySelectorAll("[data-check]")].map((box) => box.checked);
  const persistent = storage.set("reflection", section.dataset.reflection, { text, checks });
  section.querySelector("[data-status]").textContent = persistent
    ? "Saved on this device"
    : "Not saved: your browser is not storing data. Copy your text or download a backup before you leave.";
  showWords(section, text);
}

function clear(section) {
  const area = section.querySelector("[data-text]");
  if (!area.value) return;
  if (!window.confirm("Clear your response? You can undo this straight away.")) return;
  cleared.set(section.dataset.reflection, area.value);
  area.value = "";
  save(section);
  section.querySelector("[data-status]").textContent = "Response cleared. Choose Undo clear to bring it back.";
  const undo = section.querySelector("[data-action=undo]");
  undo.hidden = false;
  undo.focus();
}

function undo(section) {
  const area = section.querySelector("[data-text]");
  area.value = cleared.get(section.dataset.reflection) ?? area.value;
  cleared.delete(section.dataset.reflection);
  save(section);
  section.querySelector("[data-action=undo]").hidden = true;
  area.focus();
}

/** Bring every reflection in `root` to life; safe to call again after instant navigation. */
export function mountReflections(root = document) {
  for (const section of root.querySelectorAll("section[data-reflection]:not([data-ready])")) {
    try {
      mountReflection(section);
    } catch (error) {
      console.warn("A reflection could not be set up", error); // eslint-disable-line no-console
    }
  }
}

function mountReflection(section) {
  {
    section.dataset.ready = "";
    section.querySelector(".reflection__nojs").hidden = true;
    const { text, checks } = read(section);
    section.querySelector("[data-text]").value = text;
    section.querySelectorAll("[data-check]").forEach((box, i) => { box.checked = checks[i] === true; });
    showWords(section, text);
    const status = storage.storageStatus();
    if (status === "full") {
      section.querySelector("[data-status]").textContent = "This browser's storage is full: what you saved before is shown, but new writing will be lost when you leave this page.";
    } else if (status === "blocked") {
      section.querySelector("[data-status]").textContent = "Your browser is not storing data: what you write here will be lost when you leave this page.";
    }
  }
}

let bound = false;

/** Event handlers, bound once on the document. */
export function bindReflectionEvents() {
  if (bound) return;
  bound = true;
  document.addEventListener("input", (event) => {
    const section = event.target.closest?.("section[data-reflection]");
    if (!section || !event.target.matches("[data-text]")) return;
    showWords(section, event.target.value);
    clearTimeout(timers.get(section));
    timers.set(section, setTimeout(() => save(section), SAVE_DELAY_MS));
  });
  document.addEventListener("change", (event) => {
    const section = event.target.closest?.("section[data-reflection]");
    if (section && event.target.matches("[data-text], [data-check]")) save(section);
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("section[data-reflection] [data-action]");
    if (!button) return;
    const section = button.closest("section[data-reflection]");
    if (button.dataset.action === "clear") clear(section);
    if (button.dataset.action === "undo") undo(section);
  });
  // Leaving the page (or instant navigation) must not lose the last keystrokes.
  const flush = () => document.querySelectorAll("section[data-reflection][data-ready]").forEach((s) => {
    if (timers.has(s)) save(s);
  });
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", flush);
  document.addEventListener("click", (event) => { if (event.target.closest?.("a[href]")) flush(); }, true);
}
