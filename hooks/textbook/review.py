"""The review queue: today's questions from the whole book, spaced over days (in the browser)."""

from __future__ import annotations

import html
import json

from . import export_lms
from .markers import MarkerKind

_e = html.escape


def _catalog(ctx) -> str:
    """Where each question lives (chapter, part, page), for the review page's script."""
    data = {}
    for bank in export_lms.chapters(ctx.library):
        url = ctx.chapter_url(bank.name)
        if not url:
            continue
        for q in bank.questions:
            data[q.id] = {"bank": bank.name, "chapter": bank.chapter, "href": f"{url}#q-{q.id}", "version": q.version}
    return _e(json.dumps(data, ensure_ascii=False), quote=True)


def _render_review(marker, ctx) -> str:
    return (
        f'<div class="review" data-review data-catalog="{_catalog(ctx)}">\n'
        '<p class="review__nojs">The review queue needs JavaScript: it schedules questions in this browser.</p>\n'
        "</div>"
    )


def _render_due(marker, ctx) -> str:
    href = ctx.url("review")
    return f'<p class="review-due" data-review-due data-href="{_e(href)}" hidden aria-live="polite"></p>'


MARKERS = [
    MarkerKind("review", "none", "", _render_review, per_book=True,
               help="The review page: questions the reader has answered, due again today, from every chapter."),
    MarkerKind("review-due", "none", "", _render_due,
               help="How many questions are due for review today (filled in by the browser)."),
]
