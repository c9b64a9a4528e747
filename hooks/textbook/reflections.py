"""Reflective exercises and the reader's journal: their markers and checks."""

from __future__ import annotations

from .markers import MarkerKind
from .render_pages import render_journal, render_reflection


def _check_reflection(marker, page, build) -> None:
    rid = marker.args[0]
    if build.library.reflection(rid) is None:
        build.log.add(page.path, marker.line, f"reflection marker names unknown reflection '{rid}'; define it under reflections: in a bank")
        return
    build.place(f"reflection:{rid}", page, marker.line)


MARKERS = [
    MarkerKind("reflection", "one", "ch01-first-helper",
               lambda m, ctx: render_reflection(ctx.library.reflection(m.args[0]), ctx.md), _check_reflection,
               help="A reflective exercise from a bank; each is placed once in the book."),
    MarkerKind("journal", "none", "", lambda m, ctx: render_journal(ctx.library, ctx.md, ctx.chapter_url, ctx.build.practice, ctx.url("practice-studio")), per_book=True,
               help="The reader's journal: every reflection, filled in from this browser."),
]
