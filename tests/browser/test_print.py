"""Printing: a chapter prints as a textbook chapter, with or without answers; the journal prints
only what the reader wrote; the assignment prints as a one-page hand-in sheet."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

CHAPTER = "/part-3/12-ruptures-and-repair/"
CONTROLS = ["Check answer", "Show answer", "Try again", "Reset this quiz", "Clear response", "Print this chapter",
            "Study tools", "For authors", "Skip to content", "Copy link"]


def printed(page: Page, tmp_path: Path, name: str, answers: str | None = None) -> list[str]:
    if answers is not None:
        page.evaluate("async (mode) => (await import('/assets/js/print.mjs')).preparePrint(mode)", answers)
    page.emulate_media(media="print")
    path = tmp_path / f"{name}.pdf"
    page.pdf(path=str(path), format="A4")
    page.emulate_media(media="screen")
    return [page_.extract_text() for page_ in PdfReader(str(path)).pages]


def test_a_chapter_prints_with_answers_at_the_end(page: Page, base_url: str, tmp_path: Path):
    page.goto(base_url + CHAPTER)
    page.get_by_role("button", name="Check answer").first.wait_for()
    pages = printed(page, tmp_path, "with", "end")
    text = "\n".join(pages)
    for control in CONTROLS:
        assert control not in text, control
    reading = next(line for line in text.splitlines() if "Estimated reading time" in line)
    assert re.fullmatch(r"Estimated reading time: \d+ min", reading.strip()), f"the on-screen links leave dots behind: {reading!r}"
    start = text.index("Answers to the self-check quiz")
    assert "Answer:" in text[start:] and "Answer:" not in text[:start]
    questions = page.locator("form.quiz-q").count()
    assert text[start:].count("Answer:") == questions
    # Reflections print as prompts with space to write; figures and the reference list stay.
    assert "Reflection:" in text and "References" in text and "Figure 12.1" in text
    headings = {h.strip() for h in page.locator("article h2, article h3").all_inner_texts()}
    stranded = [p.strip().splitlines()[-1] for p in pages if p.strip() and p.strip().splitlines()[-1].strip() in headings]
    assert stranded == [], "a heading is the last line of a page"


def test_a_chapter_prints_without_answers(page: Page, base_url: str, tmp_path: Path):
    page.goto(base_url + CHAPTER)
    page.get_by_role("button", name="Check answer").first.wait_for()
    expect(page.get_by_role("button", name="Print without answers")).to_be_visible()
    text = "\n".join(printed(page, tmp_path, "without", "none"))
    assert "Answers to the self-check quiz" not in text and "Answer:" not in text
    assert "Question 1 of" in text  # the questions themselves are there


def test_printing_from_the_browser_menu_gathers_the_answers_too(page: Page, base_url: str):
    page.goto(base_url + CHAPTER)
    page.get_by_role("button", name="Check answer").first.wait_for()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(page.locator(".print-answers")).to_have_count(1)
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(page.locator(".print-answers")).to_have_count(0)


def test_the_journal_prints_only_what_the_reader_wrote(page: Page, base_url: str, tmp_path: Path):
    page.goto(base_url + "/part-1/01-what-is-the-alliance/")
    section = page.locator("section[data-reflection]").first
    title = section.get_by_role("heading").inner_text().removeprefix("Reflection: ")
    box = section.get_by_role("textbox")
    box.fill("Only this was written.")
    box.dispatch_event("change")
    page.goto(base_url + "/back/journal/")
    expect(page.get_by_text("Only this was written.")).to_be_visible()
    pages = printed(page, tmp_path, "journal")
    text = "\n".join(pages)
    assert "Only this was written." in text and title in text
    assert "Not written yet" not in text
    assert len(pages) <= 2


def test_the_answer_key_numbers_each_question_once(page: Page, base_url: str):
    page.goto(base_url + "/instructors/answer-key/")
    first = page.locator("ol.answer-key li strong").first.inner_text()
    assert not re.match(r"\d+\.", first)


def test_the_assignment_prints_as_a_one_page_hand_in_sheet(page: Page, base_url: str, tmp_path: Path):
    page.goto(base_url + "/instructors/assign/")
    page.get_by_label("Course name").fill("PSY 410")
    page.get_by_label("Due date").fill("2027-03-15")
    page.get_by_role("group", name=re.compile("Chapter 1:")).get_by_label("Read the chapter").check()
    page.get_by_role("button", name="Create assignment link").click()
    link = page.get_by_label("Assignment link").input_value()
    page.goto(link)
    page.get_by_label(re.compile("Your name")).fill("Ada <b>Lovelace</b>")
    page.evaluate("window.print = () => {}")
    page.get_by_role("button", name="Print summary").click()
    pages = printed(page, tmp_path, "handin")
    assert len(pages) == 1
    text = pages[0]
    assert "Ada <b>Lovelace</b>" in text and "PSY 410" in text and "2027-03-15" in text
    assert "Read Chapter 1" in text
    for control in ("Download summary", "Print summary", "Course name", "Make an assignment link"):
        assert control not in text
    # The name stays in this browser for next time.
    page.reload()
    expect(page.get_by_label(re.compile("Your name"))).to_have_value("Ada <b>Lovelace</b>")


def test_the_notebook_prints_its_code_without_the_copy_buttons(page: Page, base_url: str):
    page.goto(base_url + "/part-1/evidence-in-numbers/")
    copy = page.get_by_role("button", name="Copy to Clipboard")
    expect(copy.first).to_be_visible()
    assert copy.count() > 3  # one per code cell, on screen
    page.emulate_media(media="print")
    expect(copy).to_have_count(0)  # printed, none is shown
    expect(page.locator("pre", has_text="import matplotlib.pyplot as plt")).to_be_visible()  # the code prints
