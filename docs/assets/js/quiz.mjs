// Self-check quizzes: checking, feedback, shuffling and saved answers.
// The HTML (built by hooks/textbook/render_quiz.py) works without this file.

import * as storage from "./storage.mjs";
import { CONFIDENCE } from "./records.mjs";

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
    return [...form.querySelectorAll(".quiz-q__option input:checked")].map((input) => input.value);
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
  if (!result.correct || revealed) {
    const reread = rereadLink(form);
    if (reread) area.append(reread);
  }
  // Revealing opens the "Answer and explanation" details, so the explanation is not repeated here.
  if (result.correct && !revealed) {
    const explanation = form.querySelector(".quiz-q__explanation").cloneNode(true);
    explanation.classList.add("quiz-q__explanation--shown");
    area.append(explanation);
  }
}

/** "Re-read: …" pointing at the passage that teaches what the reader got wrong. */
function rereadLink(form) {
  const chosen = [...form.querySelectorAll(".quiz-q__option input:checked")].map((input) => input.closest("li"));
  const wrong = chosen.find((li) => li.dataset.section && li.closest("form").dataset.key && !isCorrectOption(form, li.dataset.key));
  const source = wrong ?? (form.dataset.section ? form : null);
  if (!source) return null;
  const anchor = source.dataset.section;
  const label = source.dataset.sectionLabel || "the passage that explains this";
  const p = document.createElement("p");
  p.className = "quiz-q__reread";
  const link = document.createElement("a");
  link.href = `${form.dataset.chapterHref ?? ""}#${anchor}`;
  link.textContent = `Re-read: ${label}`;
  p.append(link);
  return p;
}

function isCorrectOption(form, key) {
  const answerKey = keyOf(form);
  return Array.isArray(answerKey.correct) && answerKey.correct.map(String).includes(String(key));
}

function buttons(form, state) {
  const [check, retry, reveal] = ["check", "retry", "reveal"].map((a) => form.querySelector(`[data-action=${a}]`));
  check.hidden = state !== "open";
  retry.hidden = state === "open" || state === "correct";
  reveal.hidden = state === "revealed" || state === "correct";
}

function confidenceOf(form) {
  const chosen = form.querySelector(".quiz-q__confidence input:checked")?.value;
  return CONFIDENCE.includes(chosen) ? chosen : undefined;
}

function setConfidence(form, value) {
  for (const input of form.querySelectorAll(".quiz-q__confidence input")) input.checked = input.value === value;
}

/** Every check and reveal joins the question's review history (spaced review). */
function logAttempt(form, result, confidence) {
  const id = form.dataset.question;
  const history = storage.get("review", id, { log: [] });
  const attempt = { t: Date.now(), result, ...(confidence ? { confidence } : {}), ...(form.closest("[data-review]") ? { source: "review" } : {}) };
  storage.set("review", id, { log: [...history.log, attempt].slice(-200) });
  document.dispatchEvent(new CustomEvent("book:answered", { detail: { id, result, confidence } }));
}

// Actions -------------------------------------------------------------------------------

/** The saved entry for a new answer: the first result is kept, earlier versions are kept. */
function nextEntry(form, saved, answer, state, confidence) {
  const same = saved && saved.version === form.dataset.version;
  const earlier = saved && !same ? [...(saved.earlier ?? []), { version: saved.version, answer: saved.answer, state: saved.state, t: saved.t ?? 0 }].slice(-5) : saved?.earlier;
  const attempts = (same ? saved.attempts ?? 0 : 0) + (state === "revealed" ? 0 : 1);
  const first = same ? saved.first : state;
  return {
    version: form.dataset.version, answer, state, attempts, first,
    ...(confidence ? { confidence } : {}),
    ...(earlier?.length ? { earlier } : {}),
  };
}

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
    const confidence = confidenceOf(form);
    // A review is practice: it joins the question's review history, not the chapter's answer.
    if (!inReview(form)) storage.set("quiz", form.dataset.question, nextEntry(form, savedAnswer(form), answer, state, confidence));
    logAttempt(form, state, confidence);
    updateSummary(form.closest(".quiz"), true);
    (result.correct ? area : form.querySelector("[data-action=retry]")).focus();
  }
}

/** Whether the question is shown on the Review page, where it starts fresh every time. */
const inReview = (form) => Boolean(form.closest("[data-review]"));

function savedAnswer(form) {
  const entry = storage.getEntry("quiz", form.dataset.question);
  return entry ? { ...entry.d, t: entry.t } : null;
}

function retry(form) {
  clearMarks(form);
  form.querySelector("[data-result]").replaceChildren();
  form.querySelector("[data-answer]").open = false;
  lock(form, false);
  buttons(form, "open");
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
    if (!inReview(form)) storage.set("quiz", form.dataset.question, nextEntry(form, savedAnswer(form), response(form), "revealed", undefined));
    logAttempt(form, "revealed", undefined);
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

function clearForm(form) {
  clearMarks(form);
  form.querySelector("[data-result]").replaceChildren();
  form.querySelector("[data-answer]").open = false;
  form.reset();
  lock(form, false);
  buttons(form, "open");
  shuffle(form);
  form.querySelector(".quiz-q__earlier")?.remove();
}

const undoable = new WeakMap(); // quiz -> entries removed by "Reset this quiz", for "Undo"

function resetQuiz(quiz) {
  if (!window.confirm("Reset this quiz? Your answers to its questions will be cleared. You can undo this straight away.")) return;
  const saved = { score: storage.getEntry("score", quiz.dataset.quiz), answers: [] };
  for (const form of quiz.querySelectorAll("form.quiz-q")) {
    const entry = storage.getEntry("quiz", form.dataset.question);
    if (entry) saved.answers.push([form.dataset.question, entry]);
    storage.remove("quiz", form.dataset.question);
    clearForm(form);
  }
  storage.remove("score", quiz.dataset.quiz);
  undoable.set(quiz, saved);
  updateSummary(quiz, false);
  quiz.querySelector("[data-score]").textContent = "Quiz reset. No questions checked yet. Choose Undo reset to bring your answers back.";
  const undo = quiz.querySelector("[data-action=undo-reset]");
  undo.hidden = false;
  undo.focus();
  document.dispatchEvent(new CustomEvent("book:progress"));
}

function undoReset(quiz) {
  const saved = undoable.get(quiz);
  if (!saved) return;
  for (const [id, entry] of saved.answers) storage.set("quiz", id, entry.d, entry.t);
  if (saved.score) storage.set("score", quiz.dataset.quiz, saved.score.d, saved.score.t);
  undoable.delete(quiz);
  for (const form of quiz.querySelectorAll("form.quiz-q")) restore(form);
  updateSummary(quiz, false);
  quiz.querySelector("[data-action=undo-reset]").hidden = true;
  quiz.querySelector("[data-score]").textContent = `Reset undone. ${scoreLine(quiz)}`;
  quiz.querySelector("[data-score]").focus?.();
  document.dispatchEvent(new CustomEvent("book:progress"));
}

/** How the quiz stands, from the saved answers of its questions (current versions only). */
export function quizCounts(entries, total) {
  const current = entries.filter(Boolean);
  const answered = current.filter((e) => e.attempts > 0);
  return {
    total,
    checked: answered.length,
    correct: current.filter((e) => e.state === "correct").length,
    first: answered.filter((e) => e.first === "correct").length,
    revealed: current.filter((e) => e.state === "revealed" && !(e.attempts > 0)).length,
  };
}

function countsOf(quiz) {
  const forms = [...quiz.querySelectorAll("form.quiz-q")];
  const entries = forms.map((f) => {
    const saved = storage.get("quiz", f.dataset.question);
    return saved && saved.version === f.dataset.version ? saved : null;
  });
  return { forms, entries, counts: quizCounts(entries, forms.length) };
}

function scoreLine(quiz) {
  const { counts } = countsOf(quiz);
  if (!counts.checked && !counts.revealed) return "No questions checked yet.";
  const parts = [`You have answered ${counts.correct} of ${counts.total} questions correctly`,
    ` (${counts.checked} of ${counts.total} answered; right first try: ${counts.first}; right after retries: ${Math.max(0, counts.correct - counts.first)}`];
  if (counts.revealed) parts.push(`; answer shown without trying: ${counts.revealed}`);
  return parts.join("") + ").";
}

/** Score line and objectives to revisit; records last, best and first-try score when `record`. */
function updateSummary(quiz, record) {
  if (!quiz) return;
  const { forms, entries, counts } = countsOf(quiz);
  const summary = quiz.querySelector("[data-quiz-summary]");
  summary.hidden = false;
  summary.querySelector("[data-score]").textContent = scoreLine(quiz);
  const missed = new Set(forms.filter((f, i) => entries[i] && entries[i].state !== "correct").flatMap((f) => f.dataset.objectives.split(" ")));
  const revisit = summary.querySelector("[data-revisit]");
  revisit.hidden = missed.size === 0;
  for (const li of revisit.querySelectorAll("[data-objective]")) li.hidden = !missed.has(li.dataset.objective);
  if (record && !quiz.closest("[data-review]")) {
    const old = storage.get("score", quiz.dataset.quiz, {});
    storage.set("score", quiz.dataset.quiz, {
      chapter: quiz.dataset.chapter, total: counts.total, checked: counts.checked, correct: counts.correct,
      last: counts.correct, best: Math.max(old.best ?? 0, counts.correct), first: counts.first, revealed: counts.revealed,
    });
    document.dispatchEvent(new CustomEvent("book:progress"));
  }
}

function showEarlier(form, saved) {
  const note = document.createElement("p");
  note.className = "quiz-q__earlier";
  const when = saved.t ? ` on ${new Date(saved.t).toLocaleDateString()}` : "";
  note.textContent = `You answered an earlier version of this question${when}. It has changed since, so your old answer is not shown here; it is kept in your journal's backup. Answer it again.`;
  form.querySelector("[data-result]").before(note);
}

function restore(form) {
  if (inReview(form)) return;
  const saved = savedAnswer(form);
  if (!saved) return;
  if (saved.version !== form.dataset.version) {
    showEarlier(form, saved); // the question changed: keep the old answer, but do not show it as this one's
    return;
  }
  try {
    setInputs(form, saved.answer);
    if (saved.confidence) setConfidence(form, saved.confidence);
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

/** The questions are written inside <noscript>: without JavaScript they are the page's own static
 * quiz; with it, the browser keeps them as plain text until the quiz is set up, so a phone does not
 * lay out some nine hundred elements of questions before it shows the chapter. Here they become
 * elements. (A page that came by instant navigation was parsed without scripting, so its
 * <noscript> already holds elements: they are moved out as they are.) */
function materialise(quiz) {
  for (const holder of quiz.querySelectorAll(":scope > noscript[data-quiz-questions]")) {
    const template = document.createElement("template");
    if (holder.firstElementChild) template.content.append(...holder.childNodes);
    else template.innerHTML = holder.textContent;
    holder.replaceWith(template.content);
  }
}

function mountQuiz(quiz) {
  if ("ready" in quiz.dataset) return;
  quiz.dataset.ready = "";
  delete quiz.dataset.waiting;
  materialise(quiz);
  quiz.querySelector(".quiz__nojs").hidden = true;
  const notice = quiz.querySelector("[data-quiz-notice]");
  const status = storage.storageStatus();
  if (status !== "ok") {
    notice.hidden = false;
    notice.textContent = status === "full"
      ? "This browser's storage is full: your earlier answers are shown, but new ones will be lost when you leave this page. The quiz still works."
      : "Your answers can't be saved in this browser, so they will be lost when you leave this page. The quiz still works.";
  }
  for (const form of quiz.querySelectorAll("form.quiz-q")) {
    try {
      form.querySelector("[data-result]").tabIndex = -1;
      shuffle(form);
      restore(form);
    } catch (error) {
      console.warn("A question could not be set up", form.dataset.question, error); // eslint-disable-line no-console
    }
  }
  updateSummary(quiz, false);
}

/** Bring every quiz in `root` to life when it comes near the screen; safe to call again. */
export function mountQuizzes(root = document, { now = false } = {}) {
  if (now) {
    root.querySelectorAll(".quiz:not([data-ready])").forEach(mountQuiz);
    return;
  }
  const quizzes = [...root.querySelectorAll(".quiz:not([data-ready]):not([data-waiting])")];
  if (!quizzes.length) return;
  // A reader arriving at a place on the page (a link to the quiz or past it) finds the questions
  // already in place: nothing moves after the browser has scrolled there.
  if (location.hash || !("IntersectionObserver" in window)) {
    quizzes.forEach(mountQuiz);
    return;
  }
  const observer = new IntersectionObserver((seen) => {
    for (const entry of seen) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      mountQuiz(entry.target);
    }
  }, { rootMargin: "600px 0px" });
  for (const quiz of quizzes) {
    quiz.dataset.waiting = "";
    observer.observe(quiz);
  }
  // A keyboard user may reach a quiz (its summary's buttons) before it scrolls into view.
  const early = (event) => {
    const quiz = event.target.closest?.(".quiz[data-waiting]");
    if (quiz) { observer.unobserve(quiz); mountQuiz(quiz); }
  };
  root.addEventListener?.("focusin", early);
  // When the browser is idle, the rest are set up one at a time (not in the page's first tasks).
  // Placing a quiz's questions one by one was tried: each one made Material re-measure the page,
  // so that cost more in all than placing them together.
  const idle = window.requestIdleCallback ?? ((fn) => setTimeout(() => fn({ timeRemaining: () => 8 }), 200));
  const rest = () => {
    const next = root.querySelector?.(".quiz[data-waiting]");
    if (!next) return;
    observer.unobserve(next);
    mountQuiz(next);
    idle(rest, { timeout: 1500 });
  };
  idle(rest, { timeout: 1500 });
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
    else if (action === "undo-reset") undoReset(button.closest(".quiz"));
  });
}
