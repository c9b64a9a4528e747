"""Reference lists, the book's bibliography and how to cite the book: their markers and checks."""

from __future__ import annotations

from . import citations as cites
from .markers import MarkerKind

THIS_BOOK = "AllianceTextbook"


def _render_references(marker, ctx) -> str:
    # A chapter's own list repeats entries of the References page: search finds them there, so
    # fifteen copies do not weigh down the search index every reader downloads.
    return cites.reference_list(ctx.build.cited_on(ctx.page), ctx.build.rendered, searchable=False)


def _render_bibliography(marker, ctx) -> str:
    return cites.reference_list(ctx.build.rendered.references, ctx.build.rendered)


def _check_self_citation(marker, page, build) -> None:
    entry = build.bib.entries.get(THIS_BOOK)
    if entry is None:
        build.log.add(page.path, marker.line, f"the book's own entry '{THIS_BOOK}' is not in references.bib; add @book{{{THIS_BOOK}, …}} with its editors or authors")
    elif not (entry.get("author") or entry.get("editor")):
        build.log.add("references.bib", build.bib.lines.get(THIS_BOOK, 1), f"the book's own entry '{THIS_BOOK}' has no author or editor; add editor = {{…}} or author = {{…}}")


MARKERS = [
    MarkerKind("references", "none", "", _render_references, late=True,
               help="The APA reference list of every work cited on this page."),
    MarkerKind("bibliography", "none", "", _render_bibliography, late=True, per_book=True,
               help="Every cited work of the book (the References page)."),
    MarkerKind("cite-this-book", "none", "", lambda m, ctx: cites.self_citation(THIS_BOOK, ctx.build.bib, ctx.build.rendered),
               _check_self_citation, per_book=True, help="How to cite this book: APA, BibTeX and RIS."),
]
