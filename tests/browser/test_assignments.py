"""An instructor makes an assignment link; a student opens it, works, and hands in a summary.
Links that are damaged, edited or full of markup break nothing and show only text."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

BUILDER = "/instructors/assign/"
PANEL = "/back/assignment/"
CHAPTER = "/part-1/01-what-is-the-alliance/"
MARKUP = '<img src=x onerror=alert(1)><b>Bold</b> & "quotes"'


def make_link(page: Page, base_url: str, course: str, note: str, items: list[str]) -> str:
    page.goto(base_url + BUILDER)
    page.get_by_label("Course name").fill(course)
    page.get_by_label("Due date").fill("2027-03-15")
    page.get_by_label("Note to students (optional)").fill(note)
    for label in items:
        page.get_by_role("group", name=re.compile(label[0])).get_by_label(label[1]).check()
    page.get_by_role("button", name="Create assignment link").click()
    expect(page.get_by_role("status").filter(has_text="Link created")).to_be_visible()
    link = page.get_by_label("Assignment link").input_value()
    assert link.startswith(base_url + PANEL + "#a=")
    return link


def test_assignment_round_trip(page: Page, base_url: str, tmp_path: Path):
    link = make_link(page, base_url, "PSY 410 Counselling Skills", "Read before Tuesday.", [
        ("Chapter 1:", "Read the chapter"), ("Chapter 1:", "Self-check quiz"), ("Chapter 3:", "Self-check quiz"),
    ])
    page.goto(link)
    expect(page.get_by_text("PSY 410 Counselling Skills")).to_be_visible()
    expect(page.get_by_text("Read before Tuesday.")).to_be_visible()
    checklist = page.locator("[data-assignment-items] li")
    expect(checklist).to_have_count(3)
    expect(page.get_by_text("0 of 3 done.")).to_be_visible()

    # The student reads chapter 1 and shows every answer of its quiz without trying: that is not "done".
    page.get_by_role("link", name="Read Chapter 1: What is the therapeutic alliance?").click()
    page.wait_for_url(f"**{CHAPTER}")
    # Instant navigation changes the address before it swaps the content: wait for the chapter.
    expect(page.get_by_role("heading", level=1, name="1. What is the therapeutic alliance?")).to_be_visible()
    reveal = page.get_by_role("button", name="Show answer")
    expect(reveal.first).to_be_visible()
    while reveal.count():
        reveal.first.click()
    page.go_back()
    page.wait_for_url(re.compile(r"assignment/#a="))
    expect(page.locator("[data-assignment-count]")).to_have_text("1 of 3 done.")
    expect(checklist.filter(has_text="Read Chapter 1")).to_contain_text("✓ Done")
    expect(checklist.filter(has_text="Chapter 1 self-check quiz")).to_contain_text("Answers revealed, not attempted")
    expect(checklist.filter(has_text="Chapter 1 self-check quiz")).to_contain_text(re.compile(r"right first try: 0 of \d+"))
    expect(checklist.filter(has_text="Chapter 3 self-check quiz")).to_contain_text("○ To do")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download summary").click()
    summary = Path(download.value.path()).read_text(encoding="utf-8")
    assert "- Course: PSY 410 Counselling Skills" in summary
    assert "- Due: 2027-03-15" in summary
    assert "- Completed: 1 of 3" in summary
    assert re.search(r"- \[ \] Chapter 1 self-check quiz \(right first try: 0 of \d+; right after retries: 0; \d+ only revealed with Show answer\) \(answers revealed with Show answer, not attempted\)", summary), summary
    assert "- [ ] Chapter 3 self-check quiz" in summary

    # The assignment is remembered and listed on My progress.
    page.goto(base_url + "/back/progress/")
    listed = page.get_by_role("link", name=re.compile("PSY 410 Counselling Skills, due 2027-03-15"))
    expect(listed).to_be_visible()
    expect(page.get_by_text(re.compile("1 of 3 done"))).to_be_visible()


def test_reflection_texts_go_into_the_summary_only_when_chosen(page: Page, base_url: str):
    page.goto(base_url + CHAPTER)
    section = page.locator("section[data-reflection]").first
    title = section.get_by_role("heading").inner_text().removeprefix("Reflection: ")
    box = section.get_by_role("textbox")
    box.fill("My private thoughts " + MARKUP)
    box.dispatch_event("change")
    link = make_link(page, base_url, "Course", "", [("Chapter 1:", f"Reflection: {title}")])
    page.goto(link)
    expect(page.get_by_text("1 of 1 done.")).to_be_visible()
    with page.expect_download() as first:
        page.get_by_role("button", name="Download summary").click()
    without = Path(first.value.path()).read_text(encoding="utf-8")
    assert f"- [x] Chapter 1: reflection “{title}”" in without
    assert "My private thoughts" not in without
    page.get_by_label("Include the text of my reflections and practice responses in the summary").check()
    with page.expect_download() as second:
        page.get_by_role("button", name="Download summary").click()
    included = Path(second.value.path()).read_text(encoding="utf-8")
    assert "> My private thoughts &lt;img src=x onerror=alert(1)&gt;&lt;b&gt;Bold&lt;/b&gt; &amp; \"quotes\"" in included


def test_markup_in_the_link_is_shown_as_text(page: Page, base_url: str):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    link = make_link(page, base_url, MARKUP, MARKUP + "\n</dd><script>alert(2)</script>", [("Chapter 2:", "Read the chapter")])
    page.goto(link)
    course = page.locator('[data-field="course"]')
    expect(course).to_have_text(MARKUP)
    expect(page.locator('[data-field="note"]')).to_contain_text("</dd><script>alert(2)</script>")
    assert page.locator("[data-assignment-panel] img, [data-assignment-panel] b, [data-assignment-panel] script").count() == 0
    assert dialogs == [] and page.errors == []


def test_damaged_and_edited_links_show_a_message_and_break_nothing(page: Page, base_url: str):
    link = make_link(page, base_url, "Course", "Note", [("Chapter 2:", "Read the chapter")])
    payload, checksum = link.split("#a=")[1].split(".")
    flipped = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    cases = {
        f"#a={flipped}.{checksum}": "changed or damaged",
        "#a=not-base64.zzz": "changed or damaged",
        "#a=": "incomplete or damaged",
        "#something-else": "incomplete or damaged",
    }
    for fragment, message in cases.items():
        page.goto(base_url + PANEL + fragment)
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text(message)
        expect(page.locator("[data-assignment-body]")).to_be_hidden()
        assert page.errors == [], fragment
    page.goto(base_url + PANEL)
    expect(page.get_by_role("alert")).to_contain_text("open it from the link your instructor gave you")
    # A well-formed link to parts of the book that do not exist is refused too.
    page.goto(base_url + "/")
    forged = page.evaluate("""async () => {
        const m = await import('/assets/js/assign.mjs');
        return m.encodeAssignment({course: 'X', due: '', note: '', items: ['read:99-no-such-chapter']});
    }""")
    page.goto(base_url + PANEL + "#" + forged)
    expect(page.get_by_role("alert")).to_contain_text("parts of the book that do not exist")
    # Impossible dates and payloads that are not assignments are refused with their own message.
    for payload, message in [
        ("{course: 'X', due: '9999-99-99', note: '', items: ['read:01-what-is-the-alliance']}", "not a real date"),
        ("{course: 'X', due: '2027-02-30', note: '', items: ['read:01-what-is-the-alliance']}", "not a real date"),
    ]:
        forged = page.evaluate(f"async () => (await import('/assets/js/assign.mjs')).encodeAssignment({payload})")
        page.goto(base_url + PANEL + "#" + forged)
        expect(page.get_by_role("alert")).to_contain_text(message)
    null_link = page.evaluate("""async () => {
        const text = 'null';
        const b64 = btoa(text).replace(/=+$/, '');
        let h = 2166136261; for (const ch of b64) h = Math.imul(h ^ ch.codePointAt(0), 16777619);
        return `a=${b64}.${(h >>> 0).toString(36)}`;
    }""")
    page.goto(base_url + PANEL + "#" + null_link)
    expect(page.get_by_role("alert")).to_contain_text("holds no assignment")
    expect(page.get_by_role("alert")).not_to_contain_text("another version")


def test_a_link_padded_with_unknown_fields_stores_only_what_the_book_understands(page: Page, base_url: str):
    page.goto(base_url + "/")
    padded = page.evaluate("""async () => {
        const m = await import('/assets/js/assign.mjs');
        return m.encodeAssignment({course: 'C', due: '', note: '', items: ['read:01-what-is-the-alliance'], junk: 'x'.repeat(5000)});
    }""")
    page.goto(base_url + PANEL + "#" + padded)
    expect(page.get_by_text("0 of 1 done.")).to_be_visible()
    stored = page.evaluate("Object.entries(localStorage).filter(([k]) => k.includes('/assignment/')).map(([, v]) => v)")
    assert len(stored) == 1 and len(stored[0]) < 2000, "the padding must not be stored"
    assert "junk" not in stored[0]
    # A link far longer than any the builder makes is refused before it is decoded.
    huge = page.evaluate("""async () => (await import('/assets/js/assign.mjs')).encodeAssignment(
        {course: 'C', due: '', note: '', items: ['read:01-what-is-the-alliance'], junk: 'x'.repeat(200000)})""")
    page.goto(base_url + PANEL + "#" + huge)
    expect(page.get_by_role("alert")).to_contain_text("too long to be one made by this book")


def test_the_builder_asks_for_something_to_assign(page: Page, base_url: str):
    page.goto(base_url + BUILDER)
    page.get_by_role("button", name="Create assignment link").click()
    expect(page.get_by_role("status").filter(has_text="Choose at least one")).to_be_visible()
    expect(page.get_by_label("Assignment link")).to_be_hidden()
