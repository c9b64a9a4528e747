"""The book builds the same on MkDocs 1.6 and on ProperDocs, its maintained fork.

The hooks must not depend on one unmaintained release: both engines build the whole book with
--strict to identical pages, and both stop an author's mistake with the same message.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_of_the_book, quiet_env

ENGINES = {
    "mkdocs": [sys.executable, "-m", "mkdocs"],
    "properdocs": [sys.executable, "-m", "properdocs"],
}
GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def build(engine: str, book: Path, out: Path, tmp: Path) -> subprocess.CompletedProcess:
    env = quiet_env(tmp, NOTEBOOK_EXECUTE="false", NOTEBOOK_CACHE="false", SITE_URL="http://127.0.0.1:8000/")
    return subprocess.run([*ENGINES[engine], "build", "--strict", "-f", str(book / "mkdocs.yml"), "-d", str(out)],
                          cwd=book, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return copy_of_the_book(tmp_path_factory.mktemp("engines"))


@pytest.fixture(scope="module")
def builds(book, tmp_path_factory) -> dict[str, Path]:
    sites = {}
    for engine in ENGINES:
        tmp = tmp_path_factory.mktemp(engine)
        result = build(engine, book, tmp / "site", tmp)
        assert result.returncode == 0, f"{engine} does not build the book:\n{result.stderr[-3000:]}"
        assert "Traceback" not in result.stderr
        sites[engine] = tmp / "site"
    return sites


def test_both_engines_build_the_same_pages(builds):
    pages = {engine: sorted(p.relative_to(site) for p in site.rglob("*.html")) for engine, site in builds.items()}
    assert pages["mkdocs"] == pages["properdocs"]
    sources = [*(ROOT / "docs").rglob("*.md"), *(ROOT / "docs").rglob("*.ipynb")]
    assert len(pages["mkdocs"]) == len(sources) + 1  # every page, plus 404.html
    different = []
    for page in pages["mkdocs"]:
        a, b = (GENERATOR.sub("", (builds[e] / page).read_text(encoding="utf-8")) for e in ENGINES)
        if a != b:
            different.append(str(page))
    assert different == []
    chapter = (builds["properdocs"] / "part-1" / "03-goals-tasks-bond" / "index.html").read_text(encoding="utf-8")
    assert 'class="quiz' in chapter and "Bordin" in chapter


@pytest.mark.parametrize("engine", ENGINES)
def test_both_engines_stop_an_authoring_mistake_with_its_place_and_remedy(engine, tmp_path):
    book = copy_of_the_book(tmp_path / "book")
    bank = book / "quizzes" / "03-goals-tasks-bond.yml"
    text = bank.read_text(encoding="utf-8")
    line = text.splitlines().index("    type: single") + 1
    bank.write_text(text.replace("    type: single", "    type: singel", 1), encoding="utf-8")
    result = build(engine, book, tmp_path / "site", tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.search(rf"quizzes/03-goals-tasks-bond\.yml:{line}: .*singel.*; ", result.stderr), result.stderr[-2000:]
