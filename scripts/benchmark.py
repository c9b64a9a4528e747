#!/usr/bin/env python3
"""Performance figures of the book, side by side with stock Material: printed, never asserted.

    .venv/bin/python scripts/benchmark.py                # builds, growth, preview, bytes
    .venv/bin/python scripts/benchmark.py --lighthouse   # also Lighthouse (mobile) per page type
    .venv/bin/python scripts/benchmark.py --only lighthouse --runs 3

"Stock Material" is the same chapter Markdown built with the hooks, the book's CSS and
JavaScript and its template overrides removed: what the book would cost without its own code.
Every figure is a median of --runs runs; budgets (from the book's performance issue) are
printed next to each figure as "within" or "OVER", for people to read. Nothing here fails a
test, so a busy machine never breaks CI.

Sections (--only picks some): build, scale, bank, serve, bytes, lighthouse, editions.
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LIGHTHOUSE = ROOT / "tools" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = next((p for p in (os.environ.get("BOOK_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser")
                 if p and Path(p).exists()), None)

BUDGET = {
    "score": 98, "notebook score": 90, "tbt": 100, "lcp": 2500, "cls": 0.0, "chapter kb": 250,
    "hook share": 0.10, "10x vs 1x": 11.0, "10x vs stock": 3.0, "5000 questions": 30.0, "preview": 2.0,
}
PAGES = {  # page type -> path; every one exists in both builds
    "home": "/",
    "chapter (Ch. 3)": "/part-1/03-goals-tasks-bond/",
    "journal": "/back/journal/",
    "my progress": "/back/progress/",
    "instructor page": "/instructors/guide/",
    "notebook": "/part-1/evidence-in-numbers/",
}
SECTIONS = ("build", "scale", "bank", "serve", "bytes", "lighthouse", "editions")


# Building ------------------------------------------------------------------------------------


def environment(tmp: Path, **extra: str) -> dict:
    out = dict(os.environ, NO_MKDOCS_2_WARNING="1", MPLBACKEND="Agg", NOTEBOOK_CACHE="false", **extra)
    for name in ("MPLCONFIGDIR", "IPYTHONDIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        out[name] = str(tmp / name.lower())
    return out


def timed_build(config: Path, site: Path, env: dict, strict: bool = True) -> float:
    args = [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)] + (["--strict"] if strict else [])
    start = time.perf_counter()
    result = subprocess.run(args, cwd=config.parent, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed ({config}):\n{result.stdout}{result.stderr[-4000:]}")
    return elapsed


def median_build(config: Path, runs: int, out: Path, env: dict, strict: bool = True) -> tuple[float, Path]:
    times = [timed_build(config, out / f"site-{i}", env, strict) for i in range(runs)]
    return statistics.median(times), out / "site-0"


def copy_book(folder: Path) -> Path:
    """A copy of the book's sources to build elsewhere (its caches in build/ start empty)."""
    for name in ("mkdocs.yml", "references.bib", "docs", "quizzes", "hooks", "overrides", "figures", "practice", "research"):
        source = ROOT / name
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    return folder / "mkdocs.yml"


def stock(config: Path) -> Path:
    """The same Markdown as stock Material: no hooks, no book CSS or JavaScript, no overrides."""
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", text)
    text = re.sub(r"\nextra_css:\n(  - .*\n)+", "\n", text)
    text = re.sub(r"\nextra_javascript:\n(  - .*\n)+", "\n", text)
    text = re.sub(r"\n  custom_dir: .*", "", text)
    text = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", text)
    plain = config.with_name("stock.yml")
    plain.write_text(text, encoding="utf-8")
    return plain


def hook_share(config: Path, out: Path, env: dict, runs: int) -> tuple[float, float]:
    """Build time and the share of it spent inside the hooks' events (median of runs)."""
    timings = out / "hook-timings.json"
    totals, shares = [], []
    for run in range(runs):
        total = timed_build(config, out / f"share-{run}", {**env, "BOOK_HOOK_TIMINGS": str(timings)})
        totals.append(total)
        shares.append(sum(json.loads(timings.read_text(encoding="utf-8")).values()) / total)
    return statistics.median(totals), statistics.median(shares)


# A synthetic book shaped like the real one -----------------------------------------------------

KEYS = ["Bordin1979", "Fluckiger2018", "SafranMuran2000", "Horvath2011", "MuranBarber2010", "Elliott2018",
        "Tryon2018", "Eubanks2018"]
WORDS = ("the alliance between client and therapist grows through agreement on goals and tasks "
         "and a bond of trust that both can rely on when the work becomes hard").split()


def synthetic_chapter(n: int, terms: list[str]) -> str:
    """About 4,300 words: sections, emphasis, lists, a box, a table, ~50 citations, every term used."""
    out = [f"# Chapter {n}", "<!-- reading-time -->", "## Learning objectives", f"<!-- objectives: c{n:03d} -->"]
    for sec in range(8):
        out.append(f"## Section {sec + 1} of chapter {n}")
        for par in range(7):
            sentence = " ".join(WORDS[(par + i) % len(WORDS)] for i in range(70))
            term = terms[(sec * 7 + par) % len(terms)]
            out.append(f"{sentence.capitalize()}, and {term} matters [@{KEYS[(sec + par) % len(KEYS)]}]. "
                       f"{sentence} (see @{KEYS[par % len(KEYS)]}).")
        out.append("- First point about **goals**\n- Second point about *tasks*\n- Third point about the bond")
        out.append(f'!!! note "A box in section {sec + 1}"\n\n    {" ".join(WORDS)}.')
    out.append("| Measure | Raters |\n|---|---|\n| One | Client |\n| Two | Therapist |")
    out += ["## Self-check quiz", f"<!-- quiz: c{n:03d} -->", "## Reflective exercises",
            f"<!-- reflection: c{n}-r1 -->", f"<!-- reflection: c{n}-r2 -->", "## References", "<!-- references -->"]
    return "\n\n".join(out) + "\n"


def synthetic_bank(n: int, questions: int, terms: list[str]) -> str:
    items = []
    for i in range(questions):
        if i % 3 == 2:
            items.append(f"  - id: c{n}-q{i}\n    type: fill\n    objectives: [o]\n    prompt: The ___ is one part (one word).\n"
                         f"    answers: [bond]\n    feedback_correct: Yes [@Bordin1979].\n"
                         f"    feedback_incorrect: Bordin named the bond [@Bordin1979].\n    explanation: See @Bordin1979.\n")
        else:
            items.append(f"  - id: c{n}-q{i}\n    type: single\n    objectives: [o]\n    prompt: Question {i} about *the bond*?\n"
                         f"    options:\n      - text: 'Yes'\n        correct: true\n        feedback: Right [@Bordin1979].\n"
                         f"      - text: 'No'\n        feedback: Not so [@Fluckiger2018].\n    explanation: See @SafranMuran2000.\n")
    defs = "".join(f"  - term: {t}\n    definition: A term of chapter {n}, defined once [@Bordin1979].\n" for t in terms)
    reflections = "".join(f"  - id: c{n}-r{r}\n    title: Reflection {r} of chapter {n}\n    prompt: Describe a bond you saw.\n"
                          for r in (1, 2))
    return (f"chapter: {n}\ntitle: Chapter {n}\nobjectives:\n  - id: o\n    text: Know it.\nterms:\n{defs}"
            f"questions:\n{''.join(items)}reflections:\n{reflections}")


def synthetic_book(folder: Path, chapters: int, questions: int = 13, terms: int = 7) -> Path:
    """`chapters` chapters of ~4,300 words, each with `questions` questions, `terms` terms, 2 reflections."""
    (folder / "docs").mkdir(parents=True)
    (folder / "quizzes").mkdir()
    shutil.copy(ROOT / "references.bib", folder / "references.bib")
    nav = []
    for n in range(1, chapters + 1):
        names = [f"term {n}-{t}" for t in range(terms)]
        nav.append(f"  - c{n:03d}.md")
        (folder / "docs" / f"c{n:03d}.md").write_text(synthetic_chapter(n, names), encoding="utf-8")
        (folder / "quizzes" / f"c{n:03d}.yml").write_text(synthetic_bank(n, questions, names), encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("hooks/book.py", str(ROOT / "hooks" / "book.py"))
    config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    config = re.sub(r"\nnav:\n(.*\n?)*", "\nnav:\n" + "\n".join(nav) + "\n", config)
    config = re.sub(r"\n  - mkdocs-jupyter:\n(      .*\n)+", "\n", config)
    config = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", config)
    config = re.sub(r"\nextra_css:\n(  - .*\n)+", "\n", config)
    config = re.sub(r"\nextra_javascript:\n(  - .*\n)+", "\n", config)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder / "mkdocs.yml"


# Serving as a static host does --------------------------------------------------------------


class GzipServer:
    """Serves a built site the way a static host or CDN does: gzip for text, correct types."""

    COMPRESS = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map")

    def __init__(self, site: Path):
        root, cache = site, {}

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                path = urllib.request.url2pathname(self.path.split("?", 1)[0].split("#", 1)[0])
                target = (root / path.lstrip("/")).resolve()
                if target.is_dir():
                    target = target / "index.html"
                if root.resolve() not in target.parents or not target.is_file():
                    self.send_response(404)
                    self.end_headers()
                    return
                body = target.read_bytes()
                kind = "text/javascript" if target.suffix == ".mjs" else (mimetypes.guess_type(target.name)[0] or "application/octet-stream")
                self.send_response(200)
                self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
                if target.suffix in GzipServer.COMPRESS and "gzip" in self.headers.get("Accept-Encoding", ""):
                    body = cache.get(target) or cache.setdefault(target, gzip.compress(body, 6))
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "max-age=3600")
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def transferred(site: Path, path: str) -> tuple[int, int, int]:
    """Gzipped bytes and requests a fresh browser transfers for a page, and its search share."""
    from playwright.sync_api import sync_playwright

    server = GzipServer(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(**({"executable_path": CHROMIUM} if CHROMIUM else {}))
            page = browser.new_page()
            sizes: list[tuple[int, str]] = []
            page.on("requestfinished", lambda r: sizes.append((r.sizes()["responseBodySize"], r.url)))
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            browser.close()
    finally:
        server.close()
    search = sum(size for size, url in sizes if "search_index" in url)
    return sum(size for size, _ in sizes), len(sizes), search


# Lighthouse ------------------------------------------------------------------------------------


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run, mobile preset (Lighthouse's default), in the system Chromium."""
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"
    env = dict(os.environ, CHROME_PATH=CHROMIUM or "")
    run = subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                          "--only-categories=performance,accessibility", f"--chrome-flags={flags}"],
                         env=env, capture_output=True, text=True, timeout=300)
    if run.returncode != 0 or not out.exists():
        raise RuntimeError(f"Lighthouse failed on {url}: {run.stderr[-1500:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {
        "score": round(100 * (report["categories"]["performance"]["score"] or 0)),
        "a11y": round(100 * (report["categories"]["accessibility"]["score"] or 0)),
        "tbt": audits["total-blocking-time"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "dom": audits["dom-size"]["numericValue"],
    }


def interleaved_lighthouse(urls: dict[str, str], runs: int, out: Path) -> dict[str, dict]:
    """Median Lighthouse figures per URL, the URLs taking turns run by run, so that a machine
    slowing down or speeding up during the measurement weighs on each of them alike. Each
    result also carries "tbt range": the lowest and highest TBT, to show how noisy it was."""
    results: dict[str, list[dict]] = {name: [] for name in urls}
    for run in range(runs):
        for name, url in urls.items():
            folder = out / name
            folder.mkdir(parents=True, exist_ok=True)
            results[name].append(lighthouse(url, folder / f"lh-{run}.json"))
    return {name: {**{key: statistics.median(r[key] for r in got) for key in got[0]},
                   "tbt range": (min(r["tbt"] for r in got), max(r["tbt"] for r in got))}
            for name, got in results.items()}


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


# The sections -----------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "within" if ok else "OVER"


def section_build(tmp: Path, runs: int, state: dict) -> None:
    print("\n## Building the real book (strict, notebook executed, cache off)\n")
    config = copy_book(tmp / "book")
    env = environment(tmp)
    full, site = median_build(config, runs, tmp / "book-out", env)
    plain, stock_site = median_build(stock(config), runs, tmp / "stock-out", env, strict=False)
    total, share = hook_share(config, tmp / "book-out", env, runs)
    state.update(book=site, stock=stock_site, real_seconds=full)
    print(f"| build | seconds | vs stock |\n|---|---|---|")
    print(f"| this book | {full:.2f} | {ratio(full, plain)} |")
    print(f"| stock Material, same Markdown | {plain:.2f} | 1.00× |")
    print(f"\nTime inside the hooks' events: {share:.0%} of a {total:.2f} s build (median of {runs}).")


def section_scale(tmp: Path, runs: int, state: dict) -> None:
    print("\n## How the build grows (synthetic book shaped like the real one: 15 chapters per 1×)\n")
    env = environment(tmp)
    print("| size | chapters | questions | terms | this book, s | stock, s | vs 1× | vs stock | hooks' share |")
    print("|---|---|---|---|---|---|---|---|---|")
    base = None
    for factor in (1, 2, 5, 10):
        chapters = 15 * factor
        config = synthetic_book(tmp / f"syn-{factor}", chapters)
        seconds, share = hook_share(config, tmp / f"syn-{factor}-out", env, runs)
        plain, _ = median_build(stock(config), runs, tmp / f"syn-{factor}-stock", env, strict=False)
        base = base or seconds
        state[f"scale-{factor}"] = (seconds, plain)
        print(f"| {factor}× | {chapters} | {chapters * 13:,} | {chapters * 7:,} | {seconds:.2f} | {plain:.2f} | "
              f"{seconds / base:.1f}× | {seconds / plain:.2f}× | {share:.0%} |")
    ten, ten_stock = state["scale-10"]
    print(f"\n10× build: {ten / base:.1f}× the 1× build (budget ≤ {BUDGET['10x vs 1x']:.0f}×: {verdict(ten / base <= BUDGET['10x vs 1x'])}); "
          f"{ten / ten_stock:.2f}× stock's 10× build (budget ≤ {BUDGET['10x vs stock']:.0f}×: {verdict(ten / ten_stock <= BUDGET['10x vs stock'])}).")


def section_bank(tmp: Path, runs: int, state: dict) -> None:
    print("\n## One bank of 5,000 questions\n")
    env = environment(tmp)
    config = synthetic_book(tmp / "bank5000", 1, questions=5000)
    seconds, share = hook_share(config, tmp / "bank5000-out", env, max(1, min(runs, 2)))
    print(f"A chapter with 5,000 questions builds in {seconds:.1f} s, {share:.0%} of it in the hooks "
          f"(budget ≤ {BUDGET['5000 questions']:.0f} s: {verdict(seconds <= BUDGET['5000 questions'])}).")


def _serve_until(url: str, needle: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if needle in response.read().decode("utf-8", "replace"):
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{needle!r} never appeared at {url}")


def _log_says(log: Path, text: str, since: int, timeout: float) -> None:
    start = time.perf_counter()
    while text not in log.read_text(encoding="utf-8", errors="replace")[since:]:
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"the preview never said {text!r}; see {log}")
        time.sleep(0.05)


def section_serve(tmp: Path, runs: int, state: dict) -> None:
    print("\n## Preview while writing (scripts/serve.sh: mkdocs serve --dirty): from saving a file to the new page being served\n")
    config = copy_book(tmp / "serve")
    book = config.parent
    port = 8123
    env = environment(tmp, NOTEBOOK_EXECUTE="false")
    log = tmp / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([PYTHON, "-m", "mkdocs", "serve", "--dirty", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=book, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/part-1/03-goals-tasks-bond/"
        _serve_until(url, "Goals, tasks and bond", 180)
        edits = {
            "a quiz bank (quizzes/03-goals-tasks-bond.yml)": (book / "quizzes" / "03-goals-tasks-bond.yml",
                                                              "What did Bordin mean by describing", "What did Bordin mean, edit {n}, by describing"),
            "a chapter (docs/part-1/03-goals-tasks-bond.md)": (book / "docs" / "part-1" / "03-goals-tasks-bond.md",
                                                               "## Summary", "## Summary\n\nEdit {n} of the chapter.\n"),
        }
        print("| file saved | the edited page served (median) | the whole book up to date (median) |\n|---|---|---|")
        for label, (path, old, new) in edits.items():
            original = path.read_text(encoding="utf-8")
            page_times, book_times = [], []
            for n in range(runs):
                time.sleep(1.0)
                since = len(log.read_text(encoding="utf-8", errors="replace"))
                start = time.perf_counter()
                path.write_text(original.replace(old, new.format(n=n), 1), encoding="utf-8")
                page_times.append(_serve_until(url, f"dit {n}", 60))
                _log_says(log, "the whole book is up to date", since, 120)  # the rest is built before the next save
                book_times.append(time.perf_counter() - start)
            since = len(log.read_text(encoding="utf-8", errors="replace"))
            path.write_text(original, encoding="utf-8")
            _log_says(log, "the whole book is up to date", since, 120)
            seconds = statistics.median(page_times)
            print(f"| {label} | {seconds:.2f} s ({verdict(seconds <= BUDGET['preview'])}, budget ≤ {BUDGET['preview']:.0f} s) "
                  f"| {statistics.median(book_times):.2f} s |")
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)


def section_bytes(tmp: Path, runs: int, state: dict) -> None:
    if "book" not in state:
        section_build(tmp, 1, state)
    print("\n## What a reader downloads (gzipped, as a static host serves it; fresh browser)\n")
    own = sorted([*(ROOT / "docs/assets/js").rglob("*.mjs"), *(ROOT / "docs/assets/css").glob("*.css")])
    sizes = {f.relative_to(ROOT / "docs/assets"): len(gzip.compress(f.read_bytes(), 9)) for f in own}
    print("| file | gzipped bytes |\n|---|---|")
    for name, size in sizes.items():
        print(f"| {name} | {size:,} |")
    schedule = sum(v for k, v in sizes.items() if "schedule" in str(k) or "fsrs" in str(k))
    print(f"| **all of the book's own JavaScript and CSS** | **{sum(sizes.values()):,}** |")
    print(f"\nThe review scheduler (schedule.mjs + vendored ts-fsrs) is {schedule:,} bytes gzipped, loaded only by the Review page.")
    index = state["book"] / "search" / "search_index.json"
    stock_index = state["stock"] / "search" / "search_index.json"
    print(f"Search index: {len(gzip.compress(index.read_bytes(), 6)):,} bytes gzipped "
          f"(stock: {len(gzip.compress(stock_index.read_bytes(), 6)):,}), fetched only when a reader first uses search.\n")
    print("| page | this book, KB | requests | search share, KB | stock, KB | vs stock |\n|---|---|---|---|---|---|")
    for name, path in PAGES.items():
        total, count, search = transferred(state["book"], path)
        plain, _, _ = transferred(state["stock"], path)
        note = f" ({verdict(total / 1024 <= BUDGET['chapter kb'])}, budget ≤ {BUDGET['chapter kb']} KB)" if name.startswith("chapter") else ""
        print(f"| {name} | {total / 1024:.0f}{note} | {count} | {search / 1024:.0f} | {plain / 1024:.0f} | {ratio(total, plain)} |")


def section_lighthouse(tmp: Path, runs: int, state: dict) -> None:
    print(f"\n## Lighthouse 12, mobile preset, median of {runs} (same gzip server, same run)\n")
    if not LIGHTHOUSE.exists() or not CHROMIUM:
        print("Lighthouse or Chromium is missing: run `PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tools` and install chromium.")
        return
    if "book" not in state:
        section_build(tmp, 1, state)
    servers = {"book": GzipServer(state["book"]), "stock": GzipServer(state["stock"])}
    try:
        print("Book and stock take turns, run by run; the TBT range is the lowest and highest of the runs.\n")
        print("| page | score (stock) | TBT ms (stock) | TBT range, book | LCP s (stock) | CLS (stock) | KB (stock) | DOM nodes (stock) | accessibility | budgets |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for name, path in PAGES.items():
            got = interleaved_lighthouse({which: server.url + path for which, server in servers.items()}, runs,
                                         tmp / "lighthouse" / (path.strip("/").replace("/", "-") or "home"))
            b, s = got["book"], got["stock"]
            target = BUDGET["notebook score"] if name == "notebook" else BUDGET["score"]
            misses = [label for label, ok in (
                (f"score ≥ {target}", b["score"] >= target), ("beats stock", b["score"] >= s["score"]),
                (f"TBT ≤ {BUDGET['tbt']}", b["tbt"] <= BUDGET["tbt"]), ("LCP ≤ 2.5 s", b["lcp"] <= BUDGET["lcp"]),
                ("CLS 0", b["cls"] <= BUDGET["cls"] + 0.0005)) if not ok]
            low, high = b["tbt range"]
            print(f"| {name} | {b['score']:.0f} ({s['score']:.0f}) | {b['tbt']:.0f} ({s['tbt']:.0f}) | {low:.0f}–{high:.0f} | {b['lcp'] / 1000:.2f} ({s['lcp'] / 1000:.2f}) | "
                  f"{b['cls']:.3f} ({s['cls']:.3f}) | {b['kb']:.0f} ({s['kb']:.0f}) | {b['dom']:.0f} ({s['dom']:.0f}) | {b['a11y']:.0f} ({s['a11y']:.0f}) | "
                  f"{'all within' if not misses else 'OVER: ' + ', '.join(misses)} |")
    finally:
        for server in servers.values():
            server.close()


def section_editions(tmp: Path, runs: int, state: dict) -> None:
    if "book" not in state:
        section_build(tmp, 1, state)
    print("\n## PDF and EPUB editions\n")
    start = time.perf_counter()
    run = subprocess.run([PYTHON, str(ROOT / "scripts" / "editions.py"), "--site", str(state["book"])], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"editions failed:\n{run.stderr[-2000:]}")
        return
    print(f"The PDF book, 15 chapter PDFs and the EPUB: {time.perf_counter() - start:.0f} s in all\n")
    print(run.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per median (default 3)")
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse on every page type")
    parser.add_argument("--editions", action="store_true", help="also time the PDF and EPUB editions")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    args = parser.parse_args()
    chosen = args.only or [s for s in SECTIONS if s not in ("lighthouse", "editions")] + \
        (["lighthouse"] if args.lighthouse else []) + (["editions"] if args.editions else [])
    state: dict = {}
    print(f"# Benchmark of {ROOT.name}, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as name:
        for section in SECTIONS:
            if section in chosen:
                globals()[f"section_{section}"](Path(name), args.runs, state)


if __name__ == "__main__":
    main()
