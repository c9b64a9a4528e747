// The Review page and the "due today" line: today's questions from the whole book.
// Scheduling is schedule.mjs (pure); this module reads histories, fetches the chapters'
// question fragments from the site itself and shows one question at a time.

import * as storage from "./storage.mjs";
import { mountQuizzes } from "./quiz.mjs";

const schedule = () => import("./schedule.mjs");
const fragments = new Map(); // URL -> Promise<DocumentFragment-ready HTML>

function histories() {
  const out = {};
  for (const [key, entry] of storage.entries()) {
    if (key.startsWith("review/")) out[key.slice(7)] = entry.d.log;
  }
  return out;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** "12 questions due for review today" on the home page and My progress. */
async function showDue(root) {
  for (const line of root.querySelectorAll("[data-review-due]:not([data-ready])")) {
    line.dataset.ready = "";
    const logs = histories();
    if (!Object.keys(logs).length) continue; // readers who never answered anything see nothing
    const { queue } = await schedule();
    const catalog = JSON.parse(document.querySelector("[data-review]")?.dataset.catalog ?? "null") ?? catalogFromLogs(logs);
    const due = queue(logs, catalog).length;
    line.replaceChildren();
    const link = document.createElement("a");
    link.href = line.dataset.href;
    link.textContent = due ? "Start reviewing" : "Open the review page";
    line.append(document.createTextNode(due ? `${plural(due, "question is", "questions are")} due for review today. ` : "No questions are due for review today. "), link);
    line.hidden = false;
  }
}

// Without the page's catalogue, every question with a history counts (one "chapter").
function catalogFromLogs(logs) {
  return Object.fromEntries(Object.keys(logs).map((id) => [id, { chapter: 0 }]));
}

function filterFor(choice, catalog) {
  if (choice === "wrong") return { all: true, filter: (id, s) => s.wrong };
  const [kind, value] = choice.split(":");
  if (kind === "chapter") return { all: true, filter: (id) => String(catalog[id]?.chapter) === value };
  if (kind === "part") return { all: true, filter: (id) => String(catalog[id]?.part) === value };
  return { all: false, filter: () => true };
}

async function fragmentFor(review, bank) {
  const url = new URL(`${review.dataset.fragments}${bank}.json`, location.href).href;
  if (!fragments.has(url)) {
    fragments.set(url, fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${r.status}`);
      return r.json();
    }));
  }
  const data = await fragments.get(url);
  const template = document.createElement("template");
  template.innerHTML = data.html; // the book's own rendered questions, sanitised at build time
  const holder = document.createElement("div");
  holder.dataset.chapterHref = data.chapterHref;
  holder.append(template.content);
  return holder;
}

async function countLine(review) {
  const catalog = JSON.parse(review.dataset.catalog);
  const { queue } = await schedule();
  const logs = histories();
  const due = queue(logs, catalog);
  const wrong = queue(logs, catalog, Date.now(), { all: true, filter: (id, s) => s.wrong });
  const line = review.querySelector("[data-review-count]");
  if (!Object.keys(logs).length) {
    line.textContent = "Nothing to review yet: answer some questions in the chapters first, and they will come back here.";
  } else {
    line.textContent = `${plural(due.length, "question is", "questions are")} due today; ${plural(wrong.length, "question", "questions")} you got wrong at least once.`;
  }
  return due.length;
}

async function start(review) {
  const catalog = JSON.parse(review.dataset.catalog);
  const { queue } = await schedule();
  const choice = review.querySelector("[data-review-choice]").value;
  const items = queue(histories(), catalog, Date.now(), filterFor(choice, catalog));
  review.queue = items;
  review.position = 0;
  await show(review);
}

async function show(review) {
  const stage = review.querySelector("[data-review-stage]");
  const items = review.queue ?? [];
  if (review.position >= items.length) {
    stage.replaceChildren(paragraph(items.length ? `Review done: ${plural(items.length, "question", "questions")} answered. They will come back when they are due.` : "No questions to review in this selection today."));
    countLine(review);
    return;
  }
  const item = items[review.position];
  let fragment;
  try {
    fragment = await fragmentFor(review, item.bank);
  } catch (error) {
    stage.replaceChildren(paragraph("This question could not be loaded. Check your connection and try again, or answer it in its chapter."));
    return;
  }
  const form = fragment.querySelector(`form[data-question="${CSS.escape(item.id)}"]`);
  if (!form) {
    review.position++;
    await show(review);
    return;
  }
  form.dataset.chapterHref = fragment.dataset.chapterHref;
  const quiz = document.createElement("section");
  quiz.className = "quiz";
  quiz.dataset.quiz = `review:${item.id}`;
  quiz.dataset.chapter = item.bank;
  quiz.setAttribute("aria-label", `Review question ${review.position + 1} of ${items.length}`);
  quiz.innerHTML = '<p class="quiz__nojs"></p><div class="quiz__notice" data-quiz-notice role="status" hidden></div>'
    + '<div class="quiz-summary" data-quiz-summary hidden><p data-score></p><div data-revisit hidden></div></div>';
  quiz.querySelector("[data-quiz-notice]").after(form);
  const heading = document.createElement("h2");
  heading.id = "review-question";
  heading.tabIndex = -1;
  heading.textContent = `Question ${review.position + 1} of ${items.length} · Chapter ${item.chapter}`;
  const origin = paragraph("");
  const link = document.createElement("a");
  link.href = `${fragment.dataset.chapterHref}#q-${item.id}`;
  link.textContent = `Open this question in Chapter ${item.chapter}: ${item.title}`;
  origin.append(link);
  const next = document.createElement("button");
  next.type = "button";
  next.className = "md-button";
  next.dataset.action = "next-review";
  next.textContent = review.position + 1 < items.length ? "Next question" : "Finish review";
  next.hidden = true;
  stage.replaceChildren(heading, quiz, origin, next);
  mountQuizzes(stage, { now: true });
  heading.focus();
}

function paragraph(text) {
  const p = document.createElement("p");
  p.textContent = text;
  return p;
}

/** Per-page set-up; safe to call again after instant navigation. */
export function mountReview(root = document) {
  const review = root.querySelector("[data-review]:not([data-ready])");
  if (review) {
    review.dataset.ready = "";
    review.querySelector(".review__nojs").hidden = true;
    countLine(review);
  }
  if (root.querySelector("[data-review-due]")) showDue(root);
}

let bound = false;

export function bindReviewEvents() {
  if (bound) return;
  bound = true;
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("[data-review] [data-action]");
    if (!button) return;
    const review = button.closest("[data-review]");
    if (button.dataset.action === "start-review") start(review);
    if (button.dataset.action === "next-review") {
      review.position++;
      show(review);
    }
  });
  document.addEventListener("book:answered", () => {
    const review = document.querySelector("[data-review][data-ready]");
    const next = review?.querySelector("[data-action=next-review]");
    if (next) next.hidden = false;
  });
}
