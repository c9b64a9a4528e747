"""Preview while writing (``mkdocs serve --dirty``): the page you edited first, the rest right after.

A full build of the book takes several seconds, and an author who saves a quiz wants to see
that quiz. So a preview rebuild comes in two steps:

1. **The pages the saved files belong to.** A page belongs to its own source, and to each
   bank, figure folder or practice file that one of its markers names (``<!-- quiz:
   03-goals-tasks-bond -->`` names ``quizzes/03-goals-tasks-bond.yml`` and
   ``figures/03-goals-tasks-bond/``). Only those pages are built; the browser reloads.
2. **The rest of the book**, built straight after: the glossary, the answer key, the
   journal, the other chapters' links and the search index then agree with the edit again.

A change that belongs to no page in particular (``mkdocs.yml``, the hooks, the templates,
the bibliography, the evidence register, a page added or removed) builds everything at once.
So does the first build, and ``mkdocs build --dirty``: a build that is not a preview has no
earlier build to lean on.

This module only decides; ``hooks/book.py`` applies the decision to MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .markers import find_markers

# What a preview watches, relative to the book's folder (the same list as mkdocs.yml's watch,
# plus the pages, the templates and the configuration MkDocs watches itself).
WATCHED = ("docs", "quizzes", "figures", "practice", "research", "hooks", "overrides", "references.bib", "mkdocs.yml")
_SKIPPED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".git"}
PAGE_SUFFIXES = (".md", ".ipynb")

Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path) -> Snapshot:
    """Every watched file's modification time and size, by its path relative to ``root``."""
    found: Snapshot = {}
    for name in WATCHED:
        top = root / name
        if top.is_file():
            stat = top.stat()
            found[name] = (stat.st_mtime_ns, stat.st_size)
            continue
        for folder, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if d not in _SKIPPED_DIRS]
            for file in files:
                path = os.path.join(folder, file)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue  # removed while we looked: the next build sees it gone
                found[os.path.relpath(path, root).replace(os.sep, "/")] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed(before: Snapshot, after: Snapshot) -> set[str]:
    """Paths added, removed or rewritten between two snapshots."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def owner_name(path: str) -> str | None:
    """The name a marker uses for a data file (a bank, a chapter's figures, a practice skill)."""
    parts = path.split("/")
    if parts[0] in ("quizzes", "practice") and len(parts) == 2 and parts[1].endswith(".yml"):
        return parts[1][: -len(".yml")]
    if parts[0] == "figures" and len(parts) >= 3:
        return parts[1]
    return None


def pages_for(paths: set[str], pages: dict[str, str]) -> set[str] | None:
    """The pages (by source under docs/) that the changed ``paths`` belong to, or None for all.

    ``pages`` maps each page's source path under docs/ to its text.
    """
    if not paths:
        return set()
    named: dict[str, set[str]] = {}
    for src, text in pages.items():
        if src.endswith(".md"):
            for marker in find_markers(text):
                for arg in marker.args:
                    named.setdefault(arg, set()).add(src)
    out: set[str] = set()
    for path in paths:
        src = path[len("docs/"):] if path.startswith("docs/") else None
        if src is not None and src.endswith(PAGE_SUFFIXES):
            if src not in pages:
                return None  # a page added or removed: the navigation changes everywhere
            out.add(src)
            continue
        if src is not None and not src.endswith((".css", ".js", ".mjs", ".html")):
            continue  # an image or a download: MkDocs copies it, and no page changes
        name = owner_name(path)
        if name is None or name not in named:
            return None  # belongs to the whole book, or to no page we can name
        out |= named[name]
    return out


@dataclass
class Preview:
    """What one preview server remembers from build to build."""

    root: Path
    previous: Snapshot | None = None
    rest_pending: bool = False  # the last build was the first step only
    titles: dict[str, str] = field(default_factory=dict)  # src -> the title it was last built with

    def plan(self, pages: dict[str, str]) -> set[str] | None:
        """The pages to build now (first step), or None to build them all."""
        now = snapshot(self.root)
        before, self.previous = self.previous, now
        if before is None or self.rest_pending:
            self.rest_pending = False
            return None
        first = pages_for(changed(before, now), pages)
        if first is None or not first or any(src not in self.titles for src in pages if src not in first):
            return None
        self.rest_pending = True
        return first
