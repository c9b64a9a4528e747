#!/usr/bin/env python3
"""Performance figures of the book, printed (not asserted): budgets are read by people.

    .venv/bin/python scripts/benchmark.py [--runs 3]

Prints the median full build time, the build time with the project's hooks switched off and
the ratio, the time pandoc's citeproc adds, the bytes of the project's own JavaScript and CSS
(raw and gzipped, with the quiz's share against its 12 KB budget), the bytes a chapter page
transfers, and the hooks' share of build time on a synthetic book with 300 questions.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

QUIZ_BUDGET = 12 * 1024
HOOK_SHARE_BUDGET = 0.10


def env(tmp: Path) -> dict:
    out = dict(os.environ, NO_MKDOCS_2_WARNING="1", MPLBACKEND="Agg", NOTEBOOK_CACHE="false")
    for name in ("MPLCONFIGDIR", "IPYTHONDIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        out[name] = str(tmp / name.lower())
    return out


def timed_build(config: Path, site: Path, environment: dict, strict: bool = True) -> float:
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    start = time.perf_counter()
    result = subprocess.run(args + (["--strict"] if strict else []), cwd=config.parent, env=environment,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed ({config}):\n{result.stdout}{result.stderr}")
    return elapsed


def without_hooks(config: Path) -> Path:
    """The same book with the hooks (and the snippet file they generate) switched off."""
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", text)
    text = re.sub(r"      auto_append: \[abbreviations.md\]\n", "", text)
    plain = config.with_name(f".{config.stem}.nohooks.yml")
    plain.write_text(text, encoding="utf-8")
    return plain


def median_builds(config: Path, runs: int, tmp: Path, environment: dict, strict: bool = True) -> float:
    return statistics.median(timed_build(config, tmp / f"site-{i}", environment, strict) for i in range(runs))


def asset_sizes() -> tuple[dict, int]:
    files = sorted([*(ROOT / "docs/assets/js").glob("*.mjs"), *(ROOT / "docs/assets/css").glob("*.css")])
    sizes = {f.name: (len(f.read_bytes()), len(gzip.compress(f.read_bytes(), 9))) for f in files}
    quiz = b"".join((ROOT / p).read_bytes() for p in ("docs/assets/js/quiz.mjs", "docs/assets/js/storage.mjs", "docs/assets/css/book.css"))
    return sizes, len(gzip.compress(quiz, 9))


def page_transfer(site: Path, path: str) -> tuple[int, int]:
    """Bytes (and requests) a reader's browser transfers for one page, measured in Chromium."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(type("Quiet", (SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}), directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    total, count = 0, 0
    chromium = next((p for p in (os.environ.get("BOOK_CHROMIUM"), "/usr/bin/chromium") if p and Path(p).exists()), None)
    with sync_playwright() as p:
        browser = p.chromium.launch(**({"executable_path": chromium} if chromium else {}))
        page = browser.new_page()
        sizes = []
        page.on("requestfinished", lambda request: sizes.append((request.sizes()["responseBodySize"], request.url)))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        total, count = sum(size for size, _ in sizes), len(sizes)
        for size, address in sorted(sizes, reverse=True)[:4]:
            print(f"  {size:,} bytes: {address.split('/', 3)[-1]}")
        browser.close()
    server.shutdown()
    return total, count


KEYS = ["Bordin1979", "Fluckiger2018", "SafranMuran2000", "Horvath2011", "MuranBarber2010", "Elliott2018",
        "Tryon2018", "Eubanks2018"]


def chapter_prose(n: int, sections: int = 8, paragraphs: int = 6) -> str:
    """About 3,500 words shaped like a chapter: sections, emphasis, lists, a box, a table, ~50 citations."""
    words = ("the alliance between client and therapist grows through agreement on goals and tasks "
             "and a bond of trust that both can rely on when the work becomes hard").split()
    out = []
    for sec in range(sections):
        out.append(f"## Section {sec + 1} of chapter {n}")
        for par in range(paragraphs):
            sentence = " ".join(words[(par + i) % len(words)] for i in range(70))
            cite = KEYS[(sec + par) % len(KEYS)]
            out.append(f"{sentence.capitalize()}, as *research* suggests [@{cite}]. {sentence} (see @{KEYS[par % len(KEYS)]}).")
        out.append("- First point about **goals**\n- Second point about *tasks*\n- Third point about the bond")
        out.append(f'!!! note "A box in section {sec + 1}"\n\n    {" ".join(words)}.')
    out.append("| Measure | Raters |\n|---|---|\n| One | Client |\n| Two | Therapist |")
    return "\n\n".join(out)


def synthetic_book(folder: Path, pages: int = 30, per_page: int = 10) -> Path:
    """A book of `pages` chapters (about 3,500 words each) with `per_page` questions each."""
    (folder / "docs").mkdir(parents=True)
    (folder / "quizzes").mkdir()
    shutil.copy(ROOT / "references.bib", folder / "references.bib")
    nav = []
    for n in range(1, pages + 1):
        name = f"{n:02d}-chapter"
        nav.append(f"  - {name}.md")
        (folder / "docs" / f"{name}.md").write_text(
            f"# Chapter {n}\n\n<!-- reading-time -->\n\n## Learning objectives\n\n<!-- objectives: {name} -->\n\n"
            f"{chapter_prose(n)}\n\n## Quiz\n\n<!-- quiz: {name} -->\n\n## References\n\n<!-- references -->\n", encoding="utf-8")
        questions = "".join(
            f"  - id: c{n}-q{i}\n    type: single\n    objectives: [o]\n    prompt: Question {i} about *the bond*?\n"
            f"    options:\n      - text: 'Yes'\n        correct: true\n        feedback: Right [@Bordin1979].\n"
            f"      - text: 'No'\n        feedback: Not so [@Fluckiger2018].\n    explanation: See @SafranMuran2000.\n"
            for i in range(per_page)
        )
        (folder / "quizzes" / f"{name}.yml").write_text(
            f"chapter: {n}\ntitle: Chapter {n}\nobjectives:\n  - id: o\n    text: Know it.\nterms:\n"
            f"  - term: bond {n}\n    definition: A term.\nquestions:\n{questions}", encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("hooks/book.py", str(ROOT / "hooks" / "book.py"))
    config = re.sub(r"custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}", config)
    config = re.sub(r"\nnav:\n(.*\n?)*", "\nnav:\n" + "\n".join(nav) + "\n", config)
    config = re.sub(r"\n  - mkdocs-jupyter:\n(      .*\n)+", "\n", config)
    config = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", config)
    config = config.replace("extra_css:\n  - assets/css/book.css\nextra_javascript:\n  - assets/js/book.mjs\n", "")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder / "mkdocs.yml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per median (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        environment = env(tmp)
        config = ROOT / "mkdocs.yml"
        full = median_builds(config, args.runs, tmp / "full", environment)
        plain_config = without_hooks(config)
        try:
            plain = median_builds(plain_config, args.runs, tmp / "plain", environment, strict=False)
        finally:
            plain_config.unlink()
        print(f"Full build (strict, notebook executed, cache off), median of {args.runs}: {full:.2f} s")
        print(f"Build with the project's hooks switched off, median of {args.runs}: {plain:.2f} s")
        print(f"Ratio full / no hooks: {full / plain:.2f}")

        from textbook import bank, citations
        from textbook.errors import ErrorLog

        log = ErrorLog()
        bib = citations.load_bibliography(ROOT / "references.bib", "references.bib", log)
        raws = [c.raw for p in (ROOT / "docs").rglob("*.md") for c in citations.find_citations(p.read_text(encoding="utf-8"))]
        library = bank.load_library(ROOT / "quizzes", "quizzes", log)
        start = time.perf_counter()
        citations.render(raws, bib, tmp / "citeproc")
        print(f"Citations: {len(set(raws))} distinct citations in one pandoc call: {time.perf_counter() - start:.2f} s "
              f"({sum(len(b.questions) for b in library.banks.values())} questions in the banks)")

        sizes, quiz = asset_sizes()
        for file, (raw, gz) in sizes.items():
            print(f"  {file}: {raw:,} bytes raw, {gz:,} bytes gzipped")
        print(f"Own JavaScript and CSS: {sum(r for r, _ in sizes.values()):,} bytes raw, {sum(g for _, g in sizes.values()):,} bytes gzipped (files gzipped one by one)")
        print(f"Quiz JavaScript and CSS (quiz.mjs + storage.mjs + book.css) gzipped: {quiz:,} bytes "
              f"(budget {QUIZ_BUDGET:,}: {'within' if quiz <= QUIZ_BUDGET else 'OVER'})")

        site = tmp / "full" / "site-0"
        total, count = page_transfer(site, "/part-1/03-goals-tasks-bond/")
        print(f"A chapter page (Chapter 3) transfers {total:,} bytes in {count} requests (uncompressed; a CDN gzips most of it)")

        book = synthetic_book(tmp / "synthetic")
        timings = tmp / "hook-timings.json"
        shares, totals = [], []
        for run in range(args.runs):
            total = timed_build(book, tmp / f"syn-{run}", {**environment, "BOOK_HOOK_TIMINGS": str(timings)})
            spent = sum(json.loads(timings.read_text(encoding="utf-8")).values())
            shares.append(spent / total)
            totals.append(total)
        share = statistics.median(shares)
        plain_book = without_hooks(book)
        no_hooks = median_builds(plain_book, args.runs, tmp / "syn-plain", environment, strict=False)
        print(f"Synthetic book, 30 pages and 300 questions: {statistics.median(totals):.2f} s with hooks "
              f"(median of {args.runs}: the first cold, later ones reuse build/ caches), {no_hooks:.2f} s with hooks off")
        print(f"Time inside the hooks' events: {share:.0%} of the build "
              f"(budget {HOOK_SHARE_BUDGET:.0%}: {'within' if share <= HOOK_SHARE_BUDGET else 'OVER'}); "
              f"the rest of the difference is MkDocs and Material rendering the quizzes the hooks add")


if __name__ == "__main__":
    main()
