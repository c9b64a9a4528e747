// Spaced review: when each answered question is due again, from its history of attempts.
//
// Every check of a question (in its chapter or on the Review page) appends an attempt
// {t, result, confidence?} to "review/<question id>". A question's schedule is FSRS (the
// vendored ts-fsrs scheduler, fuzz off) replayed over that history, so it is a pure function
// of (history, now): the same history always gives the same due date, backups carry it whole,
// and a damaged history resets only that question. Nothing here touches the DOM.

import { fsrs, createEmptyCard, Rating } from "./vendor/ts-fsrs.mjs";

const scheduler = fsrs({ enable_fuzz: false, enable_short_term: true });
export const DAY = 24 * 60 * 60 * 1000;

/** The FSRS rating for one attempt: wrong or revealed = Again; a guess = Hard; sure = Easy. */
export function rating(attempt) {
  if (attempt.result !== "correct") return Rating.Again;
  if (attempt.confidence === "guess") return Rating.Hard;
  if (attempt.confidence === "sure") return Rating.Easy;
  return Rating.Good;
}

/** The FSRS card after replaying `log` (attempts in time order). */
export function cardFor(log) {
  const ordered = [...log].sort((a, b) => a.t - b.t);
  let card = createEmptyCard(new Date(ordered.length ? ordered[0].t : 0));
  for (const attempt of ordered) card = scheduler.next(card, new Date(attempt.t), rating(attempt)).card;
  return card;
}

/** What the queue needs to know of one question: when it is due, and why it may come early. */
export function status(log, now = Date.now()) {
  if (!log.length) return null;
  const card = cardFor(log);
  const last = log.reduce((a, b) => (b.t > a.t ? b : a));
  const wrong = log.some((a) => a.result !== "correct");
  const confidentError = log.some((a) => a.result !== "correct" && a.confidence === "sure");
  const lastWrong = last.result !== "correct";
  // A confident error is flagged for early review: due as soon as it happened.
  const due = confidentError && lastWrong ? Math.min(card.due.getTime(), last.t) : card.due.getTime();
  return { due, stability: card.stability, reps: card.reps, lapses: card.lapses, wrong, lastWrong, confidentError, last: last.t };
}

/** Whether a question with `due` counts as due "today" at `now` (by the end of the local day). */
export function isDueToday(due, now = Date.now()) {
  const end = new Date(now);
  end.setHours(23, 59, 59, 999);
  return due <= end.getTime();
}

/**
 * Today's queue: [{id, chapter, due, …}] of the due questions, interleaved across chapters
 * (one from each chapter in turn, each chapter's most overdue first).
 * `histories`: {id: log}; `catalog`: {id: {chapter, bank, …}}; `filter(id, entry)` narrows it.
 */
export function queue(histories, catalog, now = Date.now(), { filter = () => true, all = false } = {}) {
  const byChapter = new Map();
  for (const [id, log] of Object.entries(histories)) {
    const where = catalog[id];
    const s = where ? status(log, now) : null;
    if (!s || !filter(id, s) || (!all && !isDueToday(s.due, now))) continue;
    const item = { id, ...where, ...s };
    if (!byChapter.has(where.chapter)) byChapter.set(where.chapter, []);
    byChapter.get(where.chapter).push(item);
  }
  for (const items of byChapter.values()) items.sort((a, b) => a.due - b.due || a.id.localeCompare(b.id));
  const chapters = [...byChapter.keys()].sort((a, b) => a - b);
  const out = [];
  while (chapters.some((c) => byChapter.get(c).length)) {
    for (const c of chapters) if (byChapter.get(c).length) out.push(byChapter.get(c).shift());
  }
  return out;
}

/** Calibration: for each confidence, how many answers were right. {sure: {right, total}, …}. */
export function calibration(logs) {
  const out = { sure: { right: 0, total: 0 }, think: { right: 0, total: 0 }, guess: { right: 0, total: 0 } };
  for (const log of logs) {
    for (const attempt of log) {
      if (!attempt.confidence || !out[attempt.confidence]) continue;
      out[attempt.confidence].total++;
      if (attempt.result === "correct") out[attempt.confidence].right++;
    }
  }
  return out;
}
