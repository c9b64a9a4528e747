"""Markers in chapter Markdown: HTML comments such as ``<!-- quiz: 03-goals-tasks-bond -->``.

A marker is an HTML comment alone on its line, so a page still reads cleanly on GitHub and
where the hooks are missing. Code (fenced blocks and inline spans) is masked first, so
documentation can show markers and citations without expanding them.

Each kind of marker is declared once, by the module of its feature, as a ``MarkerKind``: its
name, what arguments it takes, the check that runs when a page uses it, and its renderer.
``registry.py`` collects them; nothing else knows the list, so a marker cannot exist without
its checks.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable

MARKER = re.compile(
    r"^(?P<indent>[ \t]*)<!--[ \t]*(?P<name>[a-z][a-z-]*)(?:[ \t]*:[ \t]*(?P<args>[^\n]*?))?[ \t]*-->[ \t]*$",
    re.MULTILINE,
)
_COMMENT = re.compile(r"<!--(?P<body>.*?)-->", re.S)
_FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(?P<ticks>`+)[^\n]*?(?P=ticks)")
_ARG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Marker:
    name: str
    args: list[str]
    start: int
    end: int
    line: int  # 1-based, within the text that was scanned
    indent: str


@dataclass(frozen=True)
class MarkerKind:
    """One kind of marker: what it takes, how a page's use of it is checked, how it renders.

    ``args``: "none", "one" (exactly one) or "some" (one or more).
    ``check(marker, path, page, book, errors)`` runs while pages are scanned (cross-file facts
    go into ``book``); ``render(marker, ctx)`` returns the HTML or Markdown that replaces it.
    ``late`` kinds render after the others on the page (a reference list needs the page's
    citations). ``per_book`` kinds may appear on one page only.
    """

    name: str
    args: str
    example: str
    render: Callable[[Marker, Any], str]
    check: Callable[..., None] | None = None
    late: bool = False
    per_book: bool = False
    help: str = ""


def mask_code(text: str) -> str:
    """The text with code blocks and inline code blanked out (same length, same lines)."""
    if "`" not in text and "~~~" not in text:
        return text
    out, fence, lines = [], None, text.splitlines(keepends=True)
    for line in lines:
        if fence:
            out.append(_blank(line))
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            continue
        opened = _FENCE_OPEN.match(line)
        if opened:
            fence = opened.group("fence")
            out.append(_blank(line))
            continue
        out.append(_INLINE_CODE.sub(lambda m: _blank(m.group(0)), line))
    return "".join(out)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def find_markers(text: str) -> list[Marker]:
    """Every marker outside code, in order of appearance; unknown names included."""
    if "<!--" not in text:
        return []
    masked = mask_code(text)
    found, line, counted = [], 1, 0
    for m in MARKER.finditer(masked):
        line += masked.count("\n", counted, m.start())  # lines counted once, from marker to marker
        counted = m.start()
        found.append(Marker(m.group("name"), (m.group("args") or "").split(), m.start(), m.end(), line, m.group("indent")))
    return found


def replace_markers(text: str, handlers: dict[str, Callable[[Marker], str]]) -> str:
    """Replace each marker whose name has a handler; others stay as they are."""
    pieces, last = [], 0
    for marker in find_markers(text):
        handler = handlers.get(marker.name)
        if handler is None:
            continue
        pieces += [text[last : marker.start], handler(marker)]
        last = marker.end
    pieces.append(text[last:])
    return "".join(pieces)


def lookalikes(text: str, names) -> list[tuple[int, str, str]]:
    """HTML comments that look like a marker of ``names`` but are not one: (line, name, what is wrong).

    ``<!-- Quiz: x -->`` (capitals), ``<!-- quiz x -->`` (no colon), ``<!-- quiz:x -->`` beside
    other text on its line, ``<!-- quiz: -->`` (no argument where one is needed) are all caught;
    ordinary comments (notes to other authors) are left alone.
    """
    if "<!--" not in text:
        return []
    masked = mask_code(text)
    exact = {m.start for m in find_markers(text)}
    out = []
    for m in _COMMENT.finditer(masked):
        words = re.split(r"[\s:]+", m.group("body").strip(), maxsplit=1)
        word = words[0].lower() if words and words[0] else ""
        if word not in names:
            continue
        start_of_line = masked.rfind("\n", 0, m.start()) + 1
        if start_of_line in exact or any(s <= m.start() < s + 1 for s in exact):
            continue
        line_text = masked[start_of_line : masked.find("\n", m.end()) if "\n" in masked[m.end():] else len(masked)]
        line = masked.count("\n", 0, m.start()) + 1
        body = m.group("body").strip()
        if "\n" in m.group("body").strip():
            problem = "a marker must fit on one line"
        elif line_text.strip() != m.group(0).strip():
            problem = "a marker must be alone on its line"
        elif not body.startswith(word) or words[0] != word:
            problem = "marker names are lower case"
        elif len(words) > 1 and not re.match(r"\s*:", m.group("body").strip()[len(word):]):
            problem = "a colon must follow the marker's name"
        else:
            problem = "it is not written the way markers are"
        out.append((line, word, problem))
    return out


def unknown_name_hint(name: str, names) -> str | None:
    close = difflib.get_close_matches(name, list(names), n=1)
    return close[0] if close else None


def check_arguments(marker: Marker, kind: MarkerKind) -> str | None:
    """What is wrong with a marker's arguments, by its kind's rule, or None."""
    count = len(marker.args)
    if kind.args == "none" and count:
        return f"marker '{kind.name}' takes no argument; write <!-- {kind.name} -->"
    if kind.args in ("one", "some") and not count:
        return f"marker '{kind.name}' needs an argument, e.g. <!-- {kind.name}: {kind.example} -->"
    if kind.args == "one" and count > 1:
        return f"marker '{kind.name}' takes one argument, not {count}; e.g. <!-- {kind.name}: {kind.example} -->"
    bad = next((a for a in marker.args if not _ARG.fullmatch(a)), None)
    if bad is not None:
        return f"marker '{kind.name}' has an argument '{bad}' that is not a name (letters, digits, '-', '_', '.')"
    return None


@dataclass
class Registry:
    """Every marker kind of the book, by name."""

    kinds: dict[str, MarkerKind] = field(default_factory=dict)

    def add(self, *kinds: MarkerKind) -> None:
        for kind in kinds:
            if kind.name in self.kinds:
                raise AssertionError(f"marker '{kind.name}' is declared twice")  # a bug in our code
            self.kinds[kind.name] = kind
