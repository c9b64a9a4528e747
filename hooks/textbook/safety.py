"""A last check on every rendered page: no author-written script can reach a reader.

Question banks and other YAML go through the sanitiser (``sanitize.py``). Chapter Markdown may
hold HTML of its own (Material's grids and buttons need it), so instead of rewriting it, the
build refuses a page whose content carries a ``<script>`` element, an event-handler attribute
or a ``javascript:`` address, naming the page and line.
"""

from __future__ import annotations

import re

_SCRIPT = re.compile(r"<script\b(?![^>]*type=\"application/(?:ld\+)?json\")", re.I)
_HANDLER = re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", re.I)
_JS_URL = re.compile(r"""(?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(?:javascript|vbscript|data:text/html)""", re.I)


def check_page(page_html: str, page, build) -> str:
    if not page.src.endswith(".md"):
        return page_html  # notebooks are rendered by nbconvert from code, not written as HTML
    for pattern, what in ((_SCRIPT, "a <script> element"), (_HANDLER, "an event-handler attribute"), (_JS_URL, "a javascript: address")):
        m = pattern.search(page_html)
        if m:
            line = _source_line(page.content, m.group(0))
            build.log.add(page.path, line, f"the page contains {what}; pages may not run author script: remove it")
    return page_html


def _source_line(source: str, found: str) -> int:
    needle = found.strip()[:12]
    at = source.find(needle) if needle else -1
    return source.count("\n", 0, at) + 1 if at >= 0 else 1
