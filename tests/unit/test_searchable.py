"""What the search plugin is handed: the page without the blocks it skips, and the same index."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import SearchIndex

from textbook.searchable import indexable


def entries(html: str) -> list[tuple[str, str, str]]:
    """The search entries Material's own parser makes of a page's content (empty ones left out)."""
    index = SearchIndex(lang=["en"], separator="", pipeline=[], fields={})
    index.add_entry_from_context(SimpleNamespace(content=html, toc=[], meta={}, title="Page", url="page/"))
    return [(e["location"], e["title"], e["text"]) for e in index.entries if e["text"]]


PAGES = {
    "a marked block between paragraphs": '<h2 id="a">A</h2><p>Before.</p><div class="quiz" data-search-exclude><p>Hidden.</p></div><p>After.</p>',
    "nested elements of the same name": '<p>One.</p><div data-search-exclude><div><p>x</p></div></div><div><p>Two.</p></div>',
    "a heading inside a marked block": '<h2 id="a">A</h2><section data-search-exclude><h3 id="s">Your score</h3><p>z</p></section><p>Still A.</p>',
    "a marked heading (its section is the plugin's to drop)": '<h2 id="a">A</h2><p>a</p><h2 id="b" data-search-exclude>B</h2><p>b</p><h2 id="c">C</h2><p>c</p>',
    "a quoted > before the marker": '<p>One.</p><details title="a > b" data-search-exclude><summary>S</summary>x</details><p>Two.</p>',
    "the marker as text, in a comment and in a script": '<p>data-search-exclude is an attribute.</p><!-- <div data-search-exclude> --><p>Kept.</p>'
                                                         '<script>var s = "<div data-search-exclude>";</script><p>Also kept.</p>',
    "a block that is never closed": '<p>One.</p><div data-search-exclude><p>x</p>',
    "a marked void element": '<p>One <img alt="" data-search-exclude> two.</p>',
    "a marker with a value": '<p>One.</p><div data-search-exclude="true"><p>x</p></div><p>Two.</p>',
}


@pytest.mark.parametrize("html", PAGES.values(), ids=PAGES.keys())
def test_the_index_is_the_same_with_or_without_the_skipped_blocks(html):
    assert entries(indexable(html)) == entries(html)


def test_a_marked_block_is_skipped_whole_even_after_a_nested_element_of_its_name():
    # Material's parser forgets the mark when the first inner <div> closes and indexes "y".
    html = '<p>One.</p><div data-search-exclude><div>x</div><p>y</p></div><p>Two.</p>'
    assert entries(indexable(html)) == [("page/", "Page", "<p>One.</p><p>Two.</p>")]


def test_the_skipped_blocks_are_gone_and_the_rest_is_untouched():
    html = PAGES["nested elements of the same name"]
    assert indexable(html) == "<p>One.</p><div><p>Two.</p></div>"
    assert indexable(PAGES["a heading inside a marked block"]) == '<h2 id="a">A</h2><p>Still A.</p>'
    for kept in ("a marked heading (its section is the plugin's to drop)", "the marker as text, in a comment and in a script",
                 "a block that is never closed", "a marked void element"):
        assert indexable(PAGES[kept]) == PAGES[kept], kept


def test_a_page_without_marks_is_returned_as_it_is():
    html = "<p>Nothing to skip.</p>"
    assert indexable(html) is html
