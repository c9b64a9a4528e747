"""Check the book's figures without building it: python scripts/figures.py [CHAPTER-FOLDER ...]

Loads figures/*/figures.yml with the same checks as the build (files, SVG rules and size,
alt text, numbering, registered data) and prints each problem as path:line: message.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from textbook import evidence, figures  # noqa: E402
from textbook.bank import load_library  # noqa: E402
from textbook.errors import ErrorLog  # noqa: E402


def main(argv: list[str]) -> int:
    log = ErrorLog()
    library = load_library(ROOT / "quizzes", "quizzes", ErrorLog())
    register = evidence.load_register(ROOT / "research" / "evidence", "research/evidence", log)
    found = figures.load_figures(ROOT / "figures", "figures", library, register, log)
    wanted = set(argv)
    shown = [e for e in sorted(set(log.errors)) if not wanted or any(w.strip("/").split("/")[-1] in e.path for w in wanted)]
    for error in shown:
        print(error)
    for fig in found.figures.values():
        if not wanted or fig.bank in {w.strip("/").split("/")[-1] for w in wanted}:
            size = len(figures.render_art(fig).encode())
            print(f"Figure {fig.number} {fig.id} ({fig.kind}): {size / 1000:.1f} KB")
    return 1 if shown else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
