"""Every chapter of the built book follows the anatomy of the book plan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT
from textbook.bank import load_library
from textbook.citations import find_citations
from textbook.errors import ErrorLog

ANATOMY = [
    "Learning objectives", "Opening vignette", "Key terms", "Summary", "Self-check quiz",
    "Reflective exercises", "Further reading", "References",
]
BOXES = ["vignette", "evidence", "practice", "misconception"]
ORDERING_OR_MATCHING = {"order", "match", "classify"}

CHAPTERS = sorted(p for p in (ROOT / "docs").glob("part-*/[0-9][0-9]-*.md"))


def _library():
    log = ErrorLog()
    library = load_library(ROOT / "quizzes", "quizzes", log)
    assert not log, log.report()
    return library


LIBRARY = _library()


def built(site: Path, chapter: Path) -> BeautifulSoup:
    rel = chapter.relative_to(ROOT / "docs").with_suffix("")
    return BeautifulSoup((site / rel / "index.html").read_text(encoding="utf-8"), "html.parser")


def prose_words(chapter: Path) -> int:
    text = chapter.read_text(encoding="utf-8").split("---", 2)[-1]
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"\[[^\]\n]*@[^\]\n]*\]|@[A-Za-z][\w:.-]*", " ", text)  # citations and figure references are not prose
    return len(re.findall(r"[A-Za-z0-9’'-]+", text))


def test_there_are_fifteen_chapters_each_with_its_bank():
    assert [c.stem[:2] for c in CHAPTERS] == [f"{n:02d}" for n in range(1, 16)]
    for chapter in CHAPTERS:
        assert chapter.stem in LIBRARY.banks, f"{chapter.name} has no bank quizzes/{chapter.stem}.yml"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_chapter_anatomy(site, chapter):
    soup = built(site, chapter)
    article = soup.select_one("article")
    headings = [h.get_text(" ", strip=True).replace("¶", "").strip() for h in article.select("h2")]
    positions = [headings.index(name) if name in headings else -1 for name in ANATOMY]
    assert -1 not in positions, f"missing sections: {[n for n, p in zip(ANATOMY, positions) if p < 0]}"
    assert positions == sorted(positions), f"sections out of order: {headings}"
    assert article.select_one("h1") and article.select_one(".chapter-meta"), "title and reading time"
    for box in BOXES:
        assert article.select(f".admonition.{box}"), f"no {box} box"
    vignette = article.select_one(".admonition.vignette").get_text(" ", strip=True).lower()
    assert "fictional" in vignette and "composite" in vignette, "the vignette must say it is a fictional composite"
    summary = _list_after(article, "Summary")
    assert 5 <= len(summary) <= 8, f"summary has {len(summary)} bullet points"
    assert 2500 <= prose_words(chapter) <= 4500, f"{prose_words(chapter)} words"


def _list_after(article, heading: str):
    h2 = next(h for h in article.select("h2") if h.get_text(strip=True).replace("¶", "").strip() == heading)
    ul = h2.find_next_sibling(["ul", "ol"])
    return ul.find_all("li", recursive=False) if ul else []


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_chapter_quiz_and_reflections(site, chapter):
    bank = LIBRARY.banks[chapter.stem]
    soup = built(site, chapter)
    assert 3 <= len(bank.objectives) <= 5, "3–5 learning objectives"
    questions = soup.select("form.quiz-q")
    assert len(questions) >= 10, f"only {len(questions)} questions on the page"
    types = {q["data-type"] for q in questions}
    assert len(types) >= 3 and types & ORDERING_OR_MATCHING, f"question types: {sorted(types)}"
    tagged = {o for q in questions for o in q["data-objectives"].split()}
    untested = [o.id for o in bank.objectives if o.id not in tagged]
    assert untested == [], "objectives no question tests"
    for question in bank.questions:
        assert find_citations(question.explanation), f"explanation of {question.id} cites nothing"
    reflections = soup.select("section[data-reflection]")
    assert len(reflections) >= 2
    assert any("reflection--personal" in r["class"] for r in reflections), "no personal reflection"
    assert any(r.select_one(".reflection__checklist") and r.select_one(".reflection__model") for r in reflections), \
        "no reflection with both a checklist and a model response"
    assert bank.terms, "no key terms"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.stem)
def test_every_citation_resolves_to_the_chapter_reference_list(site, chapter):
    soup = built(site, chapter)
    ids = {el["id"] for el in soup.select("ul.references li[id]")}
    targets = {a["href"][1:] for a in soup.select("a.citation-link")}
    assert targets, "a chapter without citations"
    assert targets - ids == set(), "citations without a reference on the page"
    raw = [m.group(0) for m in re.finditer(r"\[@[A-Za-z]", soup.select_one("article").get_text())]
    assert raw == [], "unrendered citations"


def test_key_terms_link_to_the_glossary(site):
    glossary = BeautifulSoup((site / "back" / "glossary" / "index.html").read_text(encoding="utf-8"), "html.parser")
    ids = {dt["id"] for dt in glossary.select("dl.glossary dt")}
    for chapter in CHAPTERS:
        for link in built(site, chapter).select("ul.key-terms a"):
            assert link["href"].split("#")[1] in ids


def test_no_page_says_committed_suicide(site):
    offenders = [str(p.relative_to(site)) for p in site.rglob("*.html")
                 if "committed suicide" in p.read_text(encoding="utf-8").lower()]
    sources = [str(p.relative_to(ROOT)) for p in [*ROOT.glob("docs/**/*.md"), *ROOT.glob("quizzes/*.yml")]
               if "committed suicide" in p.read_text(encoding="utf-8").lower()]
    assert offenders == [] and sources == []


def test_the_suicide_chapter_has_a_content_note_and_a_crisis_box(site):
    soup = built(site, ROOT / "docs" / "part-3" / "13-the-suicidal-patient.md")
    article = soup.select_one("article")
    boxes = article.select(".admonition")
    titles = [b.select_one(".admonition-title").get_text(strip=True) for b in boxes]
    assert titles[0].startswith("Content note"), titles[:3]
    crisis = article.select_one(".admonition.crisis")
    assert crisis is not None
    text = crisis.get_text(" ", strip=True)
    assert "988" in text and "emergency" in text.lower()
    # The crisis box comes before the first section of the chapter.
    first_h2 = article.select_one("h2")
    assert crisis.sourceline < first_h2.sourceline
    assert crisis.select("iframe, script") == []


# A path spelled out from the project's code or data to a place above the clone (a sibling folder
# of the workspace the book was written in, or an absolute path into it): a user's clone has none.
OUTSIDE = re.compile(r"(?:^|[\s\"'(=])((?:\.\./)+\w[\w./-]*)|(/work/\w[\w./-]*)")
# Paths that look like that but name files inside the project: the $schema line of figures/<chapter>/.
INSIDE = {"../schema.json"}


def test_the_numbers_are_checked_against_the_project_s_own_register():
    """The register lives in the project: nothing here depends on files outside the clone."""
    assert (ROOT / "research" / "evidence").is_dir()
    sources = [*(ROOT / "tests").rglob("*.py"), *(ROOT / "hooks").rglob("*.py"), *(ROOT / "scripts").iterdir(),
               *(ROOT / ".ci").iterdir(), *(ROOT / "research").rglob("*.yml"), ROOT / "mkdocs.yml"]
    outside = [f"{path.relative_to(ROOT)}:{n}: {m.group(1) or m.group(2)}"
               for path in sources if path.is_file() and path.suffix not in (".pyc",)
               for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               for m in OUTSIDE.finditer(line) if (m.group(1) or m.group(2)) not in INSIDE]
    assert outside == []
