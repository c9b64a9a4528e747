"""Reference lists, the book's bibliography and how to cite the book: their markers and checks."""

from __future__ import annotations

import html

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


def _render_report(marker, ctx) -> str:
    repo = ctx.build.repo_url
    if not repo:
        return ("<p>Write to the book's maintainers through the repository you got it from, naming the page "
                "(and the section or question), what is wrong and, for factual errors, a source.</p>")
    new = f"{repo}/issues/new"
    return (
        f'<p>Open an issue in the book\'s repository, <a href="{html.escape(new)}">{html.escape(repo.split("//", 1)[-1])}</a> '
        "(a free GitHub account is needed), naming the page (and the section or question), what is wrong and, for "
        "factual errors, a source. The <strong>Report a problem on this page</strong> button at the top of every page "
        "opens one with the page's address filled in. Reporting is the only thing in the book that sends anything "
        f'anywhere, and only when you choose to. Corrections are listed in the <a href="{html.escape(repo)}/commits/main">repository\'s history</a>.</p>'
    )


MARKERS = [
    MarkerKind("report-an-error", "none", "", _render_report, per_book=True,
               help="How readers report an error, with a link to the book's repository (repo_url)."),
    MarkerKind("references", "none", "", _render_references, late=True,
               help="The APA reference list of every work cited on this page."),
    MarkerKind("bibliography", "none", "", _render_bibliography, late=True, per_book=True,
               help="Every cited work of the book (the References page)."),
    MarkerKind("cite-this-book", "none", "", lambda m, ctx: cites.self_citation(THIS_BOOK, ctx.build.bib, ctx.build.rendered),
               _check_self_citation, per_book=True, help="How to cite this book: APA, BibTeX and RIS."),
]
