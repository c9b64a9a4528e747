"""What a built page asks the browser for: every module of the book's script graph is announced
at once (no import waterfall), and only modules the graph really imports at load."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "docs" / "assets" / "js"
STATIC_IMPORT = re.compile(r'^\s*import\s[^;]*?from\s+"\./([\w.-]+\.mjs)"', re.M)


def static_graph(entry: str) -> set[str]:
    """The modules `entry` imports at load, directly or through others (not import() on demand)."""
    seen, todo = set(), [entry]
    while todo:
        name = todo.pop()
        for dep in STATIC_IMPORT.findall((JS / name).read_text(encoding="utf-8")):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def test_a_chapter_announces_every_module_book_mjs_needs_and_no_other(site):
    soup = BeautifulSoup((site / "part-1" / "03-goals-tasks-bond" / "index.html").read_text(encoding="utf-8"), "html.parser")
    preloaded = {Path(link["href"]).name for link in soup.select('link[rel="modulepreload"]')}
    entry = [Path(s["src"]).name for s in soup.select('script[type="module"][src]')]
    assert entry == ["book.mjs"]
    assert preloaded == static_graph("book.mjs")
    assert not soup.head.select('link[rel="modulepreload"]'), "modules announced in the head compete with the first paint"
