"""Markdown inside YAML strings, rendered by the same extensions the pages use."""

from __future__ import annotations

import re
from typing import Callable

import markdown

# Links to other pages' Markdown sources, which MkDocs rewrites in pages but not in our HTML.
_MD_LINK = re.compile(r'href="([^":#?]+\.md)(#[^"]*)?"')


class MarkdownRenderer:
    """Converts authors' strings (prompts, options, explanations) to HTML like the page does.

    ``extensions`` and ``configs`` are the book's own (``config.markdown_extensions`` and
    ``config.mdx_configs``); ``glossary`` maps key terms to their tooltip text; ``cite``
    replaces citations with their rendered HTML before Markdown sees the text.
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
        # abbr rebuilds its pattern from every term on each conversion: skip it for the many
        # strings that contain no key term.
        configs["abbr"]["glossary"] = {}
        self._plain_md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        terms = sorted(glossary, key=len, reverse=True)
        self._terms = re.compile(r"\b(?:" + "|".join(map(re.escape, terms)) + r")\b") if terms else None
        self.cite = cite
        self.link: Callable[[str], str] = lambda href: href  # set per page: Markdown-file links -> page URLs

    def block(self, text: str) -> str:
        """Block Markdown (paragraphs, lists) to HTML."""
        md = self._md if self._terms and self._terms.search(text) else self._plain_md
        md.reset()
        html = md.convert(self.cite(text))
        return _MD_LINK.sub(lambda m: f'href="{self.link(m.group(1))}{m.group(2) or ""}"', html)

    def inline(self, text: str) -> str:
        """One paragraph of inline Markdown to HTML, without the surrounding <p>."""
        out = self.block(text)
        single = re.fullmatch(r"<p>(.*)</p>", out, re.S)
        return single.group(1) if single and "<p>" not in single.group(1) else out
