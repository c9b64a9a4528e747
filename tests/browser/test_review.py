"""Spaced review: answers anywhere join a schedule; wrong and confident errors come back sooner;
the Review page mixes chapters; Re-read links land on their paragraph; calibration shows."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ROOT
from textbook.bank import load_library
from textbook.errors import ErrorLog

LIBRARY = load_library(ROOT / "quizzes", "quizzes", ErrorLog())
START = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
CHAPTERS = {"01-what-is-the-alliance": "/part-1/01-what-is-the-alliance/", "03-goals-tasks-bond": "/part-1/03-goals-tasks-bond/"}


def singles(bank: str, count: int = 2):
    """Single-choice questions of a bank whose wrong options name a Re-read section."""
    found = [q for q in LIBRARY.banks[bank].questions if q.type == "single"
             and all(o.get("section") for o in q.body["options"] if not o["correct"])]
    return found[:count]


def text_of(option: str) -> str:
    return re.sub(r"[*_`]|\[@[^\]]*\]", "", option).strip()[:40]


def answer(page: Page, q, right: bool, confidence: str | None = None) -> None:
    form = page.locator(f"form#q-{q.id}")
    form.scroll_into_view_if_needed()
    option = next(o for o in q.body["options"] if o["correct"] == right)
    if confidence:
        form.get_by_role("group", name="How sure are you? (optional)").get_by_label(confidence).check()
    form.locator("label").filter(has_text=text_of(option["text"])).first.click()
    form.get_by_role("button", name="Check answer").click()
    expect(form.get_by_role("status").first).to_contain_text("Correct." if right else "Not quite")


def history(page: Page, qid: str) -> list:
    raw = page.evaluate(f"localStorage.getItem('alliance-book/v1/review/{qid}')")
    return json.loads(raw)["d"]["log"] if raw else []


def test_the_review_queue_spaces_mixes_and_links_back(page: Page, base_url: str, browser, tmp_path: Path):
    page.clock.install(time=START)
    a1, a2 = singles("01-what-is-the-alliance")
    b1, b2 = singles("03-goals-tasks-bond")

    page.goto(base_url + CHAPTERS["01-what-is-the-alliance"])
    answer(page, a1, True, "Sure")
    answer(page, a2, False, "Sure")  # a confident error
    # The wrong answer sends the reader back to the paragraph that teaches it.
    wrong = next(o for o in a2.body["options"] if not o["correct"])
    reread = page.locator(f"form#q-{a2.id}").get_by_role("link", name=re.compile("^Re-read:"))
    expect(reread).to_be_visible()
    reread.click()
    expect(page).to_have_url(re.compile(f"#{wrong['section']}$"))
    expect(page.locator(f"#{wrong['section']}")).to_be_in_viewport()

    page.goto(base_url + CHAPTERS["03-goals-tasks-bond"])
    answer(page, b1, True, "Think so")
    answer(page, b2, False)
    assert [a["result"] for a in history(page, a2.id)] == ["incorrect"]

    # Two days later: the wrong answers and the first-step reviews are due, mixed across chapters.
    page.clock.fast_forward(48 * 3600 * 1000)
    page.goto(base_url + "/back/review/")
    count = page.get_by_role("status").filter(has_text="due today")
    expect(count).to_contain_text(re.compile(r"\d+ questions are due today"))
    due = int(re.search(r"(\d+) questions are due today", count.inner_text()).group(1))
    # The sure and right answer waits longest; the wrong ones and the less sure one are back.
    assert due == 3
    page.get_by_role("button", name="Start reviewing").click()
    chapters, reviewed = [], []
    for _ in range(due):
        heading = page.get_by_role("heading", level=2, name=re.compile(r"^Question \d+ of \d+ · Chapter \d+"))
        expect(heading).to_be_focused()
        chapters.append(int(heading.inner_text().rsplit(" ", 1)[1]))
        form = page.locator("[data-review-stage] form.quiz-q")
        qid = form.get_attribute("data-question")
        reviewed.append(qid)
        q = next(q for q in (a1, a2, b1, b2) if q.id == qid)
        before = len(history(page, qid))
        answer(page, q, True)
        assert len(history(page, qid)) == before + 1
        assert history(page, qid)[-1].get("source") == "review"
        expect(page.locator("[data-review-stage]").get_by_role("link", name=re.compile("^Open this question in Chapter"))).to_be_visible()
        page.get_by_role("button", name=re.compile("Next question|Finish review")).click()
    assert sorted(chapters) == [1, 3, 3] and chapters[0] != chapters[1], f"not interleaved: {chapters}"
    assert a1.id not in reviewed
    expect(page.locator("[data-review-stage]")).to_contain_text("Review done")
    # Reviewing is practice: the chapter still shows the reader's own answer, wrong as it was.
    chapter_answer = json.loads(page.evaluate(f"localStorage.getItem('alliance-book/v1/quiz/{a2.id}')"))["d"]
    assert chapter_answer["state"] == "incorrect"
    # Answering them moved their due dates past now.
    moved = page.evaluate("""async (ids) => {
        const s = await import('/assets/js/schedule.mjs');
        return ids.map((id) => s.status(JSON.parse(localStorage.getItem('alliance-book/v1/review/' + id)).d.log).due > Date.now());
    }""", reviewed)
    assert all(moved)

    # The front page and My progress say how many are due, and My progress shows calibration.
    page.clock.fast_forward(240 * 3600 * 1000)
    page.goto(base_url + "/back/progress/")
    expect(page.locator("[data-review-due]")).to_contain_text(re.compile(r"\d+ questions? (is|are) due for review today"))
    calibration = page.locator("[data-calibration]")
    expect(calibration).to_contain_text("When you were sure, you were right 50% of the time (1 of 2)")
    expect(calibration.get_by_role("img")).to_have_attribute("aria-label", re.compile(r"Sure: 50% right of 2"))
    expect(calibration.get_by_role("table")).to_contain_text("Chapter 1")

    # The schedule is in the backup and survives a restore into a fresh browser.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download backup file").click()
    backup = tmp_path / "backup.json"
    download.value.save_as(backup)
    data = json.loads(backup.read_text(encoding="utf-8"))
    assert f"review/{a2.id}" in data["entries"] and len(data["entries"][f"review/{a2.id}"]["d"]["log"]) == 2
    fresh = browser.new_context()
    other = fresh.new_page()
    other.clock.install(time=START)
    other.clock.fast_forward(288 * 3600 * 1000)
    other.goto(base_url + "/back/progress/")
    other.get_by_label("Backup file (.json)").set_input_files(str(backup))
    other.get_by_role("button", name="Restore from file").click()
    expect(other.get_by_role("status").filter(has_text="Backup merged")).to_be_visible()
    assert history(other, a2.id) == history(page, a2.id)
    other.goto(base_url + "/")
    expect(other.locator("[data-review-due]")).to_contain_text("due for review today")
    fresh.close()


def test_readers_who_never_review_see_nothing_of_it(page: Page, base_url: str):
    page.goto(base_url + "/")
    expect(page.locator("[data-review-due]")).to_be_hidden()
    page.goto(base_url + "/back/review/")
    expect(page.get_by_role("status").filter(has_text="Nothing to review yet")).to_be_visible()


def test_confidence_is_optional_and_never_blocks_an_answer(page: Page, base_url: str):
    page.goto(base_url + "/back/authoring/")
    form = page.locator("form.quiz-q").first
    form.get_by_role("button", name="Check answer").wait_for()
    form.locator("input[type=radio]:not([name$='-confidence'])").first.check()
    form.get_by_role("button", name="Check answer").click()
    expect(form.get_by_role("status").first).to_contain_text(re.compile("Correct|Not quite"))


def test_a_damaged_review_history_resets_only_itself(page: Page, base_url: str):
    a1, _ = singles("01-what-is-the-alliance")
    page.goto(base_url + CHAPTERS["01-what-is-the-alliance"])
    answer(page, a1, True)
    page.evaluate(f"localStorage.setItem('alliance-book/v1/review/{a1.id}', JSON.stringify({{t: 1, d: {{log: 'oops'}}}}))")
    page.goto(base_url + "/back/review/")
    expect(page.get_by_role("status").filter(has_text="set aside")).to_be_visible()
    page.goto(base_url + CHAPTERS["01-what-is-the-alliance"])
    expect(page.locator(f"form#q-{a1.id}").get_by_role("status").first).to_contain_text("Correct.")
    assert page.errors == []
