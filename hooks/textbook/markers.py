"""Markers in chapter Markdown: HTML comments such as ``<!-- quiz: 03-goals-tasks-bond -->``.

A marker is an HTML comment alone on its line, so a page still reads cleanly on GitHub and
where the hooks are missing. Code (fenced blocks and inline spans) is masked first, so
documentation can show markers and citations without expanding them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

MARKER = re.compile(
    r"^(?P<indent>[ \t]*)<!--[ \t]*(?P<name>[a-z][a-z-]*)(?:[ \t]*:[ \t]*(?P<args>[^\n]*?))?[ \t]*-->[ \t]*$",
    re.MULTILINE,
)
_FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(?P<ticks>`+)[^\n]*?(?P=ticks)")

# Names the hooks understand, with whether the marker takes arguments.
KNOWN = {
    "quiz": True,
    "reflection": True,
    "objectives": True,
    "key-terms": True,
    "references": False,
    "reading-time": False,
    "glossary": False,
    "bibliography": False,
    "journal": False,
    "progress": False,
    "backup": False,
    "cite-this-book": False,
    "instructor-guide": False,
    "answer-key": False,
    "assignment-builder": False,
    "assignment": False,
}


@dataclass(frozen=True)
class Marker:
    name: str
    args: list[str]
    start: int
    end: int
    line: int  # 1-based, within the text that was scanned
    indent: str


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


def line_offset(content: str, markdown: str) -> int:
    """How many lines of ``content`` (the whole file) precede ``markdown`` (front matter removed)."""
    head = markdown.lstrip("\n")[:200]
    at = content.find(head) if head else -1
    return content.count("\n", 0, at) if at > 0 else 0
