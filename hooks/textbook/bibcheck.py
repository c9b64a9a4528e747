"""Checks that keep ``references.bib`` rendering as APA 7.

pandoc's citeproc formats whatever the file says, so the faults an audit found in print come
from the file: a person spelt two ways (citeproc then prints initials in every in-text
citation), an entry with no author (a title-first citation), a proper noun or acronym left
unbraced (sentence case lowers it), a journal article with nothing to find it by, a web page
with no author or organisation. Each gets ``references.bib:LINE: what; how to fix``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .errors import ErrorLog, line_finder

NEEDS_AUTHOR = {"article", "book", "incollection", "inbook", "inproceedings", "phdthesis", "mastersthesis", "techreport"}
WEB = {"misc", "online", "electronic", "webpage"}
# Words that are proper nouns wherever they appear in a title (beyond the bibliography's own
# family names): months, nations and languages, and names the book's titles use.
PROPER = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "American", "British", "English", "European", "German", "Swiss", "Swedish",
    "Finnish", "Dutch", "Belgian", "French", "Italian", "Turkish", "Chinese", "Canadian", "Australian",
    "Freud", "Rogers", "Bordin", "Kohut", "Bateson", "California", "Tarasoff", "Aeschi", "Bern", "Zurich",
    "Zürich", "Internet", "Rogerian", "Freudian", "Socratic", "Jr",
}
# Family names that are also everyday title words: not treated as proper nouns.
COMMON_WORDS = {
    "hill", "hook", "frank", "young", "green", "brown", "white", "black", "stone", "small", "long", "short",
    "strong", "wise", "case", "bell", "king", "price", "reid", "lane", "page", "ward", "park", "rich", "best",
    "good", "moore", "gray", "grey", "fields", "field", "low", "high", "new", "law", "love", "rose", "hall",
    "hope", "may", "march", "cook", "day", "man", "free", "fox", "lamb", "gold", "star", "sharp", "bird",
}
_ENTRY = re.compile(r"^[ \t]*@([A-Za-z]+)[ \t]*\{[ \t]*([^,\s]*)[ \t]*,", re.MULTILINE)
_FIELD = re.compile(r"\s*([A-Za-z][\w-]*)\s*=\s*")


@dataclass
class Entry:
    kind: str
    key: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)


def parse_entries(text: str) -> list[Entry]:
    """The entries of a BibTeX file with their fields and the line of each (braces kept)."""
    line_of = line_finder(text)
    entries = []
    for m in _ENTRY.finditer(text):
        kind = m.group(1).lower()
        if kind in ("comment", "preamble", "string"):
            continue
        entry = Entry(kind, m.group(2), line_of(m.start()))
        pos = m.end()
        while pos < len(text):
            f = _FIELD.match(text, pos)
            if not f:
                break
            name, start = f.group(1).lower(), f.end()
            value, pos = _value(text, start)
            entry.fields[name] = value
            entry.field_lines[name] = line_of(f.start(1))
            pos = _SEPARATOR.match(text, pos).end()
            if text[pos : pos + 1] == "}":
                break
        entries.append(entry)
    return entries


_SEPARATOR = re.compile(r"\s*,?")
_BARE_VALUE = re.compile(r"[^,}\s]+")


def _value(text: str, start: int) -> tuple[str, int]:
    if start >= len(text):
        return "", start
    opener = text[start]
    if opener in "{\"":
        closer, depth, i = ("}" if opener == "{" else "\""), 0, start
        while i < len(text):
            c = text[i]
            if c == "\\":
                i += 2
                continue
            if opener == "{":
                depth += c == "{"
                depth -= c == "}"
                if depth == 0:
                    return text[start + 1 : i], i + 1
            elif c == "\"" and i > start:
                return text[start + 1 : i], i + 1
            i += 1
        return text[start + 1 :], len(text)
    m = _BARE_VALUE.match(text, start)
    return (m.group(0), m.end()) if m else ("", start)


def _names(value: str) -> list[tuple[str, str]]:
    """(family, given) of each person in a BibTeX name list; organisations ({…}) give (name, "")."""
    people = []
    for raw in re.split(r"\s+and\s+", value.strip()):
        raw = raw.strip()
        if not raw or raw == "others":
            continue
        if raw.startswith("{") and raw.endswith("}"):
            people.append((raw[1:-1], ""))
            continue
        parts = [p.strip() for p in _split_commas(raw)]
        if len(parts) == 3:  # Family, Jr., Given
            people.append((parts[0], parts[2]))
        elif len(parts) == 2:
            people.append((parts[0], parts[1]))
        else:
            words = raw.split()
            people.append((words[-1], " ".join(words[:-1])))
    return people


def _split_commas(text: str) -> list[str]:
    out, depth, current = [], 0, ""
    for c in text:
        depth += c == "{"
        depth -= c == "}"
        if c == "," and depth == 0:
            out.append(current)
            current = ""
        else:
            current += c
    return out + [current]


def _plain(text: str) -> str:
    """TeX accents and braces removed: Fl{\\"u}ckiger -> Flückiger (for comparing names)."""
    accents = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "c": "\u0327", ".": "\u0307"}
    text = re.sub(r"\\([\"'`^~c.])\s*\{?\\?([A-Za-z])\}?", lambda m: m.group(2) + accents[m.group(1)], text)
    import unicodedata

    return unicodedata.normalize("NFC", text.replace("{", "").replace("}", "").replace("\\", ""))


def _unbraced_words(title: str) -> list[tuple[str, int]]:
    """Words of a title outside braces, with their offset."""
    words, depth, i = [], 0, 0
    for m in re.finditer(r"[{}]|[^\s{}]+", title):
        token = m.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            words.append((token, m.start()))
        i = m.end()
    return words


def check(text: str, shown: str, log: ErrorLog, cited: set[str] | None = None) -> None:
    """Every fault of the file that would print wrongly; ``cited``: check only these keys' entries."""
    entries = parse_entries(text)
    families = set()
    for e in entries:
        for who in ("author", "editor"):
            for family, given in _names(e.fields.get(who, "")):
                fam = _plain(family)
                if given and len(fam) >= 4 and fam.lower() not in COMMON_WORDS and " " not in fam:
                    families.add(fam)
    proper = PROPER | families
    for e in entries:
        if cited is not None and e.key not in cited:
            continue
        where = lambda name: e.field_lines.get(name, e.line)  # noqa: E731
        has_person = any(_names(e.fields.get(w, "")) for w in ("author", "editor"))
        if e.kind in NEEDS_AUTHOR and not has_person:
            log.add(shown, e.line, f"entry '{e.key}' ({e.kind}) has no author or editor, so it would be cited by its title; add author = {{Family, Given and …}} or remove the entry")
        if e.kind in WEB and not has_person and " v. " not in e.fields.get("title", ""):
            log.add(shown, e.line, f"web source '{e.key}' has no author or organisation; add author = {{{{Organisation Name}}}} (double braces for an organisation)")
        if e.kind == "article" and not e.fields.get("doi") and not (e.fields.get("volume") and e.fields.get("pages")) and not e.fields.get("url"):
            log.add(shown, e.line, f"journal article '{e.key}' has neither a DOI nor volume and pages; add doi = {{…}}, or volume and pages (or, for an online-only article, its url)")
        for name in ("title", "booktitle"):
            if name not in e.fields:
                continue
            for word, _ in _unbraced_words(e.fields[name]):
                bare = re.sub(r"^[^\w\\]+|[^\w]+$", "", _plain(word))
                stem = re.sub(r"['’]s$", "", bare)
                if not stem:
                    continue
                letters = re.sub(r"[^A-Za-zÀ-ÿ]", "", stem)
                if len(letters) >= 2 and letters.isupper() and stem != "I":
                    log.add(shown, where(name), f"'{stem}' in the {name} of '{e.key}' is in capitals but not braced, so APA sentence case would lower it; write {{{stem}}}")
                elif stem in proper:
                    log.add(shown, where(name), f"'{stem}' in the {name} of '{e.key}' is a proper noun but not braced, so APA sentence case would lower it; write {{{stem}}}")


def different_people(text: str) -> set[str]:
    """Family names the file declares as shared by different people: ``@comment{different-people: Name, Name}``."""
    found = set()
    for m in re.finditer(r"@comment\s*\{\s*different-people\s*:([^}]*)\}", text, re.I):
        found |= {n.strip() for n in m.group(1).split(",") if n.strip()}
    return found


def check_initials(citations: dict[str, str], text: str, shown: str, log: ErrorLog, allowed: set[str] = frozenset()) -> None:
    """In-text citations that print initials before a surname, traced to the entries that spell
    that person differently. ``allowed``: family names that truly belong to different people."""
    entries = parse_entries(text)
    printed = set()
    for rendered in citations.values():
        plain = html.unescape(re.sub(r"<[^>]+>", "", rendered))
        for m in re.finditer(r"(?:\b[A-Z]\.[ -]?)+\s?([A-Z][\w’'-]+(?:[ -][A-Z][\w’'-]+)?)", plain):
            printed.add(m.group(1).split()[0] if " " in m.group(1) else m.group(1))
    for family in sorted(printed):
        if family in allowed:
            continue
        spellings: dict[str, list[Entry]] = {}
        for e in entries:
            for who in ("author", "editor"):
                for fam, given in _names(e.fields.get(who, "")):
                    if _plain(fam) == family:
                        spellings.setdefault(" ".join(_plain(given).split()), []).append(e)
        if len(spellings) < 2:
            continue
        forms = sorted(spellings, key=len, reverse=True)
        fullest = forms[0]
        for given in forms[1:]:
            for e in spellings[given]:
                log.add(shown, e.line, f"'{family}, {given}' in '{e.key}' is spelt '{family}, {fullest}' elsewhere, so citeproc prints initials in citations ('{given[:1]}. {family}'); use one spelling for the same person, or, if they are different people, add @comment{{different-people: {family}}}")
