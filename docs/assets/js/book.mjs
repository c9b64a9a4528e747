// Entry point of the book's own JavaScript: binds handlers once, mounts widgets per page.
// Material's instant navigation swaps page content without reloading scripts, so per-page
// set-up runs on every emission of Material's `document$` (or once, without Material).
// Each widget is set up on its own: one that fails can never stop the others.

import { bindQuizEvents, mountQuizzes } from "./quiz.mjs";
import { bindReflectionEvents, mountReflections } from "./reflection.mjs";
import { bindReaderEvents, mountReader } from "./reader.mjs";
import { bindAssignmentEvents, mountAssignments } from "./assign.mjs";
import { bindPracticeEvents, mountPractice } from "./practice.mjs";
import { bindReviewEvents, mountReview } from "./review.mjs";
import { bindTooltips } from "./tooltip.mjs";
import { mountFigures } from "./figure.mjs";
import { bindPrint } from "./print.mjs";

document.documentElement.classList.add("book-js");

function safely(what, run) {
  try {
    run();
  } catch (error) {
    console.error(`The book's ${what} could not be set up on this page.`, error); // eslint-disable-line no-console
  }
}

safely("quizzes", bindQuizEvents);
safely("reflections", bindReflectionEvents);
safely("reader pages", bindReaderEvents);
safely("assignments", bindAssignmentEvents);
safely("practice studio", bindPracticeEvents);
safely("review queue", bindReviewEvents);
safely("tooltips", bindTooltips);
safely("printing", bindPrint);

function mountPage() {
  safely("quizzes", () => mountQuizzes(document));
  safely("reflections", () => mountReflections(document));
  safely("practice studio", () => mountPractice(document));
  safely("reader pages", () => mountReader(document));
  safely("assignments", () => mountAssignments(document));
  safely("review queue", () => mountReview(document));
  safely("figures", () => mountFigures(document));
}

if (typeof window.document$ !== "undefined") window.document$.subscribe(mountPage);
else mountPage();
