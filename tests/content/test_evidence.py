"""Every number the book prints comes from its evidence register, with a citation nearby.

Runs on a fresh clone: the register (research/evidence/) is part of the project.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import pytest

from tests.conftest import ROOT
from textbook import evidence
from textbook.bank import load_library
from textbook.build import bank_texts
from textbook.citations import find_citations, load_bibliography
from textbook.errors import ErrorLog
from textbook.practice import load_practice

CHAPTERS = sorted((ROOT / "docs").glob("part-*/[0-9][0-9]-*.md"))
NOTEBOOK = ROOT / "docs" / "part-1" / "evidence-in-numbers.ipynb"


def keys_in(text: str) -> list[str]:
    return [k for c in find_citations(text) for k in c.keys]


@pytest.fixture(scope="module")
def register():
    log = ErrorLog()
    loaded = evidence.load_register(ROOT / "research" / "evidence", "research/evidence", log)
    assert not log, log.report()
    return loaded


def rel(path) -> str:
    return path.relative_to(ROOT).as_posix()


def _problems(items) -> list[str]:
    return [f"{where}: {evidence.describe(p.stat)} (cited nearby: {', '.join(p.keys) or 'none'})" for where, p in items]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_every_statistic_of_a_chapter_is_registered(register, chapter):
    text = chapter.read_text(encoding="utf-8")
    found = evidence.check_markdown(text, register, keys_in, register.illustrations.get(rel(chapter), {}))
    assert _problems((f"{rel(chapter)}:{p.stat.line}", p) for p in found) == []
    assert evidence.find_statistics(text), "a chapter that prints no number at all is suspicious"


def test_every_statistic_of_the_banks_is_registered(register):
    log = ErrorLog()
    library = load_library(ROOT / "quizzes", "quizzes", log)
    problems = []
    for bank in library.banks.values():
        if bank.chapter == 0:
            continue
        for line, texts in bank_texts(bank):
            problems += [(f"{bank.path}:{line}", p) for p in evidence.check_strings(texts, register, keys_in, register.illustrations.get(bank.path, {}))]
    assert _problems(problems) == []


def test_every_statistic_of_the_notebook_is_registered(register):
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    problems = []
    for n, cell in enumerate(cells, 1):
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            problems += [(f"{rel(NOTEBOOK)} cell {n}", p) for p in evidence.check_markdown(text, register, keys_in, register.illustrations.get(rel(NOTEBOOK), {}))]
    assert _problems(problems) == []


def test_every_statistic_of_the_practice_studio_is_registered(register):
    studio = load_practice(ROOT / "practice", "practice", ErrorLog())
    problems = []
    for skill in studio.skills.values():
        for line, texts in [(1, skill.texts())] + [(e.line, e.texts()) for e in skill.exercises]:
            problems += [(f"{skill.path}:{line}", p) for p in evidence.check_strings(texts, register, keys_in)]
    assert _problems(problems) == []


def test_the_notebook_data_are_registered_figures(register):
    """The CSV the notebook plots: each row's correlation is a registered figure of its source."""
    with (ROOT / "docs" / "part-1" / "data" / "alliance-meta-analyses.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows
    missing = []
    for row in rows:
        key = row.get("key") or row.get("citation_key")
        for column, metric in (("r", "r"), ("k", "k"), ("n", "N"), ("ci_low", "CI"), ("ci_high", "CI")):
            value = row.get(column)
            if key and value:
                if not [f for f in register.facts if f.key == key and f.value == Decimal(value.replace(",", "")) and f.metric in (metric, "value", "N", "k", "CI")]:
                    missing.append(f"{key} {column} = {value}")
    assert missing == []


def test_every_registered_source_is_in_the_bibliography(register):
    bib = load_bibliography(ROOT / "references.bib", "references.bib", ErrorLog())
    assert sorted({f.key for f in register.facts} - set(bib.entries)) == []


def test_every_fact_says_where_it_is_and_how_it_was_checked(register):
    vague = [f"{f.path}:{f.line}" for f in register.facts if len(f.checked) < 4 or len(f.where) < 3]
    assert vague == []
    derived = [f"{f.path}:{f.line}" for f in register.facts if f.where.lower().startswith("derived") and not f.derived]
    assert derived == [], "a derived figure must show its arithmetic"


def test_every_fact_sheet_reference_in_the_register_names_a_section_the_project_carries():
    """'FACTS §4.2 V' and 'FACTS errata' point into research/FACTS.md, which a clone has."""
    import re

    sheet = (ROOT / "research" / "FACTS.md").read_text(encoding="utf-8")
    assert (ROOT / "research" / "AUDIT-2026-12.md").exists()
    sections = set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)[. ]", sheet, re.M))
    has_errata = re.search(r"^## Errata", sheet, re.M) is not None
    missing = []
    for path in sorted((ROOT / "research" / "evidence").glob("*.yml")):
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for ref in re.findall(r"FACTS(?:\.md)? (§[\d.]+\d|errata)", line):
                if (ref == "errata" and not has_errata) or (ref != "errata" and ref[1:] not in sections):
                    missing.append(f"{path.relative_to(ROOT)}:{line_no}: {ref}")
            if re.search(r"(?:^|[\s\"'(])(?:\.\./)+\w|/work/\w", line):
                missing.append(f"{path.relative_to(ROOT)}:{line_no}: points outside the project")
    assert not missing, "\n".join(missing)
