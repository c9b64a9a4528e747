"""Practice studio: a reader writes a response to a fictional client, compares it with the models,
rates it, and finds it again after a reload, in the journal and in the backup; by keyboard."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

STUDIO = "/back/practice/"
EXERCISE = "withdrawal-repair-01"


def test_write_compare_rate_and_find_it_again(page: Page, base_url: str, tmp_path: Path):
    page.goto(base_url + STUDIO)
    exercise = page.get_by_role("region", name=re.compile(r"^Practice: .*\(repairing a withdrawal rupture\)")).first
    expect(exercise).to_contain_text("Fictional client.")
    mild = exercise.locator("[data-level=mild]")
    box = mild.get_by_role("textbox", name=re.compile("What would you say"))
    box.focus()
    page.keyboard.type("I noticed you went quiet just now. Did something I said not sit right?")
    status = mild.get_by_role("status").first
    expect(status).to_have_text("Saved on this device")
    expect(status).to_have_attribute("aria-live", "polite")
    # Reveal the models by keyboard: the summary of the comparison is a button-like control.
    summary = mild.locator("summary", has_text="Compare with model responses")
    summary.focus()
    page.keyboard.press("Enter")
    expect(mild.get_by_text("What it does well:").first).to_be_visible()
    expect(mild.get_by_text("Why it misses:").first).to_be_visible()
    rating = mild.get_by_role("group", name=re.compile("Rate your response"))
    first = rating.get_by_role("checkbox").first
    first.focus()
    page.keyboard.press("Space")
    expect(mild.get_by_role("status").filter(has_text="meeting 1 of")).to_be_visible()

    page.reload()
    mild = page.get_by_role("region", name=re.compile(r"\(repairing a withdrawal rupture\)")).first.locator("[data-level=mild]")
    expect(mild.get_by_role("textbox")).to_have_value("I noticed you went quiet just now. Did something I said not sit right?")
    expect(mild.get_by_role("status").filter(has_text="meeting 1 of")).to_be_visible()
    mild.locator("summary", has_text="Compare with model responses").click()
    expect(mild.get_by_role("checkbox").first).to_be_checked()

    page.goto(base_url + "/back/journal/")
    entry = page.locator(".journal__practice-item").first
    expect(entry).to_contain_text("Repairing a withdrawal rupture")
    expect(entry).to_contain_text("I noticed you went quiet just now")
    expect(entry).to_contain_text(re.compile(r"rated 1 of \d+ criteria"))

    page.goto(base_url + "/back/progress/")
    expect(page.locator("[data-skills]")).to_contain_text("Repairing a withdrawal rupture: 1 exercise")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download backup file").click()
    path = tmp_path / "backup.json"
    download.value.save_as(path)
    entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
    saved = entries[f"practice/{EXERCISE}/mild"]["d"]
    assert saved["text"].startswith("I noticed") and saved["history"] and saved["checks"][0] is True
    assert page.errors == []


def test_a_chapter_has_its_practice_set_and_the_suicide_set_its_crisis_box(page: Page, base_url: str):
    page.goto(base_url + "/part-3/13-the-suicidal-patient/")
    practice = page.locator("[data-practice-set]")
    expect(practice).to_be_visible()
    expect(practice.locator(".admonition.crisis")).to_contain_text("988")
    expect(practice.get_by_role("link", name="More in the practice studio").first).to_be_visible()


def test_a_practice_set_can_be_assigned_and_is_listed_in_the_summary(page: Page, base_url: str):
    page.goto(base_url + STUDIO)
    box = page.get_by_role("region", name=re.compile(r"\(repairing a withdrawal rupture\)")).first.locator("[data-level=mild]").get_by_role("textbox")
    box.fill("A response of mine.")
    box.dispatch_event("change")
    page.goto(base_url + "/instructors/assign/")
    page.get_by_role("group", name=re.compile("Chapter 12:")).get_by_label(re.compile("Practice set: Repairing a withdrawal rupture")).check()
    page.get_by_role("button", name="Create assignment link").click()
    page.goto(page.get_by_label("Assignment link").input_value())
    expect(page.locator("[data-assignment-items]")).to_contain_text("✓ Done: Practice: Repairing a withdrawal rupture")
