// Entry point of the book's own JavaScript: binds handlers once, mounts widgets per page.
// Material's instant navigation swaps page content without reloading scripts, so per-page
// set-up runs on every emission of Material's `document$` (or once, without Material).

import { bindQuizEvents, mountQuizzes } from "./quiz.mjs";
import { bindReflectionEvents, mountReflections } from "./reflection.mjs";
import { bindReaderEvents, mountReader } from "./reader.mjs";
import { bindAssignmentEvents, mountAssignments } from "./assign.mjs";

document.documentElement.classList.add("book-js");
bindQuizEvents();
bindReflectionEvents();
bindReaderEvents();
bindAssignmentEvents();

function mountPage() {
  mountQuizzes(document);
  mountReflections(document);
  mountReader(document);
  mountAssignments(document);
}

if (typeof window.document$ !== "undefined") window.document$.subscribe(mountPage);
else mountPage();
