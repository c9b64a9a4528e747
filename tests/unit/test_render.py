"""Rendered HTML fragments, compared with a readable diff."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from textbook.bank import Question, Reflection
from textbook.inline import MarkdownRenderer
from textbook.markers import find_markers, mask_code, replace_markers
from textbook.render_pages import reading_minutes, render_reflection
from textbook.answers import normalise_answer
from textbook.render_quiz import build_order, render_question


ROOT_TESTS = Path(__file__).resolve().parent.parent


def same(actual: str, expected: str) -> None:
    if actual != expected:
        diff = "\n".join(difflib.unified_diff(expected.splitlines(), actual.splitlines(), "expected", "actual", lineterm=""))
        pytest.fail("rendered HTML differs:\n" + diff, pytrace=False)


@pytest.fixture
def md():
    return MarkdownRenderer(["attr_list"], {}, lambda text: text)


def test_a_true_false_question_renders_as_an_accessible_form(md):
    q = Question("tf-1", "truefalse", "The *bond* matters.", ["o1"], "Yes, it does.", True,
                 {"answer": True, "feedback_true": "Right.", "feedback_false": "Wrong."}, 3)
    html = render_question(q, 1, 2, md)
    start = html.index("<fieldset")
    same(html[start:html.index("</legend>") + 9],
         '<fieldset class="quiz-q__fieldset">\n'
         '<legend class="quiz-q__legend"><span class="quiz-q__number">Question 1 of 2 '
         '<span class="quiz-q__type">(true/false)</span></span> '
         '<span class="quiz-q__prompt">The <em>bond</em> matters.</span></legend>')
    assert 'id="q-tf-1-true" value="true"><label for="q-tf-1-true">True</label>' in html
    assert 'data-key="{&quot;correct&quot;: true}"' in html
    assert '<details class="quiz-q__answer" data-answer>' in html and "<p>Yes, it does.</p>" in html


def test_prompts_are_escaped_like_markdown_escapes_them(md):
    q = Question("x", "fill", "Type <b>this</b> & that", ["o"], "E", True,
                 {"answers": ["Bönd"], "pattern": "", "feedback_correct": "R", "feedback_incorrect": "W"}, 1)
    html = render_question(q, 1, 1, md)
    assert 'data-key="{&quot;answers&quot;: [&quot;bond&quot;], &quot;pattern&quot;: &quot;&quot;}"' in html
    assert "“Bönd”" in html


@pytest.mark.parametrize("given, expected", [("  BÓND ", "bond"), ("Therapeutic   Alliance", "therapeutic alliance"), ("Zetzel", "zetzel")])
def test_fill_answers_are_normalised(given, expected):
    assert normalise_answer(given) == expected


def test_the_built_order_of_an_ordering_question_never_gives_the_answer():
    for n in range(2, 7):
        q = Question(f"order-{n}", "order", "P", ["o"], "E", False, {"items": [str(i) for i in range(n)]}, 1)
        assert build_order(q, n) != list(range(n))


def test_a_personal_reflection_says_it_is_optional_and_private(md):
    r = Reflection("r1", "A title", "Think of a *helper*.", personal=True, checklist=["I named a moment."], model_response="Mine.")
    html = render_reflection(r, md)
    assert '<section class="reflection reflection--personal" id="reflection-r1" data-reflection="r1"' in html
    assert "You can skip it; whatever you write stays on this device" in html
    assert '<label class="reflection__label" for="reflection-r1-text">Your response to “A title”</label>' in html
    assert '<input type="checkbox" id="reflection-r1-check-0" data-check="0"><label for="reflection-r1-check-0">I named a moment.</label>' in html
    assert "<summary>Show a model response</summary>" in html


MARKERS = {
    "<!-- quiz: 03-goals a b -->": [("quiz", ["03-goals", "a", "b"], 1)],
    "text\n<!-- references -->\n": [("references", [], 2)],
    "```\n<!-- quiz: x -->\n```\n<!-- quiz: y -->": [("quiz", ["y"], 4)],
    "    ```md\n    <!-- quiz: x -->\n    ```\n": [],
    "inline `<!-- quiz: x -->` code": [],
    "<!-- a plain comment, not a marker -->": [],
}


@pytest.mark.parametrize("text, expected", MARKERS.items(), ids=MARKERS.keys())
def test_markers_are_found_outside_code(text, expected):
    assert [(m.name, m.args, m.line) for m in find_markers(text)] == expected


def test_replacing_markers_keeps_everything_else():
    text = "A\n<!-- reading-time -->\n```\n<!-- reading-time -->\n```\n"
    assert replace_markers(text, {"reading-time": lambda m: "X"}) == "A\nX\n```\n<!-- reading-time -->\n```\n"
    assert len(mask_code(text)) == len(text)


def test_reading_time_counts_prose_only():
    prose = " ".join(["word"] * 401)
    assert reading_minutes(prose + "\n<!-- quiz: x -->\n```\n" + "code " * 1000 + "\n```\n") == 3


NORMALISATION = json.loads((ROOT_TESTS / "data" / "normalisation.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("row", NORMALISATION, ids=[r["typed"] for r in NORMALISATION])
def test_fill_answers_follow_the_one_normalisation_rule(row):
    """The same table is run through quiz.mjs in the browser (tests/browser/test_modules.py)."""
    assert normalise_answer(row["typed"]) == row["compared"]


HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> [link](javascript:alert(3)) <a href="javascript:alert(4)">x</a> <b onclick="x()">b</b>'


@pytest.mark.parametrize("field", ["prompt", "explanation", "option", "feedback"])
def test_author_html_in_any_field_is_sanitised(md, field):
    options = [{"text": HOSTILE if field == "option" else "A", "correct": True, "feedback": HOSTILE if field == "feedback" else "F", "line": 1, "section": ""},
               {"text": "B", "correct": False, "feedback": "F", "line": 1, "section": ""}]
    q = Question("h1", "single", HOSTILE if field == "prompt" else "P", ["o"], HOSTILE if field == "explanation" else "E", True, {"options": options}, 1)
    html = render_question(q, 1, 1, md)
    assert "<script" not in html and "onerror" not in html and "onclick" not in html and "javascript:" not in html
    assert "<b>b</b>" in html  # harmless markup stays


def test_reflection_prompts_and_model_responses_are_sanitised(md):
    r = Reflection("r1", "T", HOSTILE, model_response=HOSTILE, questions=[HOSTILE], checklist=[HOSTILE])
    html = render_reflection(r, md)
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html and "onclick" not in html


def _notebook_page(cells):
    from types import SimpleNamespace
    return SimpleNamespace(src="part-1/nb.ipynb", path="docs/part-1/nb.ipynb", content=json.dumps({"cells": cells}))


def _cell_html(kind, images=0):
    outputs = "".join('<div class="jp-Cell-outputWrapper"><img alt="" src="data:image/png;base64,AAAA"></div>' for _ in range(images))
    return f'<div class="jp-Cell jp-{kind}Cell jp-Notebook-cell"><div class="jp-Cell-inputWrapper">x</div>{outputs}</div>'


def test_notebook_plots_get_the_alt_text_their_cells_give():
    from textbook import notebooks
    from textbook.errors import ErrorLog
    from types import SimpleNamespace
    cells = [{"cell_type": "markdown", "source": "# T"}, {"cell_type": "code", "metadata": {"alt": ["First plot", "Second plot"]}},
             {"cell_type": "code", "metadata": {}}]
    html = _cell_html("Markdown") + _cell_html("Code", 2) + _cell_html("Code")
    build = SimpleNamespace(log=ErrorLog())
    out = notebooks.alt_text(html, _notebook_page(cells), build)
    assert 'alt="First plot"' in out and 'alt="Second plot"' in out
    assert not build.log


def test_a_notebook_plot_without_alt_text_stops_the_build():
    from textbook import notebooks
    from textbook.errors import ErrorLog
    from types import SimpleNamespace
    cells = [{"cell_type": "code", "metadata": {"alt": "Only one"}}, {"cell_type": "code", "metadata": {}}]
    build = SimpleNamespace(log=ErrorLog())
    notebooks.alt_text(_cell_html("Code", 2) + _cell_html("Code", 1), _notebook_page(cells), build)
    assert [e.message for e in build.log.errors] == [
        'plot 2 of cell 1 draws a figure without alt text; add "alt": "what the figure shows" to the cell\'s metadata (a list, one per plot)',
        'cell 2 draws a figure without alt text; add "alt": "what the figure shows" to the cell\'s metadata',
    ]


@pytest.mark.parametrize(("feedback", "shown"), [
    ("Right. Since Bordin, the alliance has three parts.", "Since Bordin, the alliance has three parts."),
    ("Correct: Zetzel (1956), Greenson (1965).", "Zetzel (1956), Greenson (1965)."),
    ("Not quite. The two psychoanalytic terms came first.", "The two psychoanalytic terms came first."),
    ("No, the <em>bond</em> is only one part.", "The <em>bond</em> is only one part."),
    ("Yes: r = .28 is the pooled estimate.", "r = .28 is the pooled estimate."),
    ("Nothing here is a verdict.", "Nothing here is a verdict."),
    ("No single study settles it.", "No single study settles it."),
    ("Yes.", "Yes."),
])
def test_feedback_never_repeats_the_verdict_the_item_already_gives(md, feedback, shown):
    q = Question("tf-2", "truefalse", "The bond matters.", ["o1"], "It does.", True,
                 {"answer": True, "feedback_true": feedback, "feedback_false": "Because it does."}, 3)
    html = render_question(q, 1, 1, md)
    assert f'<span class="quiz-q__verdict">Correct.</span> <span class="quiz-q__fb-text">{shown}</span>' in html
