// The book's one storage module: everything a reader does is kept here, in this browser only.
//
// Keys: "alliance-book/v1/<kind>/<id>", e.g. "alliance-book/v1/quiz/ch03-bond-1". Each entry is
// written whole with one setItem (atomic), as {"t": <ms since epoch>, "d": <data>}.
//
// Reading and writing are separate capabilities. A browser whose storage is full can still
// read: everything saved stays visible and in backups, and only new changes are kept in
// memory (with a notice). A browser that refuses storage altogether keeps this visit's work in
// memory. An entry whose shape is wrong (records.mjs) is set aside: left where it is, listed
// in backups, reported once, and never handed to a widget. When the book writes that key again,
// the unusable entry is first moved to "alliance-book/set-aside/<kind>/<id>", so it is never
// overwritten or deleted: it stays in backups until the reader erases everything.

import { DESCRIPTIONS, RecordError, validate } from "./records.mjs";

export const NAMESPACE = "alliance-book";
export const SCHEMA = 1;
export const BACKUP_FORMAT = "alliance-book-backup";
export const BACKUP_VERSION = 2;
const PREFIX = `${NAMESPACE}/v${SCHEMA}/`;
const ASIDE = `${NAMESPACE}/set-aside/`;
const META = `${NAMESPACE}/schema`;
const KEY_PATTERN = /^[a-z][a-z-]*\/[^/\s][^\s]*$/;

// Migrations from older schemas: MIGRATIONS[n] turns a schema-n store into schema n+1.
const MIGRATIONS = {};

const memory = new Map(); // entries kept for this visit (storage blocked or full)
const setAside = new Map(); // key -> {raw, reason}: entries that cannot be used as they are
const listeners = new Set();
const notices = [];
let backend; // undefined: not opened yet; null: cannot read; else window.localStorage
let writable = false;
let status = "ok"; // ok | full (reads work, writes do not) | blocked (nothing works)

function open() {
  if (backend !== undefined) return backend;
  let ls = null;
  try {
    ls = window.localStorage;
    ls.getItem(META); // reading is what shows the reader their work
  } catch (error) {
    ls = null;
  }
  backend = ls;
  if (!ls) {
    status = "blocked";
    notify("blocked", "Your browser is not letting this book use its storage, so nothing you do here can be saved: your answers are kept only until you leave or reload this page. To keep them, download a backup from My progress before you leave.");
    return backend;
  }
  try {
    const probe = `${NAMESPACE}/probe`;
    ls.setItem(probe, "1");
    ls.removeItem(probe);
    writable = true;
    migrate(ls);
  } catch (error) {
    writable = false;
    markFull();
  }
  return backend;
}

function markFull() {
  if (status === "full") return;
  status = "full";
  notify("full", "Your browser's storage for this book is full. Everything you saved before is still here and shown, but new changes are kept only until you leave this page. Download a backup from My progress to keep them, or free some space.");
}

function migrate(ls) {
  let from = Number.parseInt(ls.getItem(META) ?? String(SCHEMA), 10);
  if (!Number.isFinite(from) || from > SCHEMA) return; // a newer book wrote this: leave it alone
  while (from < SCHEMA && MIGRATIONS[from]) MIGRATIONS[from++](ls);
  if (ls.getItem(META) !== String(SCHEMA)) ls.setItem(META, String(SCHEMA));
}

function notify(kind, message) {
  const notice = { kind, message };
  notices.push(notice);
  for (const listener of listeners) {
    try { listener(notice); } catch (error) { /* a broken listener must not stop the others */ }
  }
}

/** Call `listener({kind, message})` for every storage notice, past and future. */
export function onNotice(listener) {
  listeners.add(listener);
  for (const notice of notices) listener(notice);
  return () => listeners.delete(listener);
}

/** "ok"; "full" (saved work is read, new changes live in memory); "blocked" (nothing is stored). */
export function storageStatus() {
  open();
  return status;
}

const keyOf = (kind, id) => `${PREFIX}${kind}/${id}`;

function parse(raw) {
  const entry = JSON.parse(raw);
  if (!entry || typeof entry !== "object" || Array.isArray(entry) || !Number.isFinite(entry.t) || !("d" in entry)) {
    throw new RecordError("it is not an entry of this book");
  }
  return entry;
}

function readRaw(key) {
  const ls = open();
  if (!ls) return null;
  try {
    return ls.getItem(key);
  } catch (error) {
    return null;
  }
}

function putAside(key, raw, error) {
  if (setAside.has(key)) return;
  setAside.set(key, { raw, reason: error instanceof RecordError ? error.message : "it could not be read" });
  const kind = key.slice(PREFIX.length).split("/")[0];
  notify("set-aside", `A saved ${DESCRIPTIONS[kind] ?? "entry"} could not be used (${setAside.get(key).reason}), so it has been set aside: it is kept in your backups but not shown. Everything else you saved is unaffected.`);
}

/** The whole entry {t, d} for kind/id with its data checked, or null (missing or set aside). */
export function getEntry(kind, id) {
  const key = keyOf(kind, id);
  if (memory.has(key)) return memory.get(key);
  const raw = readRaw(key);
  if (raw === null) return null;
  try {
    const entry = parse(raw);
    return { t: entry.t, d: validate(kind, id, entry.d) };
  } catch (error) {
    putAside(key, raw, error);
    return null;
  }
}

/** The data saved for kind/id, or `fallback`. */
export function get(kind, id, fallback = null) {
  const entry = getEntry(kind, id);
  return entry === null ? fallback : entry.d;
}

/** Save data for kind/id; true if it is stored persistently, false if only for this visit. */
export function set(kind, id, data, time = Date.now()) {
  return write(keyOf(kind, id), { t: time, d: data });
}

/** The reason an entry in storage cannot be used, or null if it can (or there is none). */
function unusable(key, raw) {
  if (raw === null) return null;
  const [kind, ...rest] = key.slice(PREFIX.length).split("/");
  try {
    validate(kind, rest.join("/"), parse(raw).d);
    return null;
  } catch (error) {
    return error instanceof RecordError ? error.message : "it could not be read";
  }
}

/**
 * Overwrite `key` with `json`, first moving an unusable entry held there to the set-aside area
 * (so a bad entry is never lost by being written over). Throws if storage refuses either write;
 * then the old entry is still where it was.
 */
function put(ls, key, json) {
  moveAsideIfUnusable(ls, key);
  ls.setItem(key, json);
}

/** Move an unusable entry at `key` to the set-aside area (throws if storage refuses). */
function moveAsideIfUnusable(ls, key) {
  const raw = ls.getItem(key);
  const reason = raw === null ? null : setAside.get(key)?.reason ?? unusable(key, raw);
  if (!reason) return;
  keepAside(ls, key.slice(PREFIX.length), raw, reason);
  setAside.delete(key);
}

/** Store {raw, reason} under the set-aside area as `name` (or name~2, ~3… if that is taken). */
function keepAside(ls, name, raw, reason) {
  for (let n = 1; n < 1000; n++) {
    const target = n === 1 ? ASIDE + name : `${ASIDE}${name}~${n}`;
    const held = ls.getItem(target);
    let same = false;
    try { same = held !== null && JSON.parse(held)?.raw === raw; } catch (error) { same = false; }
    if (held === null || same) {
      if (!same) ls.setItem(target, JSON.stringify({ raw, reason }));
      return;
    }
  }
  throw new Error("too many set-aside copies");
}

function write(key, entry) {
  const ls = open();
  if (ls) {
    try {
      put(ls, key, JSON.stringify(entry));
      memory.delete(key);
      setAside.delete(key);
      if (status === "full" && !writable) writable = true;
      return true;
    } catch (error) {
      markFull();
    }
  }
  memory.set(key, entry);
  return false;
}

/** Remove kind/id. */
export function remove(kind, id) {
  const key = keyOf(kind, id);
  memory.delete(key);
  const ls = open();
  try {
    if (ls) moveAsideIfUnusable(ls, key); // removing a set-aside entry must not lose it
    ls?.removeItem(key);
  } catch (ignored) { /* nothing more to do: it stays where it was */ }
  setAside.delete(key);
}

function storedKeys(prefix = PREFIX) {
  const ls = open();
  const keys = [];
  if (!ls) return keys;
  try {
    for (let i = 0; i < ls.length; i++) {
      const key = ls.key(i);
      if (key && key.startsWith(prefix)) keys.push(key);
    }
  } catch (error) { /* storage went away: what we have is what we can read */ }
  return keys;
}

/** Entries moved out of the way when their key was written again, as [name, {raw, reason}]. */
function movedAside() {
  const found = [];
  for (const key of storedKeys(ASIDE)) {
    try {
      const held = JSON.parse(open().getItem(key));
      if (held && typeof held.raw === "string") found.push([key.slice(ASIDE.length), { raw: held.raw, reason: String(held.reason ?? "") }]);
    } catch (error) {
      found.push([key.slice(ASIDE.length), { raw: readRaw(key) ?? "", reason: "it could not be read" }]);
    }
  }
  return found;
}

/** Every usable entry of the book as [ "kind/id", {t, d} ], sorted; set-aside ones are left out. */
export function entries() {
  const found = new Map();
  for (const key of storedKeys()) {
    const [kind, ...rest] = key.slice(PREFIX.length).split("/");
    const entry = getEntry(kind, rest.join("/"));
    if (entry) found.set(key.slice(PREFIX.length), entry);
  }
  for (const [key, entry] of memory) found.set(key.slice(PREFIX.length), entry);
  return [...found].sort(([a], [b]) => a.localeCompare(b));
}

/** Entries that could not be used, as [ "kind/id", {raw, reason} ] (they stay in storage). */
export function setAsideEntries() {
  entries();
  const here = [...setAside].map(([key, value]) => [key.slice(PREFIX.length), value]);
  const names = new Set(here.map(([name]) => name));
  return [...here, ...movedAside().map(([name, value]) => [names.has(name) ? `${name}~moved` : name, value])];
}

/** Remove every entry the book stored (other sites' and other apps' data are untouched). */
export function eraseAll() {
  for (const key of [...storedKeys(), ...storedKeys(ASIDE)]) {
    try { backend.removeItem(key); } catch (ignored) { /* nothing more to do */ }
  }
  memory.clear();
  setAside.clear();
}

// Backups ---------------------------------------------------------------------------------

/** One JSON-ready object with everything the book can read here, set-aside entries included. */
export function exportBackup(now = new Date()) {
  const all = entries();
  const aside = setAsideEntries();
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exported: now.toISOString(),
    entries: Object.fromEntries(all),
    ...(aside.length ? { setAside: Object.fromEntries(aside.map(([key, { raw, reason }]) => [key, { raw, reason }])) } : {}),
  };
}

/**
 * Check a parsed backup file. Returns {ok: true, entries, damaged} or {ok: false, message}.
 * Entries of a known kind are checked by the same validators as stored ones; damaged entries
 * are listed, not restored. Nothing is changed either way.
 */
export function validateBackup(data) {
  const fail = (message) => ({ ok: false, message });
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    return fail("This file is not a backup from this book: it does not contain a backup object.");
  }
  if (data.format !== BACKUP_FORMAT) {
    return fail("This file is not a backup from this book (its format is not alliance-book-backup).");
  }
  if (!Number.isInteger(data.version) || data.version < 1) {
    return fail("This backup has no valid version number, so it cannot be read safely.");
  }
  if (data.version > BACKUP_VERSION) {
    return fail(`This backup was made by a newer version of the book (format ${data.version}; this page reads up to ${BACKUP_VERSION}). Open the latest version of the book to restore it.`);
  }
  const items = data.entries;
  if (!items || typeof items !== "object" || Array.isArray(items)) {
    return fail("This backup is damaged: its list of entries is missing.");
  }
  const good = {};
  const damaged = [];
  for (const [key, entry] of Object.entries(items)) {
    if (!KEY_PATTERN.test(key) || key.length > 300) {
      damaged.push({ key: key.slice(0, 80), reason: "it is not an entry name this book uses" });
      continue;
    }
    if (!entry || typeof entry !== "object" || !Number.isFinite(entry.t) || !("d" in entry)) {
      damaged.push({ key, reason: "the entry is incomplete" });
      continue;
    }
    const [kind, ...rest] = key.split("/");
    try {
      good[key] = { t: entry.t, d: validate(kind, rest.join("/"), entry.d) };
    } catch (error) {
      damaged.push({ key, reason: error instanceof RecordError ? error.message : "it could not be read" });
    }
  }
  const aside = [];
  if (data.setAside && typeof data.setAside === "object" && !Array.isArray(data.setAside)) {
    for (const [name, held] of Object.entries(data.setAside)) {
      if (KEY_PATTERN.test(name.replace(/~(\d+|moved)$/, "")) && name.length <= 300 && held && typeof held.raw === "string" && held.raw.length <= 1_000_000) {
        aside.push([name.replace(/~(\d+|moved)$/, ""), { raw: held.raw, reason: String(held.reason ?? "").slice(0, 300) }]);
      } else damaged.push({ key: name.slice(0, 80), reason: "it is not a set-aside entry this book made" });
    }
  }
  if (Object.keys(items).length && !Object.keys(good).length && damaged.length) {
    return fail(`This backup is damaged: none of its ${damaged.length} entries can be read (for example "${damaged[0].key}": ${damaged[0].reason}).`);
  }
  return { ok: true, entries: good, damaged, aside };
}

/**
 * Restore a backup: "merge" keeps the newer of each entry; "replace" makes this browser hold
 * exactly the backup, but only once every entry is stored: if the browser runs out of room,
 * everything that was here is put back and nothing is lost.
 * Entries the file lists as set aside are kept in this browser's set-aside area too.
 * Returns {ok, restored, skipped, damaged, failed, memoryOnly, keptAside, message?}.
 */
export function restoreBackup(data, mode) {
  const checked = validateBackup(data);
  if (!checked.ok) return checked;
  const ls = open();
  const incoming = Object.entries(checked.entries);
  const current = new Map(entries());
  const result = { ok: true, restored: 0, skipped: 0, damaged: checked.damaged.length, failed: 0, memoryOnly: 0, keptAside: 0 };
  if (!ls) {
    for (const [key, entry] of incoming) {
      memory.set(PREFIX + key, entry);
      result.memoryOnly++;
    }
    return result;
  }
  const keepFileAside = () => {
    for (const [name, { raw, reason }] of checked.aside) {
      try { keepAside(ls, name, raw, reason); result.keptAside++; } catch (error) { markFull(); }
    }
  };
  if (mode === "replace") {
    // Entries that could not be used are not the reader's to lose by replacing: keep them aside.
    for (const key of storedKeys()) {
      try { moveAsideIfUnusable(ls, key); } catch (error) {
        return { ok: false, message: "This browser does not have room to keep the entries it set aside, so nothing was replaced. Free some space, or choose Merge." };
      }
    }
    const before = new Map(storedKeys().map((key) => [key, readRaw(key)]));
    for (const key of before.keys()) {
      try { ls.removeItem(key); } catch (ignored) { /* put back below if needed */ }
    }
    let fits = true;
    for (const [key, entry] of incoming) {
      try {
        ls.setItem(PREFIX + key, JSON.stringify(entry));
      } catch (error) {
        fits = false;
        break;
      }
    }
    if (!fits) {
      for (const [key] of incoming) { try { ls.removeItem(PREFIX + key); } catch (ignored) { /* */ } }
      for (const [key, raw] of before) { try { if (raw !== null) ls.setItem(key, raw); } catch (ignored) { /* */ } }
      return { ok: false, message: "This browser does not have room for the whole backup, so nothing was replaced: everything that was here is still here. Free some space, or choose Merge to restore what fits." };
    }
    memory.clear();
    setAside.clear();
    result.restored = incoming.length;
    keepFileAside();
    return result;
  }
  for (const [key, entry] of incoming) {
    const mine = current.get(key);
    if (mine && mine.t >= entry.t) {
      result.skipped++;
      continue;
    }
    try {
      put(ls, PREFIX + key, JSON.stringify(entry));
      memory.delete(PREFIX + key);
      result.restored++;
    } catch (error) {
      memory.set(PREFIX + key, entry);
      result.failed++;
    }
  }
  keepFileAside();
  if (result.failed) markFull();
  return result;
}

// Small helpers shared by the widgets ------------------------------------------------------

/** This reader's random seed: options shuffle the same way for them on every visit. */
export function readerSeed() {
  let seed = get("meta", "seed");
  if (typeof seed !== "number") {
    seed = Math.floor(Math.random() * 2 ** 31);
    set("meta", "seed", seed);
  }
  return seed;
}

/** Forget what this module learnt about the browser (tests, and after the reader frees space). */
export function reopen() {
  backend = undefined;
  writable = false;
  status = "ok";
  setAside.clear();
}
