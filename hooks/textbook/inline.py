"""Markdown inside YAML strings, rendered by the same extensions the pages use."""

from __future__ import annotations

import re
from typing import Callable, Iterable

import markdown

# Links to other pages' Markdown sources, which MkDocs rewrites in pages but not in our HTML.
_MD_LINK = re.compile(r'href="([^":#?]+\.md)(#[^"]*)?"')
# Between strings converted in one batch: an HTML comment is a block of its own in Markdown.
_SEPARATOR = "<!-- textbook:next -->"


class MarkdownRenderer:
    """Converts authors' strings (prompts, options, explanations) to HTML like the page does.

    ``extensions`` and ``configs`` are the book's own (``config.markdown_extensions`` and
    ``config.mdx_configs``); ``glossary`` maps key terms to their tooltip text; ``cite``
    replaces citations with their rendered HTML before Markdown sees the text.

    Results are cached, and ``prepare`` converts many strings in one pass: Python-Markdown's
    cost is mostly per call, and a quiz has hundreds of short strings.
    """

    def __init__(self, extensions: list, configs: dict, glossary: dict[str, str], cite: Callable[[str], str]):
        configs = {name: dict(options) for name, options in configs.items()}
        # Snippets would append the abbreviation file again; the glossary is passed directly.
        extensions = [e for e in extensions if e != "pymdownx.snippets"]
        configs.pop("pymdownx.snippets", None)
        configs["abbr"] = {**configs.get("abbr", {}), "glossary": dict(glossary)}
        if "abbr" not in extensions:
            extensions = [*extensions, "abbr"]
        # Headings in a quiz get no permalink: they are not part of the page's outline.
        configs.pop("toc", None)
        extensions = [e for e in extensions if e != "toc"]
        self._md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        self._cache: dict[tuple[str, str], str] = {}
        self.cite = cite
        self.link: Callable[[str], str] = lambda href: href  # set per page: Markdown-file links -> page URLs
        self.context = ""  # where the HTML goes (a page, or "lms"): citations and links depend on it

    def _key(self, text: str) -> tuple[str, str]:
        depends_on_context = "@" in text or ".md" in text
        return text, self.context if depends_on_context else ""

    def _finish(self, html: str) -> str:
        return _MD_LINK.sub(lambda m: f'href="{self.link(m.group(1))}{m.group(2) or ""}"', html.strip())

    def prepare(self, texts: Iterable[str]) -> None:
        """Convert every string not yet cached in a single Markdown pass."""
        todo = [t for t in dict.fromkeys(texts) if t and self._key(t) not in self._cache]
        if not todo:
            return
        self._md.reset()
        parts = self._md.convert(f"\n\n{_SEPARATOR}\n\n".join(self.cite(t) for t in todo)).split(_SEPARATOR)
        if len(parts) != len(todo):  # a string spilled into the next: convert one by one instead
            return
        for text, html in zip(todo, parts):
            self._cache[self._key(text)] = self._finish(html)

    def block(self, text: str) -> str:
        """Block Markdown (paragraphs, lists) to HTML."""
        key = self._key(text)
        if key not in self._cache:
            self._md.reset()
            self._cache[key] = self._finish(self._md.convert(self.cite(text)))
        return self._cache[key]

    def inline(self, text: str) -> str:
        """One paragraph of inline Markdown to HTML, without the surrounding <p>."""
        out = self.block(text)
        single = re.fullmatch(r"<p>(.*)</p>", out, re.S)
        return single.group(1) if single and "<p>" not in single.group(1) else out
