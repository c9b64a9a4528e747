"""Notebook pages keep only the notebook CSS their elements can use (textbook/notebook_css.py)."""

from __future__ import annotations

from types import SimpleNamespace

from textbook import notebook_css

PAGE = """<div class="jupyter-wrapper"><div class="jp-Cell"><p>Text</p><pre class="shown"><b>1</b></pre></div></div>"""
CSS = """
.jupyter-wrapper{--jp-ui-font-size1: 13px}
.jupyter-wrapper .jp-Cell{margin: 0}
.jupyter-wrapper .jp-Dialog{margin: 1px}
.jupyter-wrapper .jp-Cell:hover{outline: 1px solid}
.jupyter-wrapper .jp-Cell::before{content: "a"}
.jupyter-wrapper .shown > :last-child{color: red}
.jupyter-wrapper :root{--unreachable: 1}
[data-md-color-scheme=slate] .jupyter-wrapper .jp-Cell{color: white}
.jupyter-wrapper .md-typeset__scrollwrap{overflow: auto}
.jupyter-wrapper .jp-Cell, .jupyter-wrapper .jp-Toolbar{padding: 0}
.jupyter-wrapper .jp-Toolbar, .jupyter-wrapper .jp-Launcher{padding: 1px}
pre{line-height: 125%}
@media print{.jupyter-wrapper .jp-Dialog{display: none}}
@media print{.jupyter-wrapper .jp-Cell{break-inside: avoid}}
@keyframes blink{to{opacity: 0}}
"""


def trimmed(css: str, page: str = PAGE) -> str:
    return notebook_css._used_css(css, notebook_css._elements(page))


def test_the_rules_the_page_can_use_stay_and_the_others_go():
    kept = trimmed(CSS)
    for rule in (".jupyter-wrapper{", ".jupyter-wrapper .jp-Cell{margin", "pre{line-height", "@keyframes blink",
                 ".jupyter-wrapper .shown > :last-child", ".jupyter-wrapper .jp-Cell, .jupyter-wrapper .jp-Toolbar"):
        assert rule in kept, f"{rule} is used by the page and was dropped"
    for rule in (".jp-Dialog", ":root", ".jp-Launcher"):
        assert rule not in kept, f"{rule} can never apply to the page and was kept"
    assert kept.count("@media print") == 1 and "break-inside" in kept


def test_what_a_reader_or_a_script_can_change_later_keeps_its_rule():
    kept = trimmed(CSS)
    assert ".jp-Cell:hover" in kept and ".jp-Cell::before" in kept  # hover, and generated content
    assert "[data-md-color-scheme=slate] .jupyter-wrapper .jp-Cell" in kept  # the dark palette
    assert ".md-typeset__scrollwrap" in kept  # Material's script wraps tables in it


def test_css_a_browser_cannot_read_is_dropped():
    # mkdocs-jupyter 0.26 ends each notebook with a <style> holding a Python list of CSS.
    assert trimmed("['pre { line-height: 125%; }']") == ""


def test_only_notebook_pages_are_trimmed_and_a_second_build_reads_the_cache(tmp_path):
    build = SimpleNamespace(cache=tmp_path)
    html = f"<style>{CSS}</style>{PAGE}"
    assert notebook_css.trim_styles(html, SimpleNamespace(src="part-1/chapter.md"), build) == html
    notebook = SimpleNamespace(src="part-1/evidence.ipynb")
    first = notebook_css.trim_styles(html, notebook, build)
    assert ".jp-Dialog" not in first and first.endswith(PAGE)
    (cached,) = (tmp_path / "notebook-css").iterdir()
    cached.write_text("from the cache", encoding="utf-8")
    assert notebook_css.trim_styles(html, notebook, build) == "from the cache"
