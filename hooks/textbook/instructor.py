"""The instructor's toolkit: the guide, assignment links and the student's assignment page."""

from __future__ import annotations

from . import export_lms
from .markers import MarkerKind
from .reader import minutes
from .render_pages import render_assignment_builder, render_assignment_panel, render_instructor_guide


def _guide(marker, ctx) -> str:
    build = ctx.build
    times = {name: minutes(build.pages[src], build) for key, src in build.placed.items()
             if key.startswith("bank:") and (name := key[5:]) and src in build.pages}
    return render_instructor_guide(export_lms.chapters(ctx.library), ctx.md, ctx.chapter_url, ctx.url("glossary"), times)


MARKERS = [
    MarkerKind("instructor-guide", "none", "", _guide, per_book=True,
               help="For every chapter: objectives, key terms, discussion, an activity, the quiz and reflections."),
    MarkerKind("assignment-builder", "none", "",
               lambda m, ctx: render_assignment_builder(export_lms.chapters(ctx.library), ctx.chapter_url, ctx.url("assignment"),
                                                       ctx.build.practice, ctx.url("practice-studio")),
               per_book=True, help="The form instructors use to make an assignment link."),
    MarkerKind("assignment", "none", "",
               lambda m, ctx: render_assignment_panel(export_lms.chapters(ctx.library), ctx.chapter_url, ctx.build.practice, ctx.url("practice-studio")),
               per_book=True,
               help="The page an assignment link opens: the student's checklist and summary."),
]
