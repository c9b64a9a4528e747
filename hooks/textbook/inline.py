"""Markdown inside YAML strings, rendered by the same extensions the pages use, then sanitised.

Each string is converted on its own (a fresh Markdown state per string), so a footnote, a link
reference or an abbreviation defined in one prompt can never leak into another. Converting is
cheap once cached: results are kept in memory for the build and, for strings that look the
same on every page, on disk in ``build/markdown/`` keyed by their content, so an edit to one
question re-converts only that question's strings. Strings with citations or links are cached
after the page's citations are put in, so they too are converted once.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Callable

import markdown

from .sanitize import clean

# Links to other pages' Markdown sources, which MkDocs rewrites in pages but not in our HTML.
_MD_LINK = re.compile(r'href="([^":#?]+\.md)(#[^"]*)?"')
# Extensions that make no sense inside one string of a question: page outline, glossary
# snippets and footnotes (a footnote's ids would repeat across strings).
_LEFT_OUT = {"toc", "pymdownx.snippets", "footnotes", "abbr"}


class MarkdownRenderer:
    """Converts authors' strings (prompts, options, explanations) to safe HTML like the page does.

    ``extensions`` and ``configs`` are the book's own (``config.markdown_extensions`` and
    ``config.mdx_configs``); ``cite`` replaces citations with their rendered HTML before
    Markdown sees the text; ``cache`` is a folder for results that do not depend on the page.
    """

    def __init__(self, extensions: list, configs: dict, cite: Callable[[str], str], cache: Path | None = None):
        extensions = [e for e in extensions if not (isinstance(e, str) and e in _LEFT_OUT)]
        configs = {name: dict(options) for name, options in configs.items() if name not in _LEFT_OUT}
        self._md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        self._memory: dict[tuple[str, str], str] = {}
        code = [Path(__file__).read_text(encoding="utf-8"), (Path(__file__).parent / "sanitize.py").read_text(encoding="utf-8")]
        signature = json.dumps([sorted(map(str, extensions)), configs, code], sort_keys=True, default=repr)
        self._signature = hashlib.sha256(signature.encode()).hexdigest()[:16]
        self._disk = cache / self._signature if cache else None
        self._disk_index: set[str] | None = None
        self.cite = cite
        self.link: Callable[[str], str] = lambda href: href  # set per page: Markdown-file links -> page URLs
        self.context = ""  # where the HTML goes (a page, or "lms"): citations and links depend on it

    @staticmethod
    def _depends_on_page(text: str) -> bool:
        return "@" in text or ".md" in text

    def _markdown(self, source: str) -> str:
        self._md.reset()
        return self._md.convert(source)

    def _finish(self, html: str) -> str:
        html = _MD_LINK.sub(lambda m: f'href="{self.link(m.group(1))}{m.group(2) or ""}"', html.strip())
        return clean(html)

    def _convert(self, text: str) -> str:
        return self._finish(self._markdown(self.cite(text)))

    def block(self, text: str) -> str:
        """Block Markdown (paragraphs, lists) to sanitised HTML."""
        if not text:
            return ""
        local = self._depends_on_page(text)
        key = (text, self.context if local else "")
        if key in self._memory:
            return self._memory[key]
        if self._disk is None:
            html = self._convert(text)
        elif local:
            # Citations and links depend on the page, Markdown does not: the page's citations are
            # put in first, and Markdown's work on the result comes from disk like any other string.
            html = self._finish(self._from_disk("markdown", self.cite(text), self._markdown))
        else:
            html = self._from_disk("html", text, self._convert)
        self._memory[key] = html
        return html

    def _from_disk(self, kind: str, source: str, make: Callable[[str], str]) -> str:
        name = hashlib.sha256(f"{kind}\0{source}".encode("utf-8")).hexdigest()[:32]
        path = self._disk / name[:2] / name
        if self._disk_index is None:
            self._disk_index = {p.name for p in self._disk.glob("*/*")} if self._disk.exists() else set()
        if name in self._disk_index:
            try:
                return path.read_text(encoding="utf-8")
            except OSError:
                pass
        html = make(source)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
            self._disk_index.add(name)
        except OSError:
            pass  # a read-only checkout still builds, only slower
        return html

    def inline(self, text: str) -> str:
        """One paragraph of inline Markdown to HTML, without the surrounding <p>."""
        out = self.block(text)
        single = re.fullmatch(r"<p>(.*)</p>", out, re.S)
        return single.group(1) if single and "<p>" not in single.group(1) else out
