// Printing a chapter as a textbook chapter: questions without their answers where they stand,
// and the answers, feedback and explanations gathered in an answer section at the end (or left
// out, with "Print without answers"). Reflections print as prompts with ruled space.
// The answer section is built from the page's own answer details and removed after printing.

import { mountQuizzes } from "./quiz.mjs";

let mode = "end"; // "end": answers at the end; "none": no answers

function answerSection(article) {
  const forms = [...article.querySelectorAll("form.quiz-q")];
  if (!forms.length) return null;
  const section = document.createElement("section");
  section.className = "print-answers";
  section.setAttribute("aria-label", "Answers to the self-check quiz");
  const heading = document.createElement("h2");
  heading.textContent = "Answers to the self-check quiz";
  section.append(heading);
  forms.forEach((form, n) => {
    const item = document.createElement("div");
    item.className = "print-answers__item";
    const title = document.createElement("p");
    title.className = "print-answers__question";
    const prompt = form.querySelector(".quiz-q__prompt")?.textContent.trim() ?? "";
    title.textContent = `${n + 1}. ${prompt}`;
    item.append(title);
    const details = form.querySelector("[data-answer]");
    if (details) {
      for (const child of details.children) {
        if (child.tagName !== "SUMMARY") item.append(child.cloneNode(true));
      }
    }
    section.append(item);
  });
  return section;
}

/** Lay the page out for printing: `answers` "end" (an answer section) or "none". */
export function preparePrint(answers = mode) {
  mode = answers === "none" ? "none" : "end";
  before();
}

/** Undo preparePrint (the screen page again). */
export function finishPrint() {
  after();
}

function before() {
  const article = document.querySelector(".md-content__inner");
  if (!article) return;
  mountQuizzes(article, { now: true }); // a quiz not yet near the screen is printed too
  document.documentElement.classList.toggle("print-no-answers", mode === "none");
  article.querySelector(".print-answers")?.remove();
  if (mode !== "none") {
    const section = answerSection(article);
    if (section) {
      const refs = [...article.querySelectorAll("h2")].find((h) => h.id === "references");
      if (refs) refs.before(section);
      else article.append(section);
    }
  }
  for (const box of article.querySelectorAll("section[data-reflection], [data-practice] [data-level]")) {
    if (!box.querySelector(":scope > .print-lines, [data-editor] + .print-lines")) {
      const lines = document.createElement("div");
      lines.className = "print-lines";
      lines.setAttribute("aria-hidden", "true");
      (box.querySelector("[data-editor]") ?? box).after(lines);
    }
  }
}

function after() {
  document.querySelector(".print-answers")?.remove();
  for (const lines of document.querySelectorAll(".print-lines")) lines.remove();
  document.documentElement.classList.remove("print-no-answers");
  mode = "end";
}

let bound = false;

export function bindPrint() {
  if (bound) return;
  bound = true;
  window.addEventListener("beforeprint", before);
  window.addEventListener("afterprint", after);
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("[data-action=print-chapter]");
    if (!button) return;
    mode = button.dataset.answers === "none" ? "none" : "end";
    window.print();
  });
}
