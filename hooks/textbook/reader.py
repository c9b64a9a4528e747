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


PARTS = {"part-1": "Part I: Foundations", "part-2": "Part II: The relational elements", "part-3": "Part III: When the alliance is tested"}


def _reading_time(marker, ctx) -> str:
    from .editions import chapter_pdf

    bank_name = chapter_of(ctx.page, ctx.build)
    opening = None
    if bank_name and not bank_name.startswith("00-"):
        bank = ctx.library.banks[bank_name]
        depth = ctx.page.src.count("/") - (1 if ctx.page.src.endswith("index.md") else 0)
        root = "../" * (depth + 1)
        opening = {"number": bank.chapter, "part": PARTS.get(ctx.page.src.split("/")[0], ""), "pdf": root + chapter_pdf(bank_name)}
    return render_reading_time(minutes(ctx.page, ctx.build), bank_name, opening)


MARKERS = [
    MarkerKind("reading-time", "none", "", _reading_time,
               help="Estimated reading time (and, on a chapter, the record that the reader opened it)."),
    MarkerKind("progress", "none", "", lambda m, ctx: render_progress(ctx.library, ctx.chapter_url, ctx.url("assignment"), ctx.build.practice, ctx.url("practice-studio"), ctx.url("review")), per_book=True,
               help="The reader's progress by chapter."),
    MarkerKind("backup", "none", "", lambda m, ctx: render_backup(), per_book=True,
               help="Download, restore and erase everything the book stored in this browser."),
]
