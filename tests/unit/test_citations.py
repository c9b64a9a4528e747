"""Citations: exact APA 7 output from pandoc's citeproc, and exact messages for bad input."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from textbook import citations as cites
from textbook.errors import ErrorLog


@pytest.fixture(scope="module")
def bib(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bib")
    path = folder / "references.bib"
    path.write_text(
        (ROOT / "references.bib").read_text(encoding="utf-8")
        + (ROOT / "tests" / "fixtures" / "chapter-with-pages.bib").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    log = ErrorLog()
    loaded = cites.load_bibliography(path, "references.bib", log)
    assert not log, log.report()
    return loaded


IN_TEXT = {
    "[@SafranMuran2000]": "(Safran &amp; Muran, 2000)",
    "@MuranBarber2010": "Muran and Barber (2010)",
    "[@Fluckiger2018, p. 320]": "(Flückiger et al., 2018, p. 320)",
    "[@Fluckiger2018; @Bordin1979]": "(Bordin, 1979; Flückiger et al., 2018)",
    "[see @MuranBarber2010, ch. 5]": "(see Muran &amp; Barber, 2010, ch.\u00a05)",
    "@Fluckiger2018 [p. 320]": "Flückiger et al. (2018, p. 320)",
}

REFERENCES = {
    "SafranMuran2000": "Safran, J. D., &amp; Muran, J. C. (2000). <em>Negotiating the therapeutic alliance: A relational treatment guide</em>. Guilford Press.",
    "MuranBarber2010": "Muran, J. C., &amp; Barber, J. P. (Eds.). (2010). <em>The therapeutic alliance: An evidence-based guide to practice</em>. Guilford Press.",
    "MichelJobes2011": "Michel, K., &amp; Jobes, D. A. (Eds.). (2011). <em>Building a therapeutic alliance with the suicidal patient</em>. American Psychological Association.",
    "ChapterWithPages": "Eubanks-Carter, C., Muran, J. C., &amp; Safran, J. D. (2010). Alliance ruptures and resolution. In J. C. Muran &amp; J. P. Barber (Eds.), <em>The therapeutic alliance: An evidence-based guide to practice</em> (pp. 74–94). Guilford Press.",
    "Bordin1979": 'Bordin, E. S. (1979). The generalizability of the psychoanalytic concept of the working alliance. <em>Psychotherapy: Theory, Research &amp; Practice</em>, <em>16</em>(3), 252–260. <a href="https://doi.org/10.1037/h0085885">https://doi.org/10.1037/h0085885</a>',
}


@pytest.fixture(scope="module")
def rendered(bib, tmp_path_factory):
    raws = list(IN_TEXT) + ["[@MichelJobes2011]", "[@ChapterWithPages]"]
    return cites.render(raws, bib, tmp_path_factory.mktemp("citeproc"))


def _text(html_fragment: str) -> str:
    import re

    return re.sub(r"</?(a|span)[^>]*>", "", html_fragment)


@pytest.mark.parametrize("raw, expected", IN_TEXT.items(), ids=IN_TEXT.keys())
def test_in_text_citations_follow_apa(rendered, raw, expected):
    assert _text(rendered.citations[raw]) == expected


@pytest.mark.parametrize("key, expected", REFERENCES.items(), ids=REFERENCES.keys())
def test_references_follow_apa(rendered, key, expected):
    assert rendered.references[key] == expected


def test_references_come_in_apa_order(rendered):
    keys = list(rendered.references)
    assert keys.index("Bordin1979") < keys.index("ChapterWithPages") < keys.index("Fluckiger2018") < keys.index("SafranMuran2000")


def test_each_work_links_to_its_reference_without_repeating_it(rendered):
    linked = cites.link_citation(rendered.citations["[@Fluckiger2018; @Bordin1979]"], lambda k: f"#ref-{k}")
    assert linked.count('class="citation-link"') == 2
    assert 'href="#ref-Bordin1979" data-ref="Bordin1979">' in linked
    assert "title=" not in linked  # the tooltip reads the page's reference list instead


FIND = {
    "Plain [@Bordin1979] text.": [("[@Bordin1979]", ("Bordin1979",), False)],
    "As @Bordin1979 argued.": [("@Bordin1979", ("Bordin1979",), True)],
    "Mail someone@example.org now.": [],
    "Code `[@Bordin1979]` is not a citation.": [],
    "```\n[@Bordin1979]\n```\n": [],
    "A [link](https://x.org/@user) and [@A; @B, p. 3].": [("[@A; @B, p. 3]", ("A", "B"), False)],
    "Text [@Bordin1979]: see below": [("[@Bordin1979]", ("Bordin1979",), False)],
    "[label]: https://example.org/@someone": [],
    "As @Fluckiger2018 [p. 320] showed.": [("@Fluckiger2018 [p. 320]", ("Fluckiger2018",), True)],
}


@pytest.mark.parametrize("text, expected", FIND.items(), ids=FIND.keys())
def test_citations_are_found_outside_code(text, expected):
    assert [(c.raw, c.keys, c.narrative) for c in cites.find_citations(text)] == expected


def test_unknown_keys_are_reported_with_their_lines(bib):
    log = ErrorLog()
    found = cites.find_citations("Intro.\n\nSee [@Nobody2020; @Bordin1979].\n\nAnd @Missing1999.\n")
    cites.check_keys(found, bib, "docs/part-1/01.md", log)
    assert [str(e) for e in log.errors] == [
        "docs/part-1/01.md:3: unknown citation key 'Nobody2020'; add it to references.bib or fix the spelling",
        "docs/part-1/01.md:5: unknown citation key 'Missing1999'; add it to references.bib or fix the spelling",
    ]


def test_a_bibtex_syntax_error_names_its_line(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@book{a,\n  title = {A},\n  year = {2000}\n\n@book{b,\n  title = {B}\n}\n", encoding="utf-8")
    log = ErrorLog()
    cites.load_bibliography(path, "references.bib", log)
    assert [str(e) for e in log.errors] == [
        "references.bib:5: BibTeX syntax error: unexpected '@'; fix the entry"
    ]


def test_a_duplicate_key_is_reported(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@book{a,\n  title = {A},\n  year = {2000}\n}\n\n@book{a,\n  title = {B},\n  year = {2001}\n}\n", encoding="utf-8")
    log = ErrorLog()
    cites.load_bibliography(path, "references.bib", log)
    assert [str(e) for e in log.errors] == [
        "references.bib:6: duplicate citation key 'a' (first on line 1); rename or remove one entry"
    ]


def test_bibtex_fields_are_read_with_their_lines():
    from textbook.bibcheck import parse_entries

    text = ("@comment{ignored}\n\n@article{First,\n  author = {Doe, Jane},\n  month  = apr,\n"
            "  year   = 2014,\n  volume = {45},\n  title  = \"A {Quoted} Title\"\n}\n@book{Second, title = {B}}\n")
    first, second = parse_entries(text)
    assert (first.key, first.kind, first.line) == ("First", "article", 3)
    assert first.fields == {"author": "Doe, Jane", "month": "apr", "year": "2014", "volume": "45", "title": "A {Quoted} Title"}
    assert first.field_lines == {"author": 4, "month": 5, "year": 6, "volume": 7, "title": 8}
    assert (second.key, second.line, second.fields) == ("Second", 10, {"title": "B"})
