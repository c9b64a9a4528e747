"""A reader writes reflections, finds them again, exports and backs them up, and nothing they
type is ever run as HTML or sent anywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

GUIDE = "/back/authoring/"
CHAPTER = "/part-1/01-what-is-the-alliance/"
HOSTILE = "<img src=x onerror=alert(1)> and </textarea><script>alert(2)</script> *not emphasis*"


def reflection_box(page: Page, title: str):
    return page.get_by_role("textbox", name=re.compile(re.escape(f"Your response to “{title}")))


def first_reflection(page: Page):
    """The first reflection on a chapter page: its title and its text box."""
    section = page.locator("section[data-reflection]").first
    title = section.get_by_role("heading").inner_text().removeprefix("Reflection: ")
    return title, reflection_box(page, title)


def no_dialogs(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(dialog.message), dialog.dismiss()))
    return seen


def test_writing_saves_on_this_device_without_any_request(page: Page, base_url: str):
    page.goto(base_url + GUIDE)
    page.wait_for_load_state("networkidle")
    box = reflection_box(page, "Goals, tasks and bond in a helping relationship")
    before = len(page.requests)
    box.click()
    page.keyboard.type("My tutor and I agreed on a goal.")
    status = page.locator("section[data-reflection] [data-status]")
    expect(status).to_have_text("Saved on this device")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(page.locator("section[data-reflection] [data-words]")).to_have_text("8 words")
    page.wait_for_timeout(300)
    assert page.requests[before:] == [], "typing in a reflection made a request"

    page.reload()
    expect(reflection_box(page, "Goals, tasks and bond in a helping relationship")).to_have_value("My tutor and I agreed on a goal.")


def test_personal_exercises_say_they_are_optional_and_private(page: Page, base_url: str):
    page.goto(base_url + GUIDE)
    section = page.locator("section[data-reflection]")
    expect(section).to_contain_text("Personal and optional")
    expect(section).to_contain_text("stays on this device")


def test_checklist_and_model_response(page: Page, base_url: str):
    page.goto(base_url + GUIDE)
    section = page.locator("section[data-reflection]")
    model = section.locator("details")
    expect(model).not_to_have_attribute("open", "")
    tick = section.get_by_label("I named at least one goal")
    tick.focus()
    tick.press("Space")
    section.get_by_text("Show a model response").click()
    expect(model).to_contain_text("My piano teacher")
    page.reload()
    expect(page.locator("section[data-reflection]").get_by_label("I named at least one goal")).to_be_checked()


def test_clear_asks_first_and_can_be_undone(page: Page, base_url: str):
    page.goto(base_url + GUIDE)
    box = reflection_box(page, "Goals, tasks and bond in a helping relationship")
    box.fill("Something worth keeping.")
    box.dispatch_event("change")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Clear response").click()
    expect(box).to_have_value("Something worth keeping.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear response").click()
    expect(box).to_have_value("")
    undo = page.get_by_role("button", name="Undo clear")
    expect(undo).to_be_focused()
    undo.press("Enter")
    expect(box).to_have_value("Something worth keeping.")
    page.reload()
    expect(reflection_box(page, "Goals, tasks and bond in a helping relationship")).to_have_value("Something worth keeping.")


def test_restored_after_instant_navigation(page: Page, base_url: str):
    page.goto(base_url + CHAPTER)
    title, box = first_reflection(page)
    box.click()
    page.keyboard.type("Written before leaving.")
    page.evaluate("window.__instant = 1")
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Glossary").click()
    expect(page.get_by_role("heading", level=1, name="Glossary")).to_be_visible()
    page.go_back()
    expect(reflection_box(page, title)).to_have_value("Written before leaving.")
    assert page.evaluate("window.__instant") == 1


def test_markup_is_shown_literally_everywhere(page: Page, base_url: str, tmp_path: Path):
    dialogs = no_dialogs(page)
    page.goto(base_url + CHAPTER)
    title, box = first_reflection(page)
    box.fill(HOSTILE)
    box.dispatch_event("change")
    page.reload()
    expect(reflection_box(page, title)).to_have_value(HOSTILE)

    page.goto(base_url + "/back/journal/")
    entry = page.locator("[data-journal-entry]").filter(has_text=title)
    expect(entry).to_contain_text("<img src=x onerror=alert(1)>")
    assert entry.locator("img, script").count() == 0

    with page.expect_download() as download:
        page.get_by_role("button", name="Download as Markdown").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;/textarea&gt;&lt;script&gt;" in text
    assert "<img" not in text and "<script" not in text
    assert r"\*not emphasis\*" in text
    assert f"### {title}" in text
    assert dialogs == []
    assert page.errors == []


def test_journal_lists_every_chapter_in_book_order(page: Page, base_url: str):
    page.goto(base_url + "/back/journal/")
    expect(page.get_by_text("You have not written any reflections yet.")).to_be_visible()
    # With nothing written, no empty chapter is listed...
    expect(page.get_by_role("heading", level=2, name=re.compile(r"^Chapter \d+:"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Go to this exercise in Chapter 1"))).to_have_count(0)
    # ...until the reader asks for every prompt: then every chapter, in book order.
    page.get_by_label("Also show the prompts I have not written about").check()
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    chapters = [int(m.group(1)) for h in headings if (m := re.match(r"Chapter (\d+):", h))]
    assert chapters == sorted(chapters) and len(chapters) >= 5
    expect(page.get_by_role("link", name=re.compile("Go to this exercise in Chapter 1")).first).to_be_visible()


def test_backup_round_trip_into_a_fresh_browser(page: Page, base_url: str, browser, tmp_path: Path):
    page.goto(base_url + CHAPTER)
    title, box = first_reflection(page)
    box.fill(HOSTILE)
    box.dispatch_event("change")
    page.goto(base_url + "/back/progress/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download backup file").click()
    backup = tmp_path / "backup.json"
    download.value.save_as(backup)
    data = json.loads(backup.read_text(encoding="utf-8"))
    assert data["format"] == "alliance-book-backup" and data["version"] == 2
    assert any(key.startswith("reflection/") for key in data["entries"])

    fresh = browser.new_context()
    other = fresh.new_page()
    dialogs = no_dialogs(other)
    other.goto(base_url + "/back/progress/")
    other.get_by_label("Backup file (.json)").set_input_files(str(backup))
    other.get_by_role("button", name="Restore from file").click()
    expect(other.get_by_role("status").filter(has_text="Backup merged")).to_contain_text(re.compile(r"\d+ entr(y|ies) restored"))
    other.goto(base_url + CHAPTER)
    expect(reflection_box(other, title)).to_have_value(HOSTILE)
    other.goto(base_url + "/back/journal/")
    expect(other.locator("[data-journal-entry]").filter(has_text=title)).to_contain_text("<img src=x onerror=alert(1)>")
    assert dialogs == []
    fresh.close()


def test_a_broken_backup_changes_nothing(page: Page, base_url: str, tmp_path: Path):
    page.goto(base_url + CHAPTER)
    title, box = first_reflection(page)
    box.fill("Keep me.")
    box.dispatch_event("change")
    page.goto(base_url + "/back/progress/")
    before = page.evaluate("JSON.stringify(Object.entries(localStorage).sort())")
    cases = {
        "not-json.json": ("{broken", "not valid JSON"),
        "foreign.json": (json.dumps({"format": "something-else", "version": 1, "entries": {}}), "not a backup from this book"),
        "newer.json": (json.dumps({"format": "alliance-book-backup", "version": 99, "entries": {}}), "newer version of the book"),
        "damaged.json": (json.dumps({"format": "alliance-book-backup", "version": 1, "entries": {"reflection/x": {"d": 1}}}), "incomplete"),
        "wrong-shape.json": (json.dumps({"format": "alliance-book-backup", "version": 2, "entries": {"reflection/x": {"t": 1, "d": {"text": 5}}}}), "not text"),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        page.get_by_label("Backup file (.json)").set_input_files(str(path))
        page.get_by_label(re.compile("Replace: make this browser hold exactly the backup")).check()
        page.get_by_role("button", name="Restore from file").click()
        status = page.locator('[data-backup-status="import"]')
        expect(status).to_contain_text(message)
        expect(status).to_contain_text("Nothing was changed.")
        assert page.evaluate("JSON.stringify(Object.entries(localStorage).sort())") == before, name


def test_erase_everything_asks_then_erases_only_the_books_data(page: Page, base_url: str):
    page.goto(base_url + CHAPTER)
    _, box = first_reflection(page)
    box.fill("To be erased.")
    box.dispatch_event("change")
    page.evaluate("localStorage.setItem('another-app', 'keep')")
    page.goto(base_url + "/back/progress/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Erase everything this book stored").click()
    expect(page.locator('[data-backup-status="erase"]')).to_contain_text("has been erased")
    keys = page.evaluate("Object.keys(localStorage)")
    assert [k for k in keys if k.startswith("alliance-book/v1/")] == []
    assert "another-app" in keys


def test_progress_shows_chapters_scores_reflections_and_where_to_continue(page: Page, base_url: str):
    page.goto(base_url + CHAPTER)
    title, box = first_reflection(page)
    box.fill("A first reflection.")
    box.dispatch_event("change")
    form = page.locator("form.quiz-q").first
    form.get_by_role("button", name="Show answer").click()
    page.goto(base_url + "/back/progress/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=re.compile("^Chapter 1:")))
    cells = row.get_by_role("cell")
    expect(cells.nth(0)).not_to_have_text("Not yet")
    expect(cells.nth(1)).to_have_text(re.compile(r"0 of \d+"))
    expect(cells.nth(3)).to_have_text(re.compile(r"1 of \d+"))
    expect(page.get_by_role("link", name=re.compile("Continue where you left off"))).to_have_attribute("href", re.compile("01-what-is-the-alliance"))
    expect(page.locator("[data-overall]")).to_contain_text("1 opened")


def test_a_finished_chapter_is_marked_in_the_navigation(page: Page, base_url: str):
    page.goto(base_url + "/part-1/")
    page.evaluate("""() => {
        const now = Date.now();
        const put = (k, d) => localStorage.setItem('alliance-book/v1/' + k, JSON.stringify({t: now, d}));
        put('visit/01-what-is-the-alliance', {first: now, last: now});
        put('score/01-what-is-the-alliance', {total: 99, checked: 99, correct: 99, last: 99, best: 99});
    }""")
    page.goto(base_url + "/back/progress/")
    rows = page.locator("[data-progress-chapter='01-what-is-the-alliance']")
    reflections = rows.get_attribute("data-reflections").split()
    personal = (rows.get_attribute("data-personal") or "").split()
    page.evaluate("""(ids) => { for (const id of ids) localStorage.setItem('alliance-book/v1/reflection/' + id,
        JSON.stringify({t: Date.now(), d: {text: 'done', checks: []}})); }""", [r for r in reflections if r not in personal])
    page.reload()
    expect(rows.get_by_role("cell").last).to_have_text("✓ Finished")
    nav_link = page.get_by_role("navigation", name="Navigation").get_by_role("link", name=re.compile(r"What is the therapeutic alliance\?.*\(finished\)"))
    expect(nav_link).to_be_attached()
