"""The glossary: its page, and key terms in chapters linked to it.

In a chapter, the first mention of a key term in each section becomes a link to its glossary
entry, described (``aria-describedby``) by its definition, which the page carries once. The
book's script shows that definition as a tooltip on hover and on keyboard focus. Terms are
never linked in headings, quizzes, reflections, practice exercises, figures, code, other
links or reference lists, so a tooltip can never give an answer away or decorate a title.
"""

from __future__ import annotations

import html
import re

from .bank import Library, Term
from .markers import MarkerKind
from .render_pages import render_glossary

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
_WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿĀ-ſ²]+(?:[’'-][0-9A-Za-zÀ-ÖØ-öø-ÿĀ-ſ²]+)*")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
SKIP_TAGS = {
    "a", "abbr", "button", "code", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "label",
    "nav", "option", "pre", "samp", "script", "select", "style", "summary", "svg", "textarea", "dt", "caption",
}
SKIP_CLASSES = {
    "quiz", "reflection", "practice", "references", "key-terms", "admonition-title", "chapter-opening",
    "glossary", "objectives", "term-defs", "md-nav", "citation", "skip-link", "review",
}


def _words(text: str) -> list[str]:
    if text.isascii():  # lowering the whole text at once gives the same words, faster
        return _WORD.findall(text.lower())
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


class TermIndex:
    """Every key term and alias, found by its words (linear in the text, whatever the glossary's size)."""

    def __init__(self, library: Library):
        self.terms: dict[tuple[str, ...], tuple[Term, bool]] = {}
        self.longest = 1
        for term in library.terms():
            for name in [term.term, *term.aliases]:
                words = tuple(_words(name))
                if not words:
                    continue
                exact = any(c.isupper() for c in name[1:])  # acronyms and names: match as written
                self.terms.setdefault(words, (term, exact))
                self.longest = max(self.longest, len(words))
        self.first_words = {words[0] for words in self.terms}

    def matches(self, text: str):
        """(start, end, term) of each term mention in plain ``text``, longest first, left to right."""
        # Most of a page's text holds no term at all: its words are checked against the terms'
        # first words before any position is worked out.
        words = _words(text)
        if self.first_words.isdisjoint(words):
            return
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]  # the same words, in order
        i = 0
        while i < len(spans):
            if words[i] not in self.first_words:  # most words start no term: one set lookup
                i += 1
                continue
            for size in range(min(self.longest, len(spans) - i), 0, -1):
                chunk = spans[i : i + size]
                key = tuple(words[i : i + size])
                found = self.terms.get(key)
                if found:
                    term, exact = found
                    start, end = chunk[0][0], chunk[-1][1]
                    if exact and text[start:end] not in (term.term, *term.aliases):
                        continue
                    if not _joined(text, chunk):
                        continue
                    yield start, end, term
                    i += size
                    break
            else:
                i += 1


def _joined(text: str, chunk) -> bool:
    """The words of a multi-word term are separated by single spaces or hyphens only."""
    return all(re.fullmatch(r"[ \u00a0-]", text[a[1] : b[0]]) for a, b in zip(chunk, chunk[1:]))


def link_terms(page_html: str, index: TermIndex, glossary_url: str, define) -> str:
    """``page_html`` with the first mention of each term per section linked to the glossary.

    ``define(term)`` gives the plain-text definition. The definitions of the linked terms are
    appended once, hidden, for ``aria-describedby`` and the tooltip script.
    """
    out, stack, skipping, used_here, used = [], [], 0, set(), {}
    pos = 0
    for m in _TAG.finditer(page_html):
        text = page_html[pos : m.start()]
        out.append(_link_text(text, index, glossary_url, used_here, used) if not skipping and text.strip() else text)
        closing, name, attrs = m.group(1) == "/", m.group(2).lower(), m.group(3)
        if not closing and name == "h2":
            used_here = set()
        if closing:
            while stack:
                top, skip = stack.pop()
                skipping -= skip
                if top == name:
                    break
        elif name not in _VOID and not attrs.rstrip().endswith("/"):
            classes = set(re.findall(r'class="([^"]*)"', attrs)[0].split()) if 'class="' in attrs else set()
            skip = name in SKIP_TAGS or bool(classes & SKIP_CLASSES)
            stack.append((name, skip))
            skipping += skip
        out.append(m.group(0))
        pos = m.end()
    out.append(page_html[pos:])
    result = "".join(out)
    if not used:
        return result
    defs = "".join(
        f'<span id="term-def-{term.anchor}">{html.escape(define(term))}</span>' for term in used.values()
    )
    return result + f'\n<div class="term-defs" hidden data-search-exclude>{defs}</div>'


def _link_text(text: str, index: TermIndex, glossary_url: str, used_here: set, used: dict) -> str:
    plain = html.unescape(text) if "&" in text else text
    if plain != text:  # entities: match on the decoded text, write it back escaped
        text = plain
        escape = html.escape
    else:
        escape = lambda s: s  # noqa: E731
    pieces, last = [], 0
    for start, end, term in index.matches(text):
        if term.anchor in used_here:
            continue
        used_here.add(term.anchor)
        used[term.anchor] = term
        pieces += [
            escape(text[last:start]),
            f'<a class="term" href="{glossary_url}#{term.anchor}" aria-describedby="term-def-{term.anchor}">{escape(text[start:end])}</a>',
        ]
        last = end
    pieces.append(escape(text[last:]))
    return "".join(pieces)


# Markers and the page pass ---------------------------------------------------------------------


def _render_glossary(marker, ctx) -> str:
    return render_glossary(ctx.library, ctx.md, ctx.chapter_url)


def page_pass(page_html: str, page, build) -> str:
    """Link key terms on chapter pages (the pages that hold a bank's whole quiz)."""
    chapter = next((name for name, src in build.placed.items() if src == page.src and name.startswith("bank:")), None)
    if chapter is None or chapter == "bank:00-authoring-examples":
        return page_html
    if not hasattr(build, "_terms"):
        build._terms = TermIndex(build.library)
    glossary = build.placed.get("glossary")
    url = page.url_to(glossary) if glossary else ""
    return link_terms(page_html, build._terms, url, lambda term: build.plain_definition(term))


MARKERS = [
    MarkerKind("glossary", "none", "", _render_glossary, per_book=True, help="Every key term of the book, alphabetically."),
]
