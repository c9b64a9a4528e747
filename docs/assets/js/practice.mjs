// Practice studio: the reader writes a response to a fictional client, compares it with model
// responses and rates it. Saved on this device like a reflection, with every attempt kept (and
// dated) so that repetition shows growth. The HTML (hooks/textbook/practice.py) reads without it.

import * as storage from "./storage.mjs";

const SAVE_DELAY_MS = 400;
const timers = new WeakMap();

const idOf = (level) => `${level.closest("[data-practice]").dataset.practice}/${level.dataset.level}`;

function read(level) {
  return storage.get("practice", idOf(level), { text: "", checks: [], compared: false, history: [] });
}

function checksOf(level) {
  return [...level.querySelectorAll("[data-check]")].map((box) => box.checked);
}

/** Keep the current text and ratings as a dated attempt (once per distinct text). */
export function withAttempt(saved, text, checks, now = Date.now()) {
  if (!text.trim()) return saved.history;
  const history = [...saved.history];
  const last = history[history.length - 1];
  if (last && last.text === text) history[history.length - 1] = { ...last, checks };
  else history.push({ t: now, text, checks });
  return history.slice(-50);
}

function save(level, { attempt = false } = {}) {
  clearTimeout(timers.get(level));
  timers.delete(level);
  const saved = read(level);
  const text = level.querySelector("[data-text]").value;
  const checks = checksOf(level);
  const compared = saved.compared || level.querySelector("[data-compare]").open;
  const history = attempt || compared ? withAttempt(saved, text, checks) : saved.history;
  const stored = storage.set("practice", idOf(level), { text, checks, compared, history });
  level.querySelector("[data-status]").textContent = stored
    ? "Saved on this device"
    : "Not saved: your browser is not storing data. Copy your text or download a backup before you leave.";
  return stored;
}

function showRating(level) {
  const checks = checksOf(level);
  const met = checks.filter(Boolean).length;
  level.querySelector("[data-rated]").textContent = met
    ? `You rated your response as meeting ${met} of ${checks.length} criteria.`
    : "";
}

function mountLevel(level) {
  level.dataset.ready = "";
  const saved = read(level);
  level.querySelector("[data-text]").value = saved.text;
  level.querySelectorAll("[data-check]").forEach((box, i) => { box.checked = saved.checks[i] === true; });
  showRating(level);
  if (saved.history.length > 1) {
    level.querySelector("[data-status]").textContent = `${saved.history.length} attempts saved; your earlier ones are in My journal.`;
  }
  if (storage.storageStatus() !== "ok") {
    level.querySelector("[data-status]").textContent = storage.storageStatus() === "full"
      ? "This browser's storage is full: what you saved before is shown, but new writing will be lost when you leave."
      : "Your browser is not storing data: what you write here will be lost when you leave this page.";
  }
}

/** Bring every practice exercise in `root` to life; safe to call again after instant navigation. */
export function mountPractice(root = document) {
  for (const section of root.querySelectorAll("section[data-practice]:not([data-ready])")) {
    section.dataset.ready = "";
    section.querySelector(".practice__nojs").hidden = true;
    for (const level of section.querySelectorAll("[data-level]")) {
      try { mountLevel(level); } catch (error) { console.warn("A practice exercise could not be set up", error); } // eslint-disable-line no-console
    }
  }
}

let bound = false;

/** Event handlers, bound once on the document. */
export function bindPracticeEvents() {
  if (bound) return;
  bound = true;
  document.addEventListener("input", (event) => {
    const level = event.target.closest?.("[data-practice] [data-level]");
    if (!level || !event.target.matches("[data-text]")) return;
    clearTimeout(timers.get(level));
    timers.set(level, setTimeout(() => save(level), SAVE_DELAY_MS));
  });
  document.addEventListener("change", (event) => {
    const level = event.target.closest?.("[data-practice] [data-level]");
    if (!level) return;
    if (event.target.matches("[data-check]")) {
      save(level, { attempt: true });
      showRating(level);
    } else if (event.target.matches("[data-text]")) save(level);
  });
  // Opening the comparison records this response as an attempt (what you wrote before seeing the models).
  document.addEventListener("toggle", (event) => {
    const details = event.target;
    if (!details.matches?.("[data-practice] [data-compare]") || !details.open) return;
    const level = details.closest("[data-level]");
    save(level, { attempt: true });
    const status = level.querySelector("[data-rated]");
    if (!status.textContent) status.textContent = "Model responses shown. Rate your response with the checklist below them.";
  }, true);
  const flush = () => document.querySelectorAll("[data-practice] [data-level][data-ready]").forEach((level) => {
    if (timers.has(level)) save(level);
  });
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", flush);
  document.addEventListener("click", (event) => { if (event.target.closest?.("a[href]")) flush(); }, true);
}
