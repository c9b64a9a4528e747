// The book's one storage module: everything a reader does is kept here, in this browser only.
//
// Keys: "alliance-book/v1/<kind>/<id>", e.g. "alliance-book/v1/quiz/ch03-bond-1". Each entry is
// written whole with one setItem (atomic), as {"t": <ms since epoch>, "d": <data>}. A corrupted
// entry is dropped on its own with a notice; blocked or full storage falls back to memory.

export const NAMESPACE = "alliance-book";
export const SCHEMA = 1;
export const BACKUP_FORMAT = "alliance-book-backup";
const PREFIX = `${NAMESPACE}/v${SCHEMA}/`;
const META = `${NAMESPACE}/schema`;

// Migrations from older schemas: MIGRATIONS[n] turns a schema-n store into schema n+1.
const MIGRATIONS = {};

const memory = new Map(); // entries kept for this visit when storage is blocked or full
const listeners = new Set();
let backend = null; // window.localStorage when usable
let status = "ok"; // ok | blocked | full
const notices = [];

function open() {
  if (backend !== null || status === "blocked") return backend;
  try {
    const ls = window.localStorage;
    const probe = `${NAMESPACE}/probe`;
    ls.setItem(probe, "1");
    ls.removeItem(probe);
    backend = ls;
    migrate(ls);
  } catch (error) {
    backend = null;
    status = "blocked";
    notify("blocked", "Your browser is not letting this book save anything, so your answers are kept only until you leave or reload this page. To keep them, download a backup from My progress before you leave.");
  }
  return backend;
}

function migrate(ls) {
  let from = Number.parseInt(ls.getItem(META) ?? String(SCHEMA), 10);
  if (!Number.isFinite(from) || from > SCHEMA) return; // a newer book wrote this: leave it alone
  while (from < SCHEMA && MIGRATIONS[from]) MIGRATIONS[from++](ls);
  ls.setItem(META, String(SCHEMA));
}

function notify(kind, message) {
  const notice = { kind, message };
  notices.push(notice);
  for (const listener of listeners) listener(notice);
}

/** Call `listener({kind, message})` for every storage notice, past and future. */
export function onNotice(listener) {
  listeners.add(listener);
  for (const notice of notices) listener(notice);
  return () => listeners.delete(listener);
}

/** "ok", "blocked" (nothing can be saved) or "full" (some changes live only in memory). */
export function storageStatus() {
  open();
  return status;
}

const keyOf = (kind, id) => `${PREFIX}${kind}/${id}`;

function parse(raw) {
  const entry = JSON.parse(raw);
  if (!entry || typeof entry !== "object" || typeof entry.t !== "number" || !("d" in entry)) {
    throw new TypeError("not an entry");
  }
  return entry;
}

/** The whole entry {t, d} for kind/id, or null. A corrupted entry is removed with a notice. */
export function getEntry(kind, id) {
  const key = keyOf(kind, id);
  if (memory.has(key)) return memory.get(key);
  const ls = open();
  if (!ls) return null;
  let raw = null;
  try {
    raw = ls.getItem(key);
    return raw === null ? null : parse(raw);
  } catch (error) {
    try { ls.removeItem(key); } catch (ignored) { /* nothing more to do */ }
    notify("corrupted", `A saved ${describe(kind)} could not be read, so it has been reset. Everything else you saved is unaffected.`);
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

function write(key, entry) {
  const ls = open();
  if (ls) {
    try {
      ls.setItem(key, JSON.stringify(entry));
      memory.delete(key);
      return true;
    } catch (error) {
      if (status !== "full") {
        status = "full";
        notify("full", "Your browser's storage for this book is full, so new changes are kept only until you leave this page. Download a backup from My progress to keep them.");
      }
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
  try { ls?.removeItem(key); } catch (ignored) { /* blocked: nothing stored anyway */ }
}

/** Every entry of the book as [ "kind/id", {t, d} ], corrupted ones dropped with a notice. */
export function entries() {
  const found = new Map();
  const ls = open();
  if (ls) {
    const keys = [];
    for (let i = 0; i < ls.length; i++) {
      const key = ls.key(i);
      if (key && key.startsWith(PREFIX)) keys.push(key);
    }
    for (const key of keys) {
      const [kind, ...rest] = key.slice(PREFIX.length).split("/");
      const entry = getEntry(kind, rest.join("/"));
      if (entry) found.set(key.slice(PREFIX.length), entry);
    }
  }
  for (const [key, entry] of memory) found.set(key.slice(PREFIX.length), entry);
  return [...found].sort(([a], [b]) => a.localeCompare(b));
}

/** Remove every entry the book stored (other sites' and other apps' data are untouched). */
export function eraseAll() {
  for (const [key] of entries()) {
    const [kind, ...rest] = key.split("/");
    remove(kind, rest.join("/"));
  }
  memory.clear();
}

function describe(kind) {
  return { quiz: "quiz answer", score: "quiz score", reflection: "reflection", visit: "reading record" }[kind] ?? "entry";
}

// Backups ---------------------------------------------------------------------------------

/** One JSON-ready object with everything the book stored. */
export function exportBackup(now = new Date()) {
  return {
    format: BACKUP_FORMAT,
    version: SCHEMA,
    exported: now.toISOString(),
    entries: Object.fromEntries(entries()),
  };
}

/**
 * Check a parsed backup file. Returns {ok: true, entries} or {ok: false, message}.
 * Nothing is changed either way.
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
  if (data.version > SCHEMA) {
    return fail(`This backup was made by a newer version of the book (format ${data.version}; this page reads up to ${SCHEMA}). Open the latest version of the book to restore it.`);
  }
  const items = data.entries;
  if (!items || typeof items !== "object" || Array.isArray(items)) {
    return fail("This backup is damaged: its list of entries is missing.");
  }
  for (const [key, entry] of Object.entries(items)) {
    if (!/^[a-z-]+\/[^/].*$/.test(key)) return fail(`This backup is damaged: "${key}" is not an entry name this book uses.`);
    if (!entry || typeof entry !== "object" || typeof entry.t !== "number" || !("d" in entry)) {
      return fail(`This backup is damaged: the entry "${key}" is incomplete.`);
    }
  }
  return { ok: true, entries: items };
}

/** Restore a validated backup: "merge" keeps the newer of each entry, "replace" erases first. */
export function restoreBackup(data, mode) {
  const checked = validateBackup(data);
  if (!checked.ok) return checked;
  const current = new Map(entries());
  if (mode === "replace") eraseAll();
  let restored = 0;
  for (const [key, entry] of Object.entries(checked.entries)) {
    const mine = current.get(key);
    if (mode === "merge" && mine && mine.t >= entry.t) continue;
    write(PREFIX + key, { t: entry.t, d: entry.d });
    restored++;
  }
  return { ok: true, restored };
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
