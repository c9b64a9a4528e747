"""What Material's search reads of a page: the page without the blocks it would skip anyway.

Material's search plugin walks every tag of a page with Python's ``html.parser`` and then
drops each element marked ``data-search-exclude``. The book marks its widgets so (quizzes,
reflection editors, practice rooms, key-term definitions, reference lists that are not the
page's own), and they are most of a chapter's tags, so most of the parsing went on text the
index never kept. ``indexable`` cuts those elements out first, with a scan for tags only.

Headings are never cut: a heading marked ``data-search-exclude`` tells the search plugin to
leave out its whole section, and only the plugin knows where that section ends. A block that
is not closed is left in place for the plugin to handle as before.
"""

from __future__ import annotations

import re

# An opening tag with its attributes (quoted values may hold ">").
_TAG = re.compile(r"""<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(/?)>""")
_MARKER = "data-search-exclude"
_MARKED = re.compile(r"""\sdata-search-exclude(?=[\s/>=]|$)""")
_OPAQUE = r"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>"
_OPAQUE_SPANS = re.compile(_OPAQUE, re.S | re.I)
_HEADING = re.compile(r"h[1-6]", re.I)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TAGS: dict[str, re.Pattern] = {}


def _tags(name: str) -> re.Pattern:
    """Opening and closing tags of one element name, skipping comments, scripts and styles."""
    if name not in _TAGS:
        _TAGS[name] = re.compile(rf"{_OPAQUE}|<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.S | re.I)
    return _TAGS[name]


def _end_of(html: str, name: str, start: int) -> int | None:
    """Where the element whose opening tag ends at ``start`` closes, or None if it never does."""
    depth = 1
    for match in _tags(name).finditer(html, start):
        if match.group(1) is None:
            continue  # a comment, script or style
        if match.group(1):
            depth -= 1
            if depth == 0:
                return match.end()
        elif not match.group(0).endswith("/>"):
            depth += 1
    return None


def _marked_tag(html: str, at: int, opaque: list[tuple[int, int]]) -> re.Match | None:
    """The opening tag that holds the marker found at ``at``, unless it is text, a comment or a script."""
    lt = html.rfind("<", 0, at)
    tag = _TAG.match(html, lt) if lt >= 0 else None
    if tag is None or tag.end() <= at or not _MARKED.search(tag.group(2)):
        return None
    if any(start <= lt < end for start, end in opaque):
        return None
    return tag


def indexable(html: str) -> str:
    """The page's HTML without its ``data-search-exclude`` elements (headings excepted)."""
    at = html.find(_MARKER)
    if at < 0:
        return html
    opaque = [m.span() for m in _OPAQUE_SPANS.finditer(html)] if "<!--" in html or "<s" in html else []
    out: list[str] = []
    done = 0
    while at >= 0:
        tag = _marked_tag(html, at, opaque)
        name = tag.group(1).lower() if tag else ""
        if tag and not tag.group(3) and name not in _VOID and not _HEADING.fullmatch(name) and tag.start() >= done:
            end = _end_of(html, name, tag.end())
            if end is None:
                break
            out.append(html[done:tag.start()])
            done = end
        at = html.find(_MARKER, max(at + len(_MARKER), done))
    out.append(html[done:])
    return "".join(out)


def without_search_attributes(html: str) -> str:
    """The page as Material's search plugin leaves it: its valued ``data-search-*`` attributes removed."""
    return _SEARCH_ATTRIBUTE.sub("", html)


# The same expression as Material's search plugin (material/plugins/search/plugin.py).
_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
