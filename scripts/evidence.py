"""Check the book's numbers against its evidence register (research/evidence/*.yml).

    python scripts/evidence.py check [FILE ...]   list every statistic without a registered source
    python scripts/evidence.py stubs [FILE ...]   the same, as YAML stubs to complete and paste

With no FILE, every chapter, question bank and the notebook are checked.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from textbook import evidence  # noqa: E402
from textbook.bank import load_bank  # noqa: E402
from textbook.citations import find_citations  # noqa: E402
from textbook.errors import ErrorLog  # noqa: E402


def keys_in(text: str) -> list[str]:
    return [k for c in find_citations(text) for k in c.keys]


def book_files() -> list[Path]:
    docs = ROOT / "docs"
    return [*sorted(docs.glob("part-*/[0-9][0-9]-*.md")), *sorted(docs.glob("part-*/*.ipynb")),
            *sorted((ROOT / "quizzes").glob("[0-9][0-9]-*.yml"))]


def problems(path: Path, register: evidence.Register):
    """(line, statistic, nearby keys) for each unregistered statistic of one book file."""
    rel = path.resolve().relative_to(ROOT).as_posix()
    allowed = register.illustrations.get(rel, {})
    if path.suffix == ".md":
        for p in evidence.check_markdown(path.read_text(encoding="utf-8"), register, keys_in, allowed):
            yield p.stat.line, p.stat, p.keys
    elif path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for n, cell in enumerate(cells, 1):
            if cell["cell_type"] == "markdown":
                for p in evidence.check_markdown("".join(cell["source"]), register, keys_in, allowed):
                    yield n, p.stat, p.keys
    else:
        bank = load_bank(path, rel, ErrorLog())
        if bank is None:
            return
        groups = [(q.line, q.texts()) for q in bank.questions]
        groups += [(t.line, [t.definition]) for t in bank.terms]
        groups += [(r.line, [r.prompt, r.model_response, *r.questions, *r.checklist]) for r in bank.reflections]
        groups += [(1, [o.text for o in bank.objectives])]
        if bank.instructor:
            groups += [(1, [*bank.instructor.discussion, bank.instructor.activity, bank.instructor.placement])]
        for line, texts in groups:
            for p in evidence.check_strings(texts, register, keys_in, allowed):
                yield line, p.stat, p.keys


def main(argv: list[str]) -> int:
    mode, files = (argv[0] if argv else "check"), [Path(a) for a in argv[1:]] or book_files()
    log = ErrorLog()
    register = evidence.load_register(ROOT / "research" / "evidence", "research/evidence", log)
    if log:
        print(log.report())
        return 1
    count = 0
    stubs: dict[str, list[str]] = {}
    for path in files:
        rel = path.resolve().relative_to(ROOT).as_posix()
        for line, stat, keys in problems(path, register):
            count += 1
            if mode == "stubs":
                key = keys[0] if keys else "NO-CITATION-NEARBY"
                stubs.setdefault(key, []).append(
                    f'      - {{metric: "{stat.metric or "value"}", value: "{stat.text}", about: "", where: "", checked: ""}}  # {rel}:{line}')
            else:
                near = ", ".join(dict.fromkeys(keys)) if keys else "none"
                print(f"{rel}:{line}: '{evidence.describe(stat)}' is not in the register for a work cited nearby (nearby: {near})")
    if mode == "stubs":
        print("sources:")
        for key, lines in sorted(stubs.items()):
            print(f"  - key: {key}\n    facts:")
            print("\n".join(dict.fromkeys(lines)))
    print(f"{count} unregistered statistics", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
