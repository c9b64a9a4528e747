"""The review queue: questions answered anywhere in the book come back, spaced over days.

The schedule lives in the reader's browser (``schedule.mjs``). The build gives the Review page
a catalogue of every question (chapter, part, where it lives) and writes, for each chapter, a
fragment holding its questions rendered exactly as in the chapter, which the page fetches
(from the site itself) only for the chapters it needs.
"""

from __future__ import annotations

import html
import json
import re

from . import export_lms
from .markers import MarkerKind
from .render_quiz import render_question

_e = html.escape
FRAGMENTS = "assets/review"


def _part(src: str) -> int:
    m = re.match(r"part-(\d+)/", src or "")
    return int(m.group(1)) if m else 0


def _catalog(ctx) -> str:
    """Where each question lives (chapter, part, page), for the review page's script."""
    data = {}
    for bank in export_lms.chapters(ctx.library):
        url = ctx.chapter_url(bank.name)
        if not url:
            continue
        part = _part(ctx.build.placed.get(f"bank:{bank.name}", ""))
        for q in bank.questions:
            data[q.id] = {"bank": bank.name, "chapter": bank.chapter, "part": part, "title": bank.title,
                          "href": f"{url}#q-{q.id}", "version": q.version}
    return _e(json.dumps(data, ensure_ascii=False), quote=True)


def _render_review(marker, ctx) -> str:
    review_src = ctx.page.src
    base = ctx.page.url_to(review_src)
    depth = review_src.count("/") - (1 if review_src.endswith("index.md") else 0)
    fragments = "../" * (depth + 1) + FRAGMENTS + "/"
    parts = sorted({_part(ctx.build.placed.get(f"bank:{b.name}", "")) for b in export_lms.chapters(ctx.library)} - {0})
    chapters = "".join(
        f'<option value="chapter:{b.chapter}">Chapter {b.chapter}: {_e(b.title)}</option>' for b in export_lms.chapters(ctx.library)
    )
    part_options = "".join(f'<option value="part:{p}">Part {"I" * p if p < 4 else p} only</option>' for p in parts)
    del base
    return (
        f'<div class="review" data-review data-catalog="{_catalog(ctx)}" data-fragments="{_e(fragments)}">\n'
        '<p class="review__nojs">The review queue needs JavaScript: it schedules questions in this browser.</p>\n'
        '<div class="review__tools js-only" data-review-tools>\n'
        '<p class="review__due" data-review-count role="status" aria-live="polite"></p>\n'
        '<p><label for="review-choice">What to review</label><br>'
        '<select id="review-choice" data-review-choice>'
        '<option value="due">Questions due today, from every chapter</option>'
        '<option value="wrong">Everything I got wrong, due or not</option>'
        f"{part_options}{chapters}</select></p>\n"
        '<p><button type="button" class="md-button md-button--primary" data-action="start-review">Start reviewing</button></p>\n'
        "</div>\n"
        '<div class="review__stage" data-review-stage aria-live="polite"></div>\n'
        "</div>"
    )


def _render_due(marker, ctx) -> str:
    href = ctx.url("review")
    return f'<p class="review-due" data-review-due data-href="{_e(href)}" role="status" aria-live="polite" hidden></p>'


def fragments(build) -> dict[str, str]:
    """For each chapter: its questions as the chapter shows them, for the Review page to fetch."""
    review_src = build.placed.get("review")
    if not review_src or review_src not in build.pages:
        return {}
    page = build.pages[review_src]
    ctx = build.context(page)
    out = {}
    for bank in export_lms.chapters(build.library):
        home = build.placed.get(f"bank:{bank.name}")
        if not home:
            continue
        labels = build.__dict__.get("_anchor_labels", {}).get(home, {})
        chapter = page.url_to(home)
        forms = "\n".join(render_question(q, n, len(bank.questions), ctx.md) for n, q in enumerate(bank.questions, 1))
        forms = re.sub(r'data-section="([^"]+)"', lambda m: f'{m.group(0)} data-section-label="{_e(labels.get(html.unescape(m.group(1)), ""), quote=True)}"', forms)
        # JSON, not HTML: the questions' links are relative to the Review page they are shown on.
        out[f"{FRAGMENTS}/{bank.name}.json"] = json.dumps({"bank": bank.name, "chapterHref": chapter, "html": forms}, ensure_ascii=False)
    return out


MARKERS = [
    MarkerKind("review", "none", "", _render_review, per_book=True,
               help="The review page: questions the reader has answered, due again today, from every chapter."),
    MarkerKind("review-due", "none", "", _render_due,
               help="How many questions are due for review today (filled in by the browser)."),
]
