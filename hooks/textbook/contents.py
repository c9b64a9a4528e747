"""Tables of contents for readers: the book's parts and chapters with one-line summaries.

The summary of a chapter is its page's own meta description (front matter ``description``),
so the contents, search engines and link previews say the same thing.
"""

from __future__ import annotations

import html

from . import export_lms, yamlsource
from .markers import MarkerKind
from .reader import PARTS, minutes

_e = html.escape


def front_matter(content: str) -> dict:
    if not content.startswith("---"):
        return {}
    try:
        head = content.split("---", 2)[1]
        data = yamlsource.load(head)
    except (IndexError, yamlsource.YAMLSyntaxError):
        return {}
    return data if isinstance(data, dict) else {}


def _chapters(build, folder: str | None = None):
    for bank in export_lms.chapters(build.library):
        src = build.placed.get(f"bank:{bank.name}")
        if not src or (folder and not src.startswith(folder + "/")):
            continue
        yield bank, src, build.pages[src]


def _list(ctx, folder: str | None) -> str:
    items = []
    for bank, src, page in _chapters(ctx.build, folder):
        meta = front_matter(page.content)
        summary = str(meta.get("description", "")).strip()
        items.append(
            f'<li class="contents__chapter"><a class="contents__title" href="{_e(ctx.page.url_to(src))}">'
            f'<span class="contents__number">{bank.chapter}</span> {_e(bank.title)}</a>'
            f'<span class="contents__time"> · {minutes(page, ctx.build)} min</span>'
            + (f'<br><span class="contents__summary">{_e(summary)}</span>' if summary else "")
            + "</li>"
        )
    return '<ol class="contents" role="list">' + "".join(items) + "</ol>"


def _render_contents(marker, ctx) -> str:
    parts = []
    for folder, name in PARTS.items():
        overview = f"{folder}/index.md"
        link = f' <a class="contents__overview" href="{_e(ctx.page.url_to(overview))}">Part overview</a>' if overview in ctx.build.pages else ""
        parts.append(f'<section class="contents__part" aria-labelledby="contents-{folder}">'
                     f'<h3 id="contents-{folder}">{_e(name)}</h3>{_list(ctx, folder)}<p>{link}</p></section>')
    return '<div class="contents-book">' + "".join(parts) + "</div>"


def _check_folder(marker, page, build) -> None:
    if marker.args[0] not in PARTS:
        build.log.add(page.path, marker.line, f"part-contents names '{marker.args[0]}', which is not a part; use one of: {', '.join(PARTS)}")


MARKERS = [
    MarkerKind("contents", "none", "", _render_contents,
               help="Every part and chapter of the book, with one-line summaries and reading times."),
    MarkerKind("part-contents", "one", "part-1", lambda m, ctx: _list(ctx, m.args[0]), _check_folder,
               help="The chapters of one part (part-1, part-2 or part-3), with summaries."),
]
