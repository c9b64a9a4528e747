// The shape of every kind of entry the book stores, checked in one place.
//
// storage.mjs runs these validators when it reads an entry and when it restores a backup, so
// a damaged or hand-edited entry can never reach a widget: it is set aside (kept, never
// deleted) with a notice, and everything else works. Each validator returns the entry's data
// in its expected shape, or throws a RecordError saying what is wrong.

export class RecordError extends Error {}

const fail = (why) => { throw new RecordError(why); };
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isText = (v, max = 200_000) => typeof v === "string" && v.length <= max;
const isCount = (v) => Number.isInteger(v) && v >= 0 && v <= 100_000;
const isTime = (v) => Number.isFinite(v) && v >= 0 && v < 8.64e15;
const STATES = ["correct", "incorrect", "revealed"];
export const CONFIDENCE = ["sure", "think", "guess"];

function object(data, what) {
  if (!isObject(data)) fail(`${what} is not a record`);
  return data;
}

function text(value, what, max) {
  if (!isText(value, max)) fail(`${what} is not text`);
  return value;
}

function optional(data, key, check) {
  return data[key] === undefined ? undefined : check(data[key]);
}

/** A quiz answer as the quiz stores it: a list of choices, a text, or item -> choice. */
function answer(value) {
  if (typeof value === "string") return text(value, "the answer", 2000);
  if (Array.isArray(value)) {
    if (value.length > 200 || !value.every((v) => isText(v, 50))) fail("the answer's choices are not valid");
    return value;
  }
  if (isObject(value)) {
    const pairs = Object.entries(value);
    if (pairs.length > 200 || !pairs.every(([k, v]) => isText(k, 50) && isText(v, 50))) fail("the answer's pairs are not valid");
    return value;
  }
  return fail("the answer is missing");
}

function attempt(value) {
  object(value, "an attempt");
  if (value.source !== undefined && !["chapter", "review"].includes(value.source)) fail("an attempt's source is not chapter or review");
  if (!isTime(value.t)) fail("an attempt has no time");
  if (!STATES.includes(value.result)) fail("an attempt has no result");
  if (value.confidence !== undefined && !CONFIDENCE.includes(value.confidence)) fail("an attempt's confidence is not sure, think or guess");
  return { t: value.t, result: value.result, ...(value.confidence ? { confidence: value.confidence } : {}) };
}

function earlier(value) {
  object(value, "an earlier answer");
  return { version: text(value.version, "its version", 40), answer: answer(value.answer), state: STATES.includes(value.state) ? value.state : "incorrect", t: isTime(value.t) ? value.t : 0 };
}

export const VALIDATORS = {
  quiz(data) {
    object(data, "the saved answer");
    const state = data.state;
    if (!STATES.includes(state)) fail("the saved answer has no valid state");
    const out = { version: text(data.version, "its question version", 40), answer: answer(data.answer), state };
    out.attempts = data.attempts === undefined ? 1 : isCount(data.attempts) ? data.attempts : fail("the number of attempts is not a count");
    out.first = data.first === undefined ? state : STATES.includes(data.first) ? data.first : fail("the first attempt's result is not valid");
    const confidence = optional(data, "confidence", (v) => (CONFIDENCE.includes(v) ? v : fail("the confidence is not sure, think or guess")));
    if (confidence) out.confidence = confidence;
    if (data.earlier !== undefined) {
      if (!Array.isArray(data.earlier) || data.earlier.length > 20) fail("the earlier answers are not a list");
      out.earlier = data.earlier.map(earlier);
    }
    return out;
  },
  score(data) {
    object(data, "the quiz score");
    const counts = ["total", "checked", "correct", "last", "best"];
    for (const key of counts) if (!isCount(data[key])) fail(`the score's ${key} is not a count`);
    if (data.checked > data.total || data.correct > data.checked || data.best > data.total || data.last > data.total) fail("the score's counts do not add up");
    const out = { chapter: text(data.chapter ?? "", "its chapter", 200) };
    for (const key of counts) out[key] = data[key];
    for (const key of ["first", "revealed"]) {
      if (data[key] !== undefined) out[key] = isCount(data[key]) && data[key] <= data.total ? data[key] : fail(`the score's ${key} is not a count`);
    }
    return out;
  },
  reflection(data) {
    object(data, "the reflection");
    const checks = data.checks === undefined ? [] : data.checks;
    if (!Array.isArray(checks) || checks.length > 50 || !checks.every((c) => typeof c === "boolean")) fail("the reflection's checklist is not a list of ticks");
    return { text: text(data.text, "the reflection's text"), checks };
  },
  visit(data) {
    object(data, "the reading record");
    if (!isTime(data.first) || !isTime(data.last)) fail("the reading record has no dates");
    return { first: data.first, last: data.last };
  },
  assignment(data) {
    object(data, "the assignment");
    const items = data.items;
    if (!Array.isArray(items) || items.length === 0 || items.length > 500 || !items.every((i) => isText(i, 200))) fail("the assignment lists nothing to do");
    const due = text(data.due ?? "", "its due date", 10);
    if (due && !isRealDate(due)) fail("the assignment's due date is not a date");
    return { course: text(data.course ?? "", "its course", 120), due, note: text(data.note ?? "", "its note", 1000), items, fragment: text(data.fragment, "its link", 20_000) };
  },
  review(data) {
    object(data, "the review history");
    if (!Array.isArray(data.log) || data.log.length > 500) fail("the review history is not a list");
    const log = data.log.map((a) => ({ ...attempt(a), ...(a.source === "review" ? { source: "review" } : {}) }));
    return { log };
  },
  practice(data) {
    object(data, "the practice response");
    const checks = data.checks === undefined ? [] : data.checks;
    if (!Array.isArray(checks) || checks.length > 20 || !checks.every((c) => typeof c === "boolean")) fail("the practice ratings are not a list of ticks");
    const history = data.history === undefined ? [] : data.history;
    if (!Array.isArray(history) || history.length > 100) fail("the practice history is not a list");
    return {
      text: text(data.text, "the practice response"),
      checks,
      compared: data.compared === true,
      history: history.map((h) => {
        object(h, "a practice attempt");
        if (!isTime(h.t)) fail("a practice attempt has no date");
        const hc = Array.isArray(h.checks) && h.checks.every((c) => typeof c === "boolean") ? h.checks : fail("a practice attempt's ratings are not ticks");
        return { t: h.t, text: text(h.text ?? "", "a practice attempt's text"), checks: hc };
      }),
    };
  },
  meta(data, id) {
    if (id === "seed") return Number.isInteger(data) && data >= 0 ? data : fail("the shuffle seed is not a whole number");
    if (id === "last-chapter") {
      object(data, "the last chapter");
      return { bank: text(data.bank, "its chapter", 200), title: text(data.title, "its title", 300).replace(/\s*¶\s*$/u, ""), path: text(data.path, "its address", 2000) };
    }
    if (id === "finished-paths") {
      if (!Array.isArray(data) || data.length > 1000 || !data.every((p) => isText(p, 2000))) fail("the finished chapters are not a list");
      return data;
    }
    if (id === "student-name") return text(data, "the name", 200);
    return data; // other settings: kept as they are
  },
};

/** Whether `text` (YYYY-MM-DD) names a day that exists. */
export function isRealDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && year <= 2999 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const DESCRIPTIONS = {
  quiz: "quiz answer", score: "quiz score", reflection: "reflection", visit: "reading record",
  assignment: "assignment", review: "review schedule entry", practice: "practice response", meta: "setting",
};

/** The data of a kind/id entry in its expected shape; throws RecordError. Unknown kinds pass. */
export function validate(kind, id, data) {
  const check = VALIDATORS[kind];
  return check ? check(data, id) : data;
}
