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
export function journalMarkdown(chapters, now = new Date()) {
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
  return lines.join("\n");
}

/** Text that a Markdown viewer shows literally: HTML and Markdown punctuation escaped. */
export function escapeMarkdown(text) {
  return text
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]#|])/g, "\\$1");
}

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

function recordVisit() {
  const marker = document.querySelector("[data-chapter-page]");
  if (!marker) return;
  const bank = marker.dataset.chapterPage;
  const old = storage.get("visit", bank);
  const now = Date.now();
  storage.set("visit", bank, { first: old?.first ?? now, last: now });
  const title = document.querySelector(".md-content h1")?.textContent.trim() ?? document.title;
  storage.set("meta", "last-chapter", { bank, title, path: location.pathname });
}

function mountJournal(root) {
  const journal = root.querySelector("[data-journal]:not([data-ready])");
  if (!journal) return;
  journal.dataset.ready = "";
  journal.querySelector("[data-journal-actions]").hidden = false;
  let count = 0;
  for (const entry of journal.querySelectorAll("[data-journal-entry]")) {
    const saved = storage.get("reflection", entry.dataset.journalEntry);
    const text = typeof saved?.text === "string" ? saved.text : "";
    const box = entry.querySelector("[data-answer]");
    if (text.trim()) {
      count++;
      box.replaceChildren(...text.split(/\n{2,}/).map((para) => {
        const p = document.createElement("p");
        p.textContent = para; // always text, never HTML
        return p;
      }));
    }
  }
  journal.querySelector("[data-journal-status]").textContent =
    count ? `${count} ${count === 1 ? "reflection" : "reflections"} written.` : "You have not written any reflections yet.";
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

function mountProgress(root) {
  const progress = root.querySelector("[data-progress]:not([data-ready])");
  if (!progress) return;
  progress.dataset.ready = "";
  const rows = [...progress.querySelectorAll("[data-progress-chapter]")];
  let finished = 0;
  let opened = 0;
  for (const row of rows) {
    const p = rowData(row);
    const cell = (name) => row.querySelector(`[data-cell="${name}"]`);
    const total = Number(row.dataset.questions);
    if (p.visit) { opened++; cell("opened").textContent = new Date(p.visit.last).toLocaleDateString(); }
    if (p.score) {
      cell("best").textContent = `${p.score.best} of ${total}`;
      cell("last").textContent = `${p.score.last} of ${total}`;
    }
    cell("reflections").textContent = `${p.written} of ${row.dataset.reflections.split(" ").filter(Boolean).length}`;
    cell("finished").textContent = p.finished ? "✓ Finished" : "Not yet";
    if (p.finished) finished++;
  }
  progress.querySelector("[data-overall]").textContent =
    `Overall: ${finished} of ${rows.length} chapters finished, ${opened} opened.`;
  const last = storage.get("meta", "last-chapter");
  const target = last && rows.find((row) => row.dataset.progressChapter === last.bank);
  if (target) {
    const box = progress.querySelector("[data-continue]");
    const link = document.createElement("a");
    link.href = target.dataset.href;
    link.textContent = `Continue where you left off: ${last.title}`;
    box.replaceChildren(link);
    box.hidden = false;
  }
}

function mountBackup(root) {
  const backup = root.querySelector("[data-backup]:not([data-ready])");
  if (!backup) return;
  backup.dataset.ready = "";
  backup.querySelector(".backup__nojs").hidden = true;
  backup.querySelector("[data-backup-tools]").hidden = false;
}

async function importBackup(backup) {
  const status = backup.querySelector("[data-backup-status]");
  const file = backup.querySelector("[data-backup-file]").files[0];
  if (!file) { status.textContent = "Choose a backup file first."; return; }
  let data;
  try {
    data = JSON.parse(await file.text());
  } catch (error) {
    status.textContent = "This file is not a backup from this book: it is not valid JSON. Nothing was changed.";
    return;
  }
  const mode = backup.querySelector("input[name=backup-mode]:checked")?.value ?? "merge";
  const checked = storage.validateBackup(data);
  if (!checked.ok) { status.textContent = `${checked.message} Nothing was changed.`; return; }
  if (mode === "replace" && !window.confirm("Replace everything stored here with the backup?")) return;
  const result = storage.restoreBackup(data, mode);
  status.textContent = `Backup restored (${mode === "merge" ? "merged" : "replaced"}): ${result.restored} ${result.restored === 1 ? "entry" : "entries"} restored.`;
  refresh();
}

function refresh() {
  for (const el of document.querySelectorAll("[data-progress][data-ready], [data-journal][data-ready]")) delete el.dataset.ready;
  mountReader(document);
}

/** Mark finished chapters in the navigation with a visible and spoken "finished". */
function markNavigation(root) {
  const table = root.querySelector("[data-progress]");
  const stored = storage.get("meta", "finished-paths", []);
  const saved = Array.isArray(stored) ? stored : [];
  const finished = new Set(saved);
  if (table) {
    finished.clear();
    for (const row of table.querySelectorAll("[data-progress-chapter]")) {
      if (rowData(row).finished) finished.add(new URL(row.dataset.href, location.href).pathname);
    }
    const changed = finished.size !== saved.length || saved.some((path) => !finished.has(path));
    if (changed) storage.set("meta", "finished-paths", [...finished]);
  }
  for (const link of document.querySelectorAll(".md-nav__link[href]")) {
    const done = finished.has(new URL(link.href, location.href).pathname);
    const badge = link.querySelector(".nav-finished");
    if (done && !badge) {
      const mark = document.createElement("span");
      mark.className = "nav-finished";
      mark.innerHTML = '<span aria-hidden="true"> ✓</span><span class="md-visually-hidden"> (finished)</span>';
      link.append(mark);
    } else if (!done && badge) badge.remove();
  }
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

/** Per-page set-up of the reader's pages; safe to call again after instant navigation. */
export function mountReader(root = document) {
  recordVisit();
  mountJournal(root);
  mountProgress(root);
  mountBackup(root);
  markNavigation(root);
}

let bound = false;

/** Event handlers, bound once on the document. */
export function bindReaderEvents() {
  if (bound) return;
  bound = true;
  showStorageNotices();
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("[data-journal] [data-action], [data-backup] [data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "export-markdown") {
      const journal = button.closest("[data-journal]");
      download("my-alliance-journal.md", journalMarkdown(journalChapters(journal)), "text/markdown");
    } else if (action === "print") {
      window.print();
    } else if (action === "export-backup") {
      const stamp = new Date().toISOString().slice(0, 10);
      download(`alliance-book-backup-${stamp}.json`, JSON.stringify(storage.exportBackup(), null, 2), "application/json");
      button.closest("[data-backup]").querySelector("[data-backup-status]").textContent = "Backup downloaded.";
    } else if (action === "import-backup") {
      importBackup(button.closest("[data-backup]"));
    } else if (action === "erase-all") {
      if (!window.confirm("Erase every answer, reflection and progress record this book stored in this browser?")) return;
      storage.eraseAll();
      button.closest("[data-backup]").querySelector("[data-backup-status]").textContent = "Everything this book stored in this browser has been erased.";
      refresh();
    }
  });
  // Printing the journal: open every collapsed answer and model response.
  window.addEventListener("beforeprint", () => {
    for (const details of document.querySelectorAll("details:not([open])")) {
      details.dataset.printOpened = "";
      details.open = true;
    }
  });
  window.addEventListener("afterprint", () => {
    for (const details of document.querySelectorAll("details[data-print-opened]")) {
      details.open = false;
      delete details.dataset.printOpened;
    }
  });
}
