"""The book's figures: at least two per chapter, 35 or more, numbered in order, each with alt text
and a caption; every data figure's text fits inside its drawing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import ROOT
from textbook import evidence, figures
from textbook.bank import load_library
from textbook.errors import ErrorLog

SVG = "{http://www.w3.org/2000/svg}"
CHAPTERS = sorted((ROOT / "docs").glob("part-*/[0-9][0-9]-*.md"))


@pytest.fixture(scope="module")
def book():
    log = ErrorLog()
    library = load_library(ROOT / "quizzes", "quizzes", log)
    register = evidence.load_register(ROOT / "research" / "evidence", "research/evidence", log)
    loaded = figures.load_figures(ROOT / "figures", "figures", library, register, log)
    assert not log, log.report()
    return loaded


def test_two_or_more_figures_a_chapter_and_35_in_all(book):
    per_chapter = {}
    for fig in book.figures.values():
        per_chapter.setdefault(fig.bank, []).append(fig)
    assert sum(map(len, per_chapter.values())) >= 35
    assert {c.stem for c in CHAPTERS} <= {bank for bank, figs in per_chapter.items() if len(figs) >= 2}
    kinds = {fig.kind for fig in book.figures.values()}
    assert kinds == {"concept", "data"}


def test_figures_are_numbered_in_order_and_placed_in_their_chapter(book):
    for chapter in CHAPTERS:
        text = chapter.read_text(encoding="utf-8")
        placed = re.findall(r"<!-- figure: ([\w-]+) -->", text)
        mine = [fig for fig in book.figures.values() if fig.bank == chapter.stem]
        assert sorted(placed) == sorted(fig.id for fig in mine), chapter.name
        numbers = [book.figures[fid].number for fid in placed]
        assert numbers == sorted(numbers, key=lambda n: int(n.split(".")[1])), f"{chapter.name}: figures out of order"
        for fid in placed:
            assert f"@fig:{fid}" in text, f"{chapter.name}: Figure {book.figures[fid].number} is never referred to in the text"


def test_every_figure_has_alt_text_and_a_caption(book):
    for fig in book.figures.values():
        assert 20 <= len(fig.alt) <= 400, fig.id
        assert fig.caption.strip(), fig.id
        if fig.kind == "concept":  # a data figure's description is its table of values
            assert fig.description.strip(), fig.id


def _extent(text: ET.Element) -> tuple[float, float]:
    x = float(text.get("x", "0"))
    width = figures.text_width("".join(text.itertext()))
    anchor = text.get("text-anchor", "start")
    return {"start": (x, x + width), "middle": (x - width / 2, x + width / 2), "end": (x - width, x)}[anchor]


@pytest.mark.parametrize("fid", [f for f in sorted(figures.CHART_RENDERERS)], ids=str)
def test_chart_kinds_are_known(fid):
    assert callable(figures.CHART_RENDERERS[fid])


def test_no_text_of_a_data_figure_is_cut_off(book):
    cut = []
    for fig in book.figures.values():
        if fig.kind != "data":
            continue
        root = ET.fromstring(figures.render_art(fig))
        width = float(root.get("viewBox").split()[2])
        for text in root.iter(SVG + "text"):
            low, high = _extent(text)
            if low < -1 or high > width + 1:
                cut.append(f"Figure {fig.number} ({fig.id}): '{''.join(text.itertext())}' runs from {low:.0f} to {high:.0f} in a drawing {width:.0f} wide")
    assert cut == []
