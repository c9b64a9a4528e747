"""Authors' HTML, cleaned with an allow-list before it reaches a page.

Every string an author writes in YAML (prompts, options, feedback, explanations, objectives,
reflections, definitions, instructor notes, practice exercises, figure captions) becomes HTML
through Markdown, and Markdown passes raw HTML through. Each result goes through nh3 (the
Ammonia sanitiser): only the tags and attributes below survive, ``javascript:`` and other
non-web URLs are dropped, and no ``<script>``, ``<style>`` or event handler can remain.
"""

from __future__ import annotations

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "dd", "del", "div", "dl", "dt", "em",
    "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
    "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}
_COMMON = {"class", "id", "lang", "dir"}
ATTRIBUTES = {
    "*": _COMMON,
    "a": _COMMON | {"href", "title", "hreflang"},
    "abbr": _COMMON | {"title"},
    "td": _COMMON | {"colspan", "rowspan", "align"},
    "th": _COMMON | {"colspan", "rowspan", "align", "scope"},
    "ol": _COMMON | {"start", "reversed"},
    "q": _COMMON | {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def clean(html: str) -> str:
    """``html`` with everything outside the allow-list removed (text of removed tags kept)."""
    if "<" not in html and "&" not in html and ":" not in html:
        return html
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        clean_content_tags={"script", "style"},
    )
