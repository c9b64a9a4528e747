// The reader's own pages: reading records, My journal, My progress, backups, finished marks.
// Everything here reads and writes storage.mjs; nothing leaves the browser.

import * as storage from "./storage.mjs";

// Reading state ---------------------------------------------------------------------------

/** Per chapter: opened, scores, reflections written and whether it is finished. */
export function chapterProgress(bank, questionCount, reflectionIds, personalIds = []) {
  const visit = storage.get("visit", bank);
  const score = storage.get("score", bank);
  const written = reflectionIds.filter((id) => (storage.get("reflection", id)?.text ?? "").trim() !== "");
  const required = reflectionIds.filter((id) => !personalIds.includes(id));
  const quizDone = !questionCount || (score?.checked ?? 0) >= questionCount;
  const finished = Boolean(visit) && quizDone && required.every((id) => written.includes(id));
  return { visit, score, written: written.length, finished };
}

/** The journal as a Markdown document. Reader text is escaped so that it shows as text. */
export function journalMarkdown(chapters, practice = [], now = new Date()) {
  const lines = ["# My journal: The Therapeutic Alliance", "", `Exported ${now.toISOString().slice(0, 10)}.`, ""];
  for (const chapter of chapters) {
    const written = chapter.entries.filter((e) => e.text.trim());
    if (!written.length) continue;
    lines.push(`## ${chapter.title}`, "");
    for (const entry of written) {
      lines.push(`### ${entry.title}`, "", `*Prompt:* ${escapeMarkdown(entry.prompt)}`, "");
      lines.push(...escapeMarkdown(entry.text).split("\n").map((line) => `> ${line}`), "");
    }
  }
  if (practice.length) {
    lines.push("## Practice studio", "");
    for (const item of practice) {
      lines.push(`### ${escapeMarkdown(item.title)} (${item.level})`, "", `*The client says:* ${escapeMarkdown(item.client)}`, "");
      for (const attempt of item.history) {
        lines.push(`*${new Date(attempt.t).toISOString().slice(0, 10)}, rated ${attempt.checks.filter(Boolean).length} of ${attempt.checks.length} criteria:*`, "");
        lines.push(...escapeMarkdown(attempt.text).split("\n").map((line) => `> ${line}`), "");
      }
    }
  }
  return lines.join("\n");
}

/** Text that a Markdown viewer shows literally: HTML and Markdown punctuation escaped. */
export function escapeMarkdown(text) {
  return text
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]#|])/g, "\\$1");
}

/** Practice attempts saved in this browser, named from the page's catalogue, oldest skill first. */
export function practiceHistory(catalog) {
  const out = [];
  for (const [key, entry] of storage.entries()) {
    if (!key.startsWith("practice/")) continue;
    const [, exercise, level] = key.split("/");
    const info = catalog[exercise];
    const history = entry.d.history.length ? entry.d.history : entry.d.text.trim() ? [{ t: entry.t, text: entry.d.text, checks: entry.d.checks }] : [];
    if (!info || !history.length) continue;
    out.push({ exercise, level, title: info.title, skill: info.skill, skillTitle: info.skillTitle, client: info.levels[level] ?? "", href: info.href, history });
  }
  const order = { mild: 0, moderate: 1, hard: 2 };
  return out.sort((a, b) => a.skillTitle.localeCompare(b.skillTitle) || a.exercise.localeCompare(b.exercise) || order[a.level] - order[b.level]);
}

/** Calibration: how often answers given with each confidence were right. */
export function calibrationSummary(logs) {
  const out = { sure: { right: 0, total: 0 }, think: { right: 0, total: 0 }, guess: { right: 0, total: 0 } };
  for (const log of logs) for (const a of log) {
    if (a.confidence && out[a.confidence] && a.result !== "revealed") {
      out[a.confidence].total++;
      if (a.result === "correct") out[a.confidence].right++;
    }
  }
  return out;
}

const CONFIDENCE_NAMES = { sure: "Sure", think: "Think so", guess: "Guessing" };

// Touching the DOM ------------------------------------------------------------------------

/** Offer `text` to the reader as a file download (made in the browser; nothing is sent). */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function headingText(h1) {
  if (!h1) return document.title;
  const copy = h1.cloneNode(true);
  for (const link of copy.querySelectorAll(".headerlink")) link.remove();
  return copy.textContent.replace(/\s*¶\s*$/u, "").trim();
}

function recordVisit() {
  const marker = document.querySelector("[data-chapter-page]");
  if (!marker) return;
  const bank = marker.dataset.chapterPage;
  const old = storage.get("visit", bank);
  const now = Date.now();
  storage.set("visit", bank, { first: old?.first ?? now, last: now });
  storage.set("meta", "last-chapter", { bank, title: headingText(document.querySelector(".md-content h1")), path: location.pathname });
}

function paragraphs(text) {
  return text.split(/\n{2,}/).map((para) => {
    const p = document.createElement("p");
    p.textContent = para; // always text, never HTML
    return p;
  });
}

/** The front page's "Continue where you left off", when the reader has opened a chapter. */
function mountContinue(root) {
  const link = root.querySelector("[data-continue-reading]");
  const last = storage.get("meta", "last-chapter");
  if (!link || !last) return;
  link.href = last.path;
  link.textContent = `Continue: ${last.title}`;
  link.hidden = false;
}

function mountJournal(root) {
  const journal = root.querySelector("[data-journal]:not([data-ready])");
  if (!journal) return;
  journal.dataset.ready = "";
  let count = 0;
  for (const entry of journal.querySelectorAll("[data-journal-entry]")) {
    const saved = storage.get("reflection", entry.dataset.journalEntry);
    const text = saved?.text ?? "";
    const box = entry.querySelector("[data-answer]");
    const written = Boolean(text.trim());
    entry.classList.toggle("journal__entry--written", written);
    if (written) {
      count++;
      box.replaceChildren(...paragraphs(text));
    } else {
      box.replaceChildren(Object.assign(document.createElement("p"), { className: "journal__empty", textContent: "Not written yet." }));
    }
  }
  for (const section of journal.querySelectorAll(".journal__chapter")) {
    section.classList.toggle("journal__chapter--written", Boolean(section.querySelector(".journal__entry--written")));
  }
  const practice = practiceHistory(JSON.parse(journal.dataset.practiceCatalog || "{}"));
  const holder = journal.querySelector("[data-journal-practice]");
  if (holder && practice.length) holder.replaceChildren(...practice.map(practiceItem));
  journal.classList.toggle("journal--has-practice", practice.length > 0);
  journal.querySelector("[data-journal-status]").textContent =
    (count ? `${count} ${count === 1 ? "reflection" : "reflections"} written` : "You have not written any reflections yet")
    + (practice.length ? `; ${practice.length} practice ${practice.length === 1 ? "exercise" : "exercises"} answered.` : ".");
}

function practiceItem(item) {
  const article = document.createElement("article");
  article.className = "journal__entry journal__entry--written journal__practice-item";
  const h = document.createElement("h3");
  h.textContent = `${item.skillTitle}: ${item.title} (${item.level})`;
  const client = document.createElement("p");
  client.className = "journal__prompt";
  client.textContent = `The client says: “${item.client}”`;
  article.append(h, client);
  for (const attempt of item.history) {
    const when = document.createElement("p");
    when.className = "journal__when";
    when.textContent = `${new Date(attempt.t).toLocaleDateString()}: rated ${attempt.checks.filter(Boolean).length} of ${attempt.checks.length} criteria`;
    const box = document.createElement("div");
    box.className = "journal__answer";
    box.append(...paragraphs(attempt.text));
    article.append(when, box);
  }
  if (item.href) {
    const p = document.createElement("p");
    const a = Object.assign(document.createElement("a"), { href: item.href, textContent: "Practise it again" });
    p.append(a);
    article.append(p);
  }
  return article;
}

function journalChapters(journal) {
  return [...journal.querySelectorAll(".journal__chapter")].map((section) => ({
    title: section.dataset.chapterTitle,
    entries: [...section.querySelectorAll("[data-journal-entry]")].map((entry) => ({
      title: entry.dataset.title,
      prompt: entry.querySelector(".journal__prompt").textContent.trim().replace(/\s+/g, " "),
      text: storage.get("reflection", entry.dataset.journalEntry)?.text ?? "",
    })),
  }));
}

function rowData(row) {
  const ids = row.dataset.reflections.split(" ").filter(Boolean);
  return chapterProgress(row.dataset.progressChapter, Number(row.dataset.questions), ids, (row.dataset.personal ?? "").split(" "));
}

function logsOf(ids) {
  return ids.map((id) => storage.get("review", id)?.log ?? []);
}

function mountProgress(root) {
  const progress = root.querySelector("[data-progress]:not([data-ready])");
  if (!progress) return;
  progress.dataset.ready = "";
  const rows = [...progress.querySelectorAll("[data-progress-chapter]")];
  let finished = 0;
  let opened = 0;
  const byChapter = [];
  for (const row of rows) {
    try {
      const p = rowData(row);
      const cell = (name) => row.querySelector(`[data-cell="${name}"]`);
      const total = Number(row.dataset.questions);
      if (p.visit) { opened++; cell("opened").textContent = new Date(p.visit.last).toLocaleDateString(); }
      if (p.score) {
        const first = p.score.first ?? p.score.correct;
        cell("first").textContent = `${first} of ${total}`;
        const revealed = p.score.revealed ? `; ${p.score.revealed} shown without trying` : "";
        cell("best").textContent = `${p.score.correct} of ${total}${revealed}`;
      }
      cell("reflections").textContent = `${p.written} of ${row.dataset.reflections.split(" ").filter(Boolean).length}`;
      cell("finished").textContent = p.finished ? "✓ Finished" : "Not yet";
      if (p.finished) finished++;
      byChapter.push([row.dataset.chapterNumber, calibrationSummary(logsOf((row.dataset.questionIds ?? "").split(" ").filter(Boolean)))]);
    } catch (error) {
      console.warn("A progress row could not be filled in", error); // eslint-disable-line no-console
    }
  }
  progress.querySelector("[data-overall]").textContent =
    `Overall: ${finished} of ${rows.length} chapters finished, ${opened} opened.`;
  const last = storage.get("meta", "last-chapter");
  const target = last && rows.find((row) => row.dataset.progressChapter === last.bank);
  if (target) {
    const box = progress.querySelector("[data-continue]");
    const link = document.createElement("a");
    link.href = target.dataset.href;
    link.className = "md-button md-button--primary";
    link.textContent = `Continue where you left off: ${last.title}`;
    box.replaceChildren(link);
    box.hidden = false;
  }
  showCalibration(progress, byChapter);
  showSkills(progress);
}

function percent(part, whole) {
  return whole ? Math.round((100 * part) / whole) : 0;
}

/** Calibration: a plain sentence, a small chart (bars with their numbers) and a table by chapter. */
function showCalibration(progress, byChapter) {
  const holder = progress.querySelector("[data-calibration]");
  if (!holder) return;
  const overall = { sure: { right: 0, total: 0 }, think: { right: 0, total: 0 }, guess: { right: 0, total: 0 } };
  for (const [, c] of byChapter) for (const k of Object.keys(overall)) { overall[k].right += c[k].right; overall[k].total += c[k].total; }
  const rated = Object.values(overall).reduce((n, c) => n + c.total, 0);
  if (!rated) return;
  const sentence = document.createElement("p");
  const sure = overall.sure;
  sentence.textContent = sure.total
    ? `When you were sure, you were right ${percent(sure.right, sure.total)}% of the time (${sure.right} of ${sure.total}). `
      + (percent(sure.right, sure.total) >= 90 ? "Your confidence is well founded." : "That is lower than “sure” suggests: the review queue brings those confident errors back first.")
    : "You have not yet rated an answer as sure.";
  const chart = document.createElement("div");
  chart.className = "calibration__chart";
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", Object.entries(overall).map(([k, c]) => `${CONFIDENCE_NAMES[k]}: ${percent(c.right, c.total)}% right of ${c.total}`).join("; "));
  for (const [k, c] of Object.entries(overall)) {
    const row = document.createElement("div");
    row.className = "calibration__row";
    const label = Object.assign(document.createElement("span"), { className: "calibration__label", textContent: CONFIDENCE_NAMES[k] });
    const track = Object.assign(document.createElement("span"), { className: "calibration__track" });
    const bar = Object.assign(document.createElement("span"), { className: `calibration__bar calibration__bar--${k}` });
    bar.style.width = `${percent(c.right, c.total)}%`;
    track.append(bar);
    const value = Object.assign(document.createElement("span"), { className: "calibration__value", textContent: c.total ? `${percent(c.right, c.total)}% right (${c.right} of ${c.total})` : "not used" });
    row.append(label, track, value);
    chart.append(row);
  }
  const table = document.createElement("table");
  table.className = "calibration__table";
  table.innerHTML = "<caption>How often each rating was right, by chapter</caption><thead><tr><th scope=\"col\">Chapter</th><th scope=\"col\">Sure</th><th scope=\"col\">Think so</th><th scope=\"col\">Guessing</th></tr></thead>";
  const body = document.createElement("tbody");
  for (const [chapter, c] of byChapter) {
    if (!Object.values(c).some((x) => x.total)) continue;
    const tr = document.createElement("tr");
    tr.append(Object.assign(document.createElement("th"), { scope: "row", textContent: `Chapter ${chapter}` }));
    for (const k of ["sure", "think", "guess"]) tr.append(Object.assign(document.createElement("td"), { textContent: c[k].total ? `${c[k].right} of ${c[k].total}` : "–" }));
    body.append(tr);
  }
  table.append(body);
  holder.replaceChildren(sentence, chart, table);
}

function showSkills(progress) {
  const holder = progress.querySelector("[data-skills]");
  if (!holder) return;
  const items = practiceHistory(JSON.parse(holder.dataset.practiceCatalog || "{}"));
  if (!items.length) return;
  const skills = new Map();
  for (const item of items) {
    if (!skills.has(item.skill)) skills.set(item.skill, { title: item.skillTitle, exercises: new Set(), levels: new Set(), attempts: 0 });
    const s = skills.get(item.skill);
    s.exercises.add(item.exercise);
    s.levels.add(item.level);
    s.attempts += item.history.length;
  }
  const order = ["mild", "moderate", "hard"];
  const list = document.createElement("ul");
  for (const s of skills.values()) {
    const highest = order.filter((l) => s.levels.has(l)).pop();
    list.append(Object.assign(document.createElement("li"), {
      textContent: `${s.title}: ${s.exercises.size} ${s.exercises.size === 1 ? "exercise" : "exercises"}, ${s.attempts} ${s.attempts === 1 ? "attempt" : "attempts"}; highest level reached: ${highest}.`,
    }));
  }
  holder.replaceChildren(list);
}

function mountBackup(root) {
  const backup = root.querySelector("[data-backup]:not([data-ready])");
  if (!backup) return;
  backup.dataset.ready = "";
  backup.querySelector(".backup__nojs").hidden = true;
  const aside = storage.setAsideEntries();
  if (aside.length) {
    status(backup, "export").textContent = `${aside.length} saved ${aside.length === 1 ? "entry" : "entries"} could not be used and ${aside.length === 1 ? "is" : "are"} set aside. ${aside.length === 1 ? "It is" : "They are"} kept, and included in your backup file.`;
  }
}

const status = (backup, which) => backup.querySelector(`[data-backup-status="${which}"]`);

/** What a restore did, in plain words. */
export function restoreMessage(result, mode) {
  if (!result.ok) return `${result.message} Nothing was changed.`;
  const n = (count, one, many) => `${count} ${count === 1 ? one : many}`;
  const parts = [];
  if (result.memoryOnly) parts.push(`${n(result.memoryOnly, "entry", "entries")} restored for this visit only, because this browser is not letting the book save anything`);
  else parts.push(`${n(result.restored, "entry", "entries")} restored`);
  if (mode === "replace" && result.restored) parts[0] += "; what was here before and is not in the backup has been removed";
  if (result.skipped) parts.push(`${n(result.skipped, "entry was", "entries were")} kept as ${result.skipped === 1 ? "it was" : "they were"} here, because this browser's copy is newer`);
  if (result.failed) parts.push(`${n(result.failed, "entry was", "entries were")} not stored because this browser's storage is full (kept for this visit only: download a backup before you leave)`);
  if (result.damaged) parts.push(`${n(result.damaged, "damaged entry", "damaged entries")} in the file not restored`);
  if (result.keptAside) parts.push(`${n(result.keptAside, "entry", "entries")} that could not be used kept aside, as in the file`);
  return `Backup ${mode === "replace" ? "restored (replace)" : "merged"}: ${parts.join("; ")}.`;
}

async function importBackup(backup) {
  const line = status(backup, "import");
  const file = backup.querySelector("[data-backup-file]").files[0];
  if (!file) { line.textContent = "Choose a backup file first."; return; }
  let data;
  try {
    data = JSON.parse(await file.text());
  } catch (error) {
    line.textContent = "This file is not a backup from this book: it is not valid JSON. Nothing was changed.";
    return;
  }
  const mode = backup.querySelector("input[name=backup-mode]:checked")?.value ?? "merge";
  const checked = storage.validateBackup(data);
  if (!checked.ok) { line.textContent = `${checked.message} Nothing was changed.`; return; }
  if (mode === "replace" && !window.confirm("Replace everything stored here with the backup? If the backup does not fit, nothing is changed.")) return;
  line.textContent = restoreMessage(storage.restoreBackup(data, mode), mode);
  refresh();
}

function refresh() {
  for (const el of document.querySelectorAll("[data-progress][data-ready], [data-journal][data-ready], [data-review-due][data-ready]")) delete el.dataset.ready;
  mountReader(document);
  document.dispatchEvent(new CustomEvent("book:progress"));
}

/** The site navigation's chapter links (not each page's own table of contents). */
function chapterLinks() {
  // Material also nests the current page's table of contents in the primary navigation (shown
  // on narrow screens): its links point into this page and are not chapter entries.
  return [...document.querySelectorAll(".md-nav--primary a.md-nav__link[href]")]
    .filter((link) => !link.closest(".md-nav--secondary") && !new URL(link.href, location.href).hash);
}

/** Finished chapters, from the progress records (read anywhere; no visit to My progress needed). */
function finishedPaths() {
  const catalog = document.querySelector("[data-progress]");
  if (catalog) {
    const paths = [...catalog.querySelectorAll("[data-progress-chapter]")].filter((row) => rowData(row).finished)
      .map((row) => new URL(row.dataset.href, location.href).pathname);
    // Written only when it changes: visiting My progress must not create records (or undo an erase).
    const stored = storage.get("meta", "finished-paths", []);
    if (stored.length !== paths.length || paths.some((path) => !stored.includes(path))) storage.set("meta", "finished-paths", paths);
    return new Set(paths);
  }
  return new Set(storage.get("meta", "finished-paths", []));
}

/** Mark finished chapters in the site navigation with a visible ✓ and a spoken "finished". */
function markNavigation() {
  const finished = finishedPaths();
  for (const link of chapterLinks()) {
    const path = new URL(link.href, location.href).pathname;
    const done = finished.has(path);
    const badge = link.querySelector(".nav-finished");
    if (done && !badge) {
      const mark = document.createElement("span");
      mark.className = "nav-finished";
      mark.innerHTML = '<span aria-hidden="true"> ✓</span><span class="visually-hidden"> (finished)</span>';
      link.append(mark);
    } else if (!done && badge) badge.remove();
  }
}

/** Whether the chapter on this page is finished now (after an answer or a reset), kept for the navigation. */
function updateFinishedFromPage() {
  const marker = document.querySelector("[data-chapter-page]");
  const quiz = document.querySelector(".quiz[data-chapter]");
  if (!marker || !quiz) return;
  const bank = marker.dataset.chapterPage;
  const reflections = [...document.querySelectorAll("section[data-reflection]")];
  const ids = reflections.map((r) => r.dataset.reflection);
  const personal = reflections.filter((r) => r.classList.contains("reflection--personal")).map((r) => r.dataset.reflection);
  const count = Number(quiz.dataset.questions) || quiz.querySelectorAll("form.quiz-q").length;
  const p = chapterProgress(bank, count, ids, personal);
  const paths = new Set(storage.get("meta", "finished-paths", []));
  const here = location.pathname;
  const had = paths.has(here);
  if (p.finished) paths.add(here);
  else paths.delete(here);
  if (had !== p.finished) storage.set("meta", "finished-paths", [...paths]);
  markNavigation();
}

function showStorageNotices() {
  storage.onNotice(({ kind, message }) => {
    const host = document.querySelector(".md-content__inner");
    if (!host || host.querySelector(`.storage-notice[data-kind="${kind}"]`)) return;
    const box = document.createElement("div");
    box.className = "storage-notice admonition warning";
    box.dataset.kind = kind;
    box.setAttribute("role", "status");
    const p = document.createElement("p");
    p.textContent = message;
    box.append(p);
    host.prepend(box);
  });
}

/** A second skip link beside Material's "Skip to content": the second Tab stop on a chapter. */
function mountSkipToQuiz() {
  const skip = document.querySelector('[data-md-component="skip"]');
  if (!skip || !document.getElementById("self-check-quiz") || skip.querySelector("[data-skip-quiz]")) return;
  const link = Object.assign(document.createElement("a"), { className: "md-skip", href: "#self-check-quiz", textContent: "Skip to the quiz" });
  link.dataset.skipQuiz = "";
  skip.append(link);
}

/** Per-page set-up of the reader's pages; safe to call again after instant navigation. */
export function mountReader(root = document) {
  for (const [what, run] of [["reading record", recordVisit], ["journal", () => mountJournal(root)], ["progress", () => mountProgress(root)],
    ["backup", () => mountBackup(root)], ["navigation marks", markNavigation], ["continue link", () => mountContinue(root)],
    ["skip link", mountSkipToQuiz]]) {
    try { run(); } catch (error) { console.warn(`The ${what} could not be set up`, error); } // eslint-disable-line no-console
  }
}

let bound = false;

/** Event handlers, bound once on the document. */
export function bindReaderEvents() {
  if (bound) return;
  bound = true;
  showStorageNotices();
  document.addEventListener("book:progress", () => {
    try { updateFinishedFromPage(); } catch (error) { /* the marks are a convenience */ }
  });
  document.addEventListener("change", (event) => {
    if (event.target.matches?.("[data-journal-all]")) {
      event.target.closest("[data-journal]").classList.toggle("journal--all", event.target.checked);
    }
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("[data-journal] [data-action], [data-backup] [data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "export-markdown") {
      const journal = button.closest("[data-journal]");
      const practice = practiceHistory(JSON.parse(journal.dataset.practiceCatalog || "{}"));
      download("my-alliance-journal.md", journalMarkdown(journalChapters(journal), practice), "text/markdown");
    } else if (action === "print") {
      window.print();
    } else if (action === "export-backup") {
      const stamp = new Date().toISOString().slice(0, 10);
      const backup = storage.exportBackup();
      download(`alliance-book-backup-${stamp}.json`, JSON.stringify(backup, null, 2), "application/json");
      const count = Object.keys(backup.entries).length + Object.keys(backup.setAside ?? {}).length;
      status(button.closest("[data-backup]"), "export").textContent = `Backup downloaded: ${count} ${count === 1 ? "entry" : "entries"}.`;
    } else if (action === "import-backup") {
      importBackup(button.closest("[data-backup]"));
    } else if (action === "erase-all") {
      if (!window.confirm("Erase every answer, reflection, practice response and progress record this book stored in this browser?")) return;
      storage.eraseAll();
      status(button.closest("[data-backup]"), "erase").textContent = "Everything this book stored in this browser has been erased.";
      refresh();
    }
  });
}
