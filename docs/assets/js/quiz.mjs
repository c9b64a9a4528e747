// Self-check quizzes: checking, feedback, shuffling and saved answers.
// The HTML (built by hooks/textbook/render_quiz.py) works without this file.

import * as storage from "./storage.mjs";

// Reading state ---------------------------------------------------------------------------

const keyOf = (form) => JSON.parse(form.dataset.key);

// The one normalisation rule for fill-in answers; its twin is normalise_answer() in
// hooks/textbook/answers.py, and tests/data/normalisation.json tests both.
const DIACRITICS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/gu;
const EDGE_PUNCTUATION = ".,;:!?¡¿\"'“”‘’«»()[]{}… ";

function trimChars(text, chars) {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start])) start++;
  while (end > start && chars.includes(text[end - 1])) end--;
  return text.slice(start, end);
}

/** Fill-in answers are compared on this: accents of Latin, Greek and Cyrillic letters, case,
 * extra spaces and surrounding punctuation removed (the marks of other scripts kept). */
export function normalise(text) {
  const lowered = text.normalize("NFD").replace(DIACRITICS, "").toLowerCase();
  return trimChars(lowered.normalize("NFC").split(/\s+/u).filter(Boolean).join(" "), EDGE_PUNCTUATION);
}

function response(form) {
  const type = form.dataset.type;
  if (type === "single" || type === "multiple" || type === "truefalse") {
    return [...form.querySelectorAll("input:checked")].map((input) => input.value);
  }
  if (type === "fill") return form.querySelector("input[type=text]").value;
  if (type === "order") return [...form.querySelectorAll(".quiz-q__step")].map((li) => li.dataset.key);
  return Object.fromEntries([...form.querySelectorAll(".quiz-q__pair")].map((li) => [li.dataset.key, li.querySelector("select").value]));
}

function isEmpty(type, answer) {
  if (type === "fill") return !answer.trim();
  if (type === "order") return false;
  if (Array.isArray(answer)) return answer.length === 0;
  return Object.values(answer).some((value) => value === "");
}

/** Grade a response: {correct, marks: {key: "correct"|"incorrect"|"missed"}, right, total}. */
export function grade(type, key, answer) {
  const marks = {};
  if (type === "single" || type === "multiple") {
    const correct = new Set(key.correct.map(String));
    const chosen = new Set(answer);
    // Multiple select shows what was missed; single choice leaves that to "Show answer".
    const shown = type === "multiple" ? new Set([...correct, ...chosen]) : chosen;
    for (const k of shown) {
      marks[k] = chosen.has(k) ? (correct.has(k) ? "correct" : "incorrect") : "missed";
    }
    const ok = [...chosen].every((k) => correct.has(k)) && chosen.size === correct.size;
    return { correct: ok, marks };
  }
  if (type === "truefalse") {
    const right = String(key.correct);
    marks[answer[0]] = answer[0] === right ? "correct" : "incorrect";
    return { correct: answer[0] === right, marks };
  }
  if (type === "fill") {
    const value = normalise(answer);
    let ok = key.answers.includes(value);
    if (!ok && key.pattern) {
      try {
        const pattern = new RegExp(key.pattern, "iu");
        ok = pattern.test(answer.trim()) || pattern.test(value);
      } catch (error) { /* an invalid pattern fails the build; ignore here */ }
    }
    marks.answer = ok ? "correct" : "incorrect";
    return { correct: ok, marks };
  }
  if (type === "order") {
    answer.forEach((k, position) => { marks[k] = Number(k) === position ? "correct" : "incorrect"; });
    return { correct: answer.every((k, position) => Number(k) === position), marks };
  }
  let all = true;
  for (const [item, choice] of Object.entries(answer)) {
    const ok = choice !== "" && Number(choice) === key.correct[Number(item)];
    marks[item] = ok ? "correct" : "incorrect";
    all &&= ok;
  }
  return { correct: all, marks };
}

// Touching the DOM ------------------------------------------------------------------------

const MARK_TEXT = { correct: "✓ Correct", incorrect: "✗ Incorrect", missed: "! Missed: this one is also correct" };

function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text) {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0), 16777619);
  return h >>> 0;
}

function shuffleChildren(parent, random, avoidSorted = false) {
  const children = [...parent.children];
  for (let i = children.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [children[i], children[j]] = [children[j], children[i]];
  }
  const sorted = children.every((child, i) => Number(child.dataset.key ?? child.value) === i);
  if (avoidSorted && sorted && children.length > 1) children.push(children.shift());
  parent.append(...children);
}

function shuffle(form) {
  const type = form.dataset.type;
  if (form.dataset.shuffle === "false" && type !== "order") return;
  const random = mulberry32(hash(`${storage.readerSeed()}:${form.dataset.question}`));
  if (type === "single" || type === "multiple") shuffleChildren(form.querySelector(".quiz-q__options"), random);
  if (type === "order") shuffleChildren(form.querySelector(".quiz-q__order"), random, true);
  if (type === "match" || type === "classify") {
    shuffleChildren(form.querySelector(".quiz-q__pairs"), random);
    if (type === "match") {
      for (const select of form.querySelectorAll("select")) {
        const blank = select.options[0];
        const holder = document.createDocumentFragment();
        holder.append(...[...select.options].slice(1));
        const box = document.createElement("div");
        box.append(holder);
        shuffleChildren(box, mulberry32(hash(`${storage.readerSeed()}:${form.dataset.question}:choices`)));
        select.append(blank, ...box.children);
      }
    }
  }
}

function setInputs(form, answer) {
  const type = form.dataset.type;
  if (Array.isArray(answer) && type !== "order") {
    for (const input of form.querySelectorAll("input")) input.checked = answer.includes(input.value);
  } else if (type === "fill") {
    form.querySelector("input[type=text]").value = answer;
  } else if (type === "order") {
    const list = form.querySelector(".quiz-q__order");
    const byKey = Object.fromEntries([...list.children].map((li) => [li.dataset.key, li]));
    if (answer.every((k) => byKey[k])) list.append(...answer.map((k) => byKey[k]));
  } else {
    for (const li of form.querySelectorAll(".quiz-q__pair")) li.querySelector("select").value = answer[li.dataset.key] ?? "";
  }
}

function lock(form, locked) {
  for (const control of form.querySelectorAll("input, select, .quiz-q__move")) control.disabled = locked;
}

function clearMarks(form) {
  for (const mark of form.querySelectorAll("[data-mark]")) { mark.textContent = ""; mark.removeAttribute("data-state"); }
  for (const fb of form.querySelectorAll(".quiz-q__inline-feedback")) fb.remove();
  for (const el of form.querySelectorAll("[data-state]")) el.removeAttribute("data-state");
}

function feedbackFor(form, key) {
  const item = form.querySelector(`.quiz-q__feedback li[data-key="${CSS.escape(String(key))}"] .quiz-q__fb-text`);
  return item ? item.cloneNode(true) : null;
}

function withFeedback(form, key) {
  const text = feedbackFor(form, key);
  const box = document.createElement("span");
  box.className = "quiz-q__inline-feedback";
  if (text) box.append(text);
  return box;
}

function showMarks(form, result) {
  const type = form.dataset.type;
  for (const [key, state] of Object.entries(result.marks)) {
    const row = type === "fill"
      ? form.querySelector(".quiz-q__fill")
      : form.querySelector(`.quiz-q__fieldset li[data-key="${CSS.escape(key)}"]`);
    if (!row) continue;
    row.dataset.state = state;
    const mark = row.querySelector("[data-mark]");
    if (mark) mark.textContent = ` ${MARK_TEXT[state]}`;
    // Feedback beside each choice made or missed, and beside each pair placed wrongly.
    const choice = type === "single" || type === "multiple" || type === "truefalse";
    if (choice || ((type === "match" || type === "classify") && state !== "correct")) row.append(withFeedback(form, key));
  }
  if (type === "fill" || type === "order") {
    const target = form.querySelector(type === "fill" ? ".quiz-q__fill" : ".quiz-q__order");
    target.after(withFeedback(form, result.correct ? "correct" : "incorrect"));
  }
}

function showResult(form, result, revealed) {
  const area = form.querySelector("[data-result]");
  area.replaceChildren();
  const verdict = document.createElement("p");
  verdict.className = "quiz-q__verdict-line";
  if (revealed) verdict.textContent = "Answer shown. The answer, feedback on every option and the explanation are below.";
  else if (result.correct) verdict.textContent = "Correct.";
  else verdict.textContent = "Not quite. Read the feedback, then try again or show the answer.";
  verdict.dataset.state = revealed ? "revealed" : result.correct ? "correct" : "incorrect";
  area.append(verdict);
  // Revealing opens the "Answer and explanation" details, so the explanation is not repeated here.
  if (result.correct && !revealed) {
    const explanation = form.querySelector(".quiz-q__explanation").cloneNode(true);
    explanation.classList.add("quiz-q__explanation--shown");
    area.append(explanation);
  }
}

function buttons(form, state) {
  const [check, retry, reveal] = ["check", "retry", "reveal"].map((a) => form.querySelector(`[data-action=${a}]`));
  check.hidden = state !== "open";
  retry.hidden = state === "open" || state === "correct";
  reveal.hidden = state === "revealed" || state === "correct";
}

// Actions -------------------------------------------------------------------------------

function check(form, { quiet = false } = {}) {
  const type = form.dataset.type;
  const answer = response(form);
  const area = form.querySelector("[data-result]");
  if (isEmpty(type, answer)) {
    area.textContent = type === "fill" ? "Type an answer first." : "Choose an answer first.";
    return;
  }
  const result = grade(type, keyOf(form), answer);
  clearMarks(form);
  showMarks(form, result);
  showResult(form, result, false);
  lock(form, true);
  const state = result.correct ? "correct" : "incorrect";
  buttons(form, state);
  if (!quiet) {
    const saved = storage.get("quiz", form.dataset.question, {});
    storage.set("quiz", form.dataset.question, { version: form.dataset.version, answer, state, attempts: (saved.attempts ?? 0) + 1 });
    updateSummary(form.closest(".quiz"), true);
    (result.correct ? area : form.querySelector("[data-action=retry]")).focus();
  }
}

function retry(form) {
  clearMarks(form);
  form.querySelector("[data-result]").replaceChildren();
  form.querySelector("[data-answer]").open = false;
  lock(form, false);
  buttons(form, "open");
  storage.remove("quiz", form.dataset.question);
  updateSummary(form.closest(".quiz"), false);
  form.querySelector("input, select, .quiz-q__move")?.focus();
}

function reveal(form, { quiet = false } = {}) {
  const key = keyOf(form);
  const type = form.dataset.type;
  // Put the correct answer into the controls, so it is visible where the question is.
  if (type === "single" || type === "multiple") setInputs(form, key.correct.map(String));
  if (type === "truefalse") setInputs(form, [String(key.correct)]);
  if (type === "order") setInputs(form, [...Array(key.count).keys()].map(String));
  if (type === "match" || type === "classify") setInputs(form, Object.fromEntries(key.correct.map((c, i) => [String(i), String(c)])));
  clearMarks(form);
  if (type !== "fill") showMarks(form, grade(type, key, response(form)));
  showResult(form, { correct: false }, true);
  form.querySelector("[data-answer]").open = true;
  lock(form, true);
  buttons(form, "revealed");
  if (!quiet) {
    storage.set("quiz", form.dataset.question, { version: form.dataset.version, answer: response(form), state: "revealed" });
    updateSummary(form.closest(".quiz"), true);
    form.querySelector("[data-answer] summary").focus();
  }
}

function move(button) {
  const li = button.closest(".quiz-q__step");
  const list = li.parentElement;
  const up = button.dataset.action === "up";
  const sibling = up ? li.previousElementSibling : li.nextElementSibling;
  if (!sibling) return;
  up ? list.insertBefore(li, sibling) : list.insertBefore(sibling, li);
  const position = [...list.children].indexOf(li) + 1;
  const text = li.querySelector(".quiz-q__step-text").textContent;
  li.closest("form").querySelector("[data-result]").textContent = `Moved “${text}” to position ${position} of ${list.children.length}.`;
  button.focus();
}

function resetQuiz(quiz) {
  for (const form of quiz.querySelectorAll("form.quiz-q")) {
    storage.remove("quiz", form.dataset.question);
    clearMarks(form);
    form.querySelector("[data-result]").replaceChildren();
    form.querySelector("[data-answer]").open = false;
    form.reset();
    lock(form, false);
    buttons(form, "open");
    shuffle(form);
  }
  storage.remove("score", quiz.dataset.quiz);
  updateSummary(quiz, false);
  const summary = quiz.querySelector("[data-score]");
  summary.textContent = "Quiz reset. No questions checked yet.";
  quiz.querySelector("form.quiz-q input, form.quiz-q select, form.quiz-q .quiz-q__move")?.focus();
}

/** Score line and objectives to revisit; records last and best score when `record`. */
function updateSummary(quiz, record) {
  if (!quiz) return;
  const forms = [...quiz.querySelectorAll("form.quiz-q")];
  const states = forms.map((f) => storage.get("quiz", f.dataset.question)?.state);
  const total = forms.length;
  const correct = states.filter((s) => s === "correct").length;
  const checked = states.filter(Boolean).length;
  const summary = quiz.querySelector("[data-quiz-summary]");
  summary.hidden = false;
  summary.querySelector("[data-score]").textContent = checked
    ? `You have answered ${correct} of ${total} questions correctly (${checked} of ${total} checked).`
    : "No questions checked yet.";
  const missed = new Set(forms.filter((f, i) => states[i] && states[i] !== "correct").flatMap((f) => f.dataset.objectives.split(" ")));
  const revisit = summary.querySelector("[data-revisit]");
  revisit.hidden = missed.size === 0;
  for (const li of revisit.querySelectorAll("[data-objective]")) li.hidden = !missed.has(li.dataset.objective);
  if (record) {
    const old = storage.get("score", quiz.dataset.quiz, {});
    storage.set("score", quiz.dataset.quiz, {
      chapter: quiz.dataset.chapter, total, checked, correct, last: correct, best: Math.max(old.best ?? 0, correct),
    });
  }
}

function restore(form) {
  const saved = storage.get("quiz", form.dataset.question);
  if (!saved) return;
  if (saved.version !== form.dataset.version) {
    storage.remove("quiz", form.dataset.question); // the question changed: the old answer no longer fits
    return;
  }
  try {
    setInputs(form, saved.answer);
    if (saved.state === "revealed") reveal(form, { quiet: true });
    else check(form, { quiet: true });
  } catch (error) {
    // A saved answer that no longer fits the question's controls: show the question fresh,
    // but keep the saved entry (a backup or a later version of the page may still use it).
    clearMarks(form);
    lock(form, false);
    buttons(form, "open");
  }
}

// Set-up --------------------------------------------------------------------------------

/** Bring every quiz in `root` to life; safe to call again after instant navigation. */
export function mountQuizzes(root = document) {
  for (const quiz of root.querySelectorAll(".quiz:not([data-ready])")) {
    quiz.dataset.ready = "";
    quiz.querySelector(".quiz__nojs").hidden = true;
    const notice = quiz.querySelector("[data-quiz-notice]");
    const status = storage.storageStatus();
    if (status !== "ok") {
      notice.hidden = false;
      notice.textContent = "Your answers can't be saved in this browser, so they will be lost when you leave this page. The quiz still works.";
    }
    for (const form of quiz.querySelectorAll("form.quiz-q")) {
      form.querySelector(".quiz-q__actions").hidden = false;
      for (const moves of form.querySelectorAll(".quiz-q__step-moves")) moves.hidden = false;
      form.querySelector("[data-result]").tabIndex = -1;
      shuffle(form);
      restore(form);
    }
    updateSummary(quiz, false);
  }
}

let bound = false;

/** Event handlers, bound once on the document (instant navigation swaps the content). */
export function bindQuizEvents() {
  if (bound) return;
  bound = true;
  document.addEventListener("submit", (event) => {
    const form = event.target.closest?.("form.quiz-q");
    if (!form) return;
    event.preventDefault();
    check(form);
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.(".quiz [data-action]");
    if (!button) return;
    const action = button.dataset.action;
    const form = button.closest("form.quiz-q");
    if (action === "retry") retry(form);
    else if (action === "reveal") reveal(form);
    else if (action === "up" || action === "down") move(button);
    else if (action === "reset-quiz") resetQuiz(button.closest(".quiz"));
  });
}
