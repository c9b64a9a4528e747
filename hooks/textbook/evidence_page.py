"""*Where the numbers come from*: the evidence register as a page, and links to it from the book.

Every source of the register gets its APA reference, then a table of the figures the book
prints from it (value, metric, what it measures, where in the source, how it was checked, and
the chapters that print it). Every Evidence box in a chapter links to its source's entry.
"""

from __future__ import annotations

import html
import re

from . import citations as cites
from .markers import MarkerKind

_e = html.escape
_BOX = re.compile(r'(<div class="admonition evidence">)(.*?)(</div>)', re.S)


def _render(marker, ctx) -> str:
    build = ctx.build
    printed = build.__dict__.get("_printed_in", {})  # (key, metric, value) -> [bank names]
    parts = [f'<p class="register__count">{len(build.register.facts)} figures from '
             f'{len(build.register.by_key())} sources.</p>']
    ordered = [k for k in build.rendered.references if k in build.register.by_key()]
    ordered += [k for k in build.register.by_key() if k not in ordered]
    for key in ordered:
        facts = build.register.by_key()[key]
        reference = build.rendered.references.get(key, _e(key))
        rows = []
        seen = set()
        for f in facts:
            ident = (f.metric, f.value)
            if ident in seen:
                continue
            seen.add(ident)
            where = printed.get((key, f.metric, f.value), [])
            chapters = ", ".join(
                f'<a href="{_e(ctx.chapter_url(b))}">{build.library.banks[b].chapter}</a>' for b in where if ctx.chapter_url(b)
            ) or "–"
            how = _e(f.checked) + (f"<br><em>Derived:</em> {_e(f.derived)}" if f.derived else "")
            rows.append(
                f"<tr><td>{_e(f.metric)}</td><td>{_e(f.shown)}</td><td>{_e(f.about)}</td>"
                f"<td>{_e(f.where)}</td><td>{how}</td><td>{chapters}</td></tr>"
            )
        parts.append(
            f'<section class="register__source" id="src-{_e(key)}" aria-labelledby="src-{_e(key)}-ref">\n'
            f'<p class="register__reference csl-entry" id="src-{_e(key)}-ref">{reference}</p>\n'
            f'<table class="register__facts"><thead><tr><th scope="col">Metric</th><th scope="col">Value</th>'
            f'<th scope="col">What it is</th><th scope="col">Where in the source</th><th scope="col">How it was checked</th>'
            f'<th scope="col">Chapters</th></tr></thead><tbody>{"".join(rows)}</tbody></table>\n</section>'
        )
    return "\n".join(parts)


def link_boxes(page_html: str, page, build) -> str:
    """Each Evidence box ends with a link to the register entry of the first work it cites."""
    target = build.placed.get("evidence-register")
    if not target or target == page.src or "admonition evidence" not in page_html:
        return page_html
    base = page.url_to(target)

    def add(m: re.Match) -> str:
        body = m.group(2)
        key = next((k for k in re.findall(r'data-ref="([^"]+)"', body) if k in build.register.by_key()), None)
        href = f"{base}#src-{key}" if key else base
        return f'{m.group(1)}{body}<p class="evidence__register"><a href="{_e(href)}">Where these numbers come from</a></p>{m.group(3)}'

    return _BOX.sub(add, page_html, count=0) if "</div>" in page_html else page_html


MARKERS = [
    MarkerKind("evidence-register", "none", "", _render, per_book=True,
               help="The evidence register: every number the book prints, with its source and check."),
]
