"""Notebook pages: only the notebook CSS the page can use.

mkdocs-jupyter puts all of JupyterLab's stylesheet (575 KB: toolbars, dialogs, file browser,
editors) inside every notebook page, where a phone must parse it and match it against every
element before the first paint. A rendered notebook uses a few per cent of it. This pass
keeps, of the rules scoped to the notebook (``.jupyter-wrapper …``), those whose selector
matches an element of the page, and every other rule as it is.

A selector is matched without what can change after the build: pseudo-classes and
pseudo-elements (``:hover``, ``::before``, ``:not(…)``), and the classes and attributes
Material's script sets (``.md-…``, ``[data-md-color-scheme=slate]``). Dropping those parts
only widens a selector, so a rule that could ever apply is kept. Rules the CSS parser cannot
read are dropped: a browser ignores them too. Selectors are matched by cssselect2 and CSS is
read by tinycss2, the libraries WeasyPrint uses for the same job.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import cssselect2
import tinycss2
import tinyhtml5

SCOPE = ".jupyter-wrapper"
_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S | re.I)
# One level of nested parentheses covers :not(:hover) and :is(.a, :focus). `:root` stays: the
# root element is the one thing about a page's tree that no script changes.
_PSEUDO = re.compile(r"::?(?!root\b)[-\w]+(?:\((?:[^()]|\([^()]*\))*\))?")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][-\w]*)")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_RUNTIME = re.compile(r"\.md-[-\w]+|\[\s*data-md-[^\]]*\]")
_KEEP_AT = {"media", "supports", "layer", "container"}
# The cache of trimmed pages is keyed by this file and the libraries, as well as the page.
_VERSION = Path(__file__).read_bytes() + f"{cssselect2.__version__} {tinycss2.__version__}".encode()


def trim_styles(page_html: str, page, build) -> str:
    """``page_html`` with its notebook styles reduced to the rules its elements can use."""
    if not page.src.endswith(".ipynb") or SCOPE not in page_html:
        return page_html
    key = hashlib.sha256(_VERSION + page_html.encode("utf-8")).hexdigest()
    cached = build.cache / "notebook-css" / f"{key}.html"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    elements = _elements(page_html)
    trimmed = _STYLE.sub(lambda m: m.group(1) + _used_css(m.group(2), elements) + m.group(3), page_html)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(trimmed, encoding="utf-8")
    return trimmed


def _elements(page_html: str) -> list:
    # The styles' own text is not needed to find the page's elements, and is most of its bytes.
    skeleton = _STYLE.sub(r"\1\3", page_html)
    return list(cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(skeleton)).iter_subtree())


def _used_css(css: str, elements: list) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    judged: list = []  # (rule, compiled selectors) for each rule scoped to the notebook
    children: dict = {}  # id(at-rule) -> the rules inside it
    classes = {name for element in elements for name in element.classes}
    _collect(rules, judged, children, classes)
    matcher = cssselect2.Matcher()
    for number, (_, selectors) in enumerate(judged):
        for selector in selectors:
            matcher.add_selector(selector, number)
    used = {number for element in elements for *_, number in matcher.match(element)}
    unused = {id(rule) for number, (rule, _) in enumerate(judged) if number not in used}
    return "".join(_serialize(rules, unused, children))


def _collect(rules, judged: list, children: dict, classes: set) -> None:
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = _scoped_selectors(tinycss2.serialize(rule.prelude), classes)
            if selectors is not None:
                judged.append((rule, selectors))
        elif rule.type == "at-rule" and rule.lower_at_keyword in _KEEP_AT and rule.content is not None:
            inside = children[id(rule)] = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
            _collect(inside, judged, children, classes)


def _scoped_selectors(prelude: str, classes: set):
    """The widened selectors of a rule scoped to the notebook, or None to keep the rule unjudged.

    A selector naming a class that no element of the page has cannot match: it is left out
    before cssselect2 compiles the rest, which is most of the work saved.
    """
    widened = _RUNTIME.sub("", _PSEUDO.sub(_widen, prelude))
    parts = [part.strip() for part in widened.split(",")]
    if not all(part.startswith(SCOPE) for part in parts):
        return None
    possible = [part for part in parts if classes.issuperset(_CLASS.findall(_ATTRIBUTE.sub("", part)))]
    try:
        return [selector for part in possible for selector in cssselect2.compile_selector_list(part)]
    except cssselect2.SelectorError:  # e.g. a combinator left with nothing after it
        return None


def _widen(pseudo: re.Match) -> str:
    # A pseudo-class standing alone (`> :first-child`) becomes `*`; one on a compound goes.
    before = pseudo.string[pseudo.start() - 1] if pseudo.start() else " "
    return "*" if before in " \t\n>+~,(" else ""


def _serialize(rules, unused: set, children: dict) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "error" or id(rule) in unused:
            continue
        if id(rule) in children:
            inner = "".join(_serialize(children[id(rule)], unused, children))
            if inner.strip():
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}")
        else:
            out.append(rule.serialize())
    return out
