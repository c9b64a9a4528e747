"""The reader's own pages and records: reading time, My progress and backups."""

from __future__ import annotations

from .markers import MarkerKind
from .render_pages import reading_minutes, render_backup, render_progress, render_reading_time


def chapter_of(page, build) -> str:
    """The bank whose chapter this page is, or ""."""
    return next((name[5:] for name, src in build.placed.items() if src == page.src and name.startswith("bank:")), "")


def minutes(page, build) -> int:
    cache = build.__dict__.setdefault("_minutes", {})
    if page.src not in cache:
        cache[page.src] = reading_minutes(page.content)
    return cache[page.src]


MARKERS = [
    MarkerKind("reading-time", "none", "", lambda m, ctx: render_reading_time(minutes(ctx.page, ctx.build), chapter_of(ctx.page, ctx.build)),
               help="Estimated reading time (and, on a chapter, the record that the reader opened it)."),
    MarkerKind("progress", "none", "", lambda m, ctx: render_progress(ctx.library, ctx.chapter_url, ctx.url("assignment"), ctx.build.practice, ctx.url("practice-studio"), ctx.url("review")), per_book=True,
               help="The reader's progress by chapter."),
    MarkerKind("backup", "none", "", lambda m, ctx: render_backup(), per_book=True,
               help="Download, restore and erase everything the book stored in this browser."),
]
