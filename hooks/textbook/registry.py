"""Every marker kind of the book, collected from the modules of their features.

A feature declares its markers (name, arguments, check, renderer) in its own module; this
registry only gathers them, and ``PAGE_PASSES`` lists the checks and rewrites that run on each
rendered page.
"""

from __future__ import annotations

from . import contents, editions, evidence_page, figures, glossary, instructor, notebook_css, notebooks, practice, quizzes, reader, reflections, refs, review, safety
from .markers import Registry

REGISTRY = Registry()
for feature in (quizzes, reflections, reader, refs, glossary, instructor, figures, practice, evidence_page, review, editions, contents):
    REGISTRY.add(*feature.MARKERS)

# Run in order on every rendered page (HTML in, HTML out).
PAGE_PASSES = [safety.check_page, quizzes.check_anchors, glossary.page_pass, evidence_page.link_boxes,
               notebooks.alt_text, notebooks.plots_as_files, notebook_css.trim_styles]
