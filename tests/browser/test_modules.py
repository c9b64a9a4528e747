"""Unit tests of the browser modules, run in Chromium: tables of input -> output."""

from __future__ import annotations

import pytest
import json
from pathlib import Path

from playwright.sync_api import Page


def call(page: Page, module: str, function: str, *args):
    return page.evaluate(
        "async ([module, fn, args]) => (await import(module))[fn](...args)",
        [f"/assets/js/{module}", function, list(args)],
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
    ({**GOOD, "version": 2}, True, None),
    ({**GOOD, "version": 3}, False, "made by a newer version of the book (format 3"),
    ({**GOOD, "entries": []}, False, "its list of entries is missing"),
    ({**GOOD, "entries": {"Bad Key": {"t": 1, "d": 1}}}, False, '"Bad Key": it is not an entry name this book uses'),
    ({**GOOD, "entries": {"quiz/x": {"d": 1}}}, False, '"quiz/x": the entry is incomplete'),
    ({**GOOD, "entries": {"quiz/x": {"t": 1}}}, False, '"quiz/x": the entry is incomplete'),
    ({**GOOD, "entries": {"quiz/x": {"t": 1, "d": None}}}, False, '"quiz/x": the saved answer is not a record'),
    ({**GOOD, "entries": {**GOOD["entries"], "quiz/x": {"t": 1, "d": None}}}, True, None),
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


NORMALISATION = json.loads((Path(__file__).resolve().parent.parent / "data" / "normalisation.json").read_text(encoding="utf-8"))


def test_fill_answers_are_normalised_in_the_browser_exactly_as_in_python(home):
    """One rule, one table: tests/data/normalisation.json is also checked against answers.py."""
    typed = [row["typed"] for row in NORMALISATION]
    got = home.evaluate("async (items) => { const m = await import('/assets/js/quiz.mjs'); return items.map(m.normalise); }", typed)
    assert got == [row["compared"] for row in NORMALISATION]


def test_every_bank_pattern_compiles_in_the_browser(home):
    from tests.conftest import ROOT
    from textbook.bank import load_library
    from textbook.errors import ErrorLog

    library = load_library(ROOT / "quizzes", "quizzes", ErrorLog())
    patterns = [q.body["pattern"] for _, q in library.questions() if q.type == "fill" and q.body["pattern"]]
    failures = home.evaluate("(ps) => ps.filter((p) => { try { new RegExp(p, 'iu'); return false; } catch (e) { return true; } })", patterns)
    assert patterns and failures == []


DAY = 86_400_000
T0 = 1_764_583_200_000  # 2025-12-01 10:00 UTC, a fixed clock


def schedule(page, expression: str):
    return page.evaluate(f"async () => {{ const s = await import('/assets/js/schedule.mjs'); return {expression}; }}")


def test_a_wrong_answer_comes_back_sooner_than_a_right_one(home):
    due = schedule(home, f"""[
        s.status([{{t: {T0}, result: 'correct'}}]).due,
        s.status([{{t: {T0}, result: 'incorrect'}}]).due,
        s.status([{{t: {T0}, result: 'incorrect'}}, {{t: {T0} + 60000, result: 'correct'}}]).due,
        s.status([{{t: {T0}, result: 'correct', confidence: 'sure'}}]).due,
    ]""")
    right, wrong, after_retry, sure = due
    assert wrong < right < sure
    assert after_retry < sure, "right only after a retry comes back sooner"


def test_intervals_grow_after_successes(home):
    gaps = schedule(home, f"""(() => {{
        let log = [{{t: {T0}, result: 'correct'}}];
        const gaps = [];
        for (let i = 0; i < 5; i++) {{
            const due = s.status(log).due;
            gaps.push(due - log[log.length - 1].t);
            log = [...log, {{t: due, result: 'correct'}}];
        }}
        return gaps;
    }})()""")
    assert all(b > a for a, b in zip(gaps, gaps[1:])), gaps
    assert gaps[-1] > 7 * DAY


def test_a_confident_error_is_due_at_once(home):
    due = schedule(home, f"s.status([{{t: {T0}, result: 'incorrect', confidence: 'sure'}}])")
    assert due["due"] == T0 and due["confidentError"]


def test_the_queue_interleaves_chapters(home):
    order = schedule(home, f"""s.queue({{
        a1: [{{t: {T0}, result: 'incorrect'}}], a2: [{{t: {T0} + 1, result: 'incorrect'}}],
        b1: [{{t: {T0}, result: 'incorrect'}}], c1: [{{t: {T0}, result: 'incorrect'}}]
    }}, {{a1: {{chapter: 1}}, a2: {{chapter: 1}}, b1: {{chapter: 4}}, c1: {{chapter: 9}}}}, {T0} + {DAY}).map((q) => q.id)""")
    assert order == ["a1", "b1", "c1", "a2"]


def test_calibration_counts_right_answers_per_confidence(home):
    result = call(home, "reader.mjs", "calibrationSummary", [
        [{"t": 1, "result": "correct", "confidence": "sure"}, {"t": 2, "result": "incorrect", "confidence": "sure"}],
        [{"t": 1, "result": "correct", "confidence": "guess"}, {"t": 2, "result": "revealed"}, {"t": 3, "result": "correct"}],
    ])
    assert result == {"sure": {"right": 1, "total": 2}, "think": {"right": 0, "total": 0}, "guess": {"right": 1, "total": 1}}


@pytest.mark.parametrize("text, ok", [("2027-03-15", True), ("2028-02-29", True), ("2027-02-29", False), ("9999-99-99", False),
                                      ("2027-13-01", False), ("27-03-15", False), ("2027-3-15", False), ("", False)])
def test_due_dates_must_be_real_days(home, text, ok):
    assert call(home, "records.mjs", "isRealDate", text) is ok


RECORDS = [
    ("quiz", "q", {"version": "v", "answer": ["0"], "state": "correct"}, True),
    ("quiz", "q", None, False),
    ("quiz", "q", {"version": "v", "answer": ["0"], "state": "great"}, False),
    ("quiz", "q", {"version": "v", "answer": "x" * 3000, "state": "correct"}, False),
    ("score", "b", {"total": 3, "checked": 99, "correct": 1, "last": 1, "best": 1}, False),
    ("score", "b", {"total": 3, "checked": 2, "correct": 1, "last": 1, "best": 1, "first": 1}, True),
    ("reflection", "r", {"text": 5}, False),
    ("reflection", "r", {"text": "ok"}, True),
    ("assignment", "a", None, False),
    ("assignment", "a", {"items": ["read:x"], "fragment": "a=1.2", "due": "2027-02-30"}, False),
    ("review", "q", {"log": [{"t": 1, "result": "correct", "confidence": "sure"}]}, True),
    ("review", "q", {"log": [{"t": 1, "result": "correct", "confidence": "maybe"}]}, False),
    ("practice", "x/mild", {"text": "hi", "history": [{"t": 1, "text": "hi", "checks": [True]}]}, True),
    ("meta", "last-chapter", {"bank": "01", "title": "1. Chapter ¶", "path": "/x/"}, True),
]


@pytest.mark.parametrize("kind, id_, data, ok", RECORDS)
def test_every_kind_of_entry_is_validated_by_its_shape(home, kind, id_, data, ok):
    outcome = home.evaluate("""async ([kind, id, data]) => {
        const m = await import('/assets/js/records.mjs');
        try { return {ok: true, value: m.validate(kind, id, data)}; } catch (e) { return {ok: false, error: e.message}; }
    }""", [kind, id_, data])
    assert outcome["ok"] is ok, outcome
    if kind == "meta" and ok:
        assert outcome["value"]["title"] == "1. Chapter", "the pilcrow never reaches a stored title"


RESTORES = [
    ({"ok": True, "restored": 1, "skipped": 0, "damaged": 0, "failed": 0, "memoryOnly": 0}, "merge",
     "Backup merged: 1 entry restored."),
    ({"ok": True, "restored": 4, "skipped": 1, "damaged": 0, "failed": 0, "memoryOnly": 0}, "merge",
     "Backup merged: 4 entries restored; 1 entry was kept as it was here, because this browser's copy is newer."),
    ({"ok": True, "restored": 0, "skipped": 2, "damaged": 3, "failed": 0, "memoryOnly": 0}, "merge",
     "Backup merged: 0 entries restored; 2 entries were kept as they were here, because this browser's copy is newer; "
     "3 damaged entries in the file not restored."),
    ({"ok": True, "restored": 2, "skipped": 0, "damaged": 1, "failed": 1, "memoryOnly": 0}, "replace",
     "Backup restored (replace): 2 entries restored; what was here before and is not in the backup has been removed; "
     "1 entry was not stored because this browser's storage is full (kept for this visit only: download a backup before you leave); "
     "1 damaged entry in the file not restored."),
    ({"ok": False, "message": "This file is not a backup."}, "merge", "This file is not a backup. Nothing was changed."),
]


@pytest.mark.parametrize("result, mode, message", RESTORES)
def test_what_a_restore_did_is_said_in_plain_grammatical_words(home, result, mode, message):
    assert call(home, "reader.mjs", "restoreMessage", result, mode) == message
