"""Unit tests of the browser modules, run in Chromium: tables of input -> output."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page


def call(page: Page, module: str, function: str, *args):
    return page.evaluate(
        "async ([module, fn, args]) => (await import(module))[fn](...args)",
        [f"./assets/js/{module}", function, list(args)],
    )


@pytest.fixture
def home(page: Page, base_url: str) -> Page:
    page.goto(base_url + "/")
    return page


GOOD = {"format": "alliance-book-backup", "version": 1, "exported": "2026-11-29T00:00:00Z",
        "entries": {"reflection/ch01-x": {"t": 1, "d": {"text": "hi"}}}}

BACKUPS = [
    (GOOD, True, None),
    ({**GOOD, "entries": {}}, True, None),
    (None, False, "does not contain a backup object"),
    ([], False, "does not contain a backup object"),
    ("text", False, "does not contain a backup object"),
    ({**GOOD, "format": "other"}, False, "its format is not alliance-book-backup"),
    ({**GOOD, "version": 0}, False, "no valid version number"),
    ({**GOOD, "version": "1"}, False, "no valid version number"),
    ({**GOOD, "version": 2}, False, "made by a newer version of the book (format 2"),
    ({**GOOD, "entries": []}, False, "its list of entries is missing"),
    ({**GOOD, "entries": {"Bad Key": {"t": 1, "d": 1}}}, False, '"Bad Key" is not an entry name'),
    ({**GOOD, "entries": {"quiz/x": {"d": 1}}}, False, 'the entry "quiz/x" is incomplete'),
    ({**GOOD, "entries": {"quiz/x": {"t": 1}}}, False, 'the entry "quiz/x" is incomplete'),
]


@pytest.mark.parametrize("data, ok, message", BACKUPS)
def test_backup_validation(home, data, ok, message):
    result = call(home, "storage.mjs", "validateBackup", data)
    assert result["ok"] is ok
    if message:
        assert message in result["message"]


GRADES = [
    ("single", {"correct": [1]}, ["1"], True),
    ("single", {"correct": [1]}, ["0"], False),
    ("multiple", {"correct": [0, 2]}, ["0", "2"], True),
    ("multiple", {"correct": [0, 2]}, ["0"], False),
    ("multiple", {"correct": [0, 2]}, ["0", "1", "2"], False),
    ("truefalse", {"correct": False}, ["false"], True),
    ("fill", {"answers": ["bond"], "pattern": ""}, "  BÓND ", True),
    ("fill", {"answers": [], "pattern": "^(the )?bonds?$"}, "The Bonds", True),
    ("fill", {"answers": ["bond"], "pattern": ""}, "trust", False),
    ("order", {"count": 3}, ["0", "1", "2"], True),
    ("order", {"count": 3}, ["1", "0", "2"], False),
    ("match", {"correct": [1, 0]}, {"0": "1", "1": "0"}, True),
    ("classify", {"correct": [0, 0, 1]}, {"0": "0", "1": "1", "2": "1"}, False),
]


@pytest.mark.parametrize("qtype, key, answer, correct", GRADES)
def test_grading(home, qtype, key, answer, correct):
    assert call(home, "quiz.mjs", "grade", qtype, key, answer)["correct"] is correct


def test_markdown_export_escapes_reader_text(home):
    assert call(home, "reader.mjs", "escapeMarkdown", "<b>*x*</b> & [y]") == "&lt;b&gt;\\*x\\*&lt;/b&gt; &amp; \\[y\\]"


def test_word_count(home):
    assert call(home, "reflection.mjs", "countWords", "It's a well-known fact: 3 words… or 7?") == 8
