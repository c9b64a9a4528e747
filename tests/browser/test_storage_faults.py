"""A reader's full, blocked or damaged browser storage never breaks a page and never hides or
loses what they saved: every fault below, then the reader's other data must still be visible,
and the backup must hold everything that can be read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

CHAPTER = "/part-1/01-what-is-the-alliance/"
PREFIX = "alliance-book/v1/"


def entry(data, t=1_700_000_000_000) -> str:
    return json.dumps({"t": t, "d": data})


def seed(page: Page, entries: dict[str, str]) -> None:
    page.evaluate("(entries) => { for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v); }", entries)


def first_reflection_id(page: Page) -> str:
    return page.locator("section[data-reflection]").first.get_attribute("data-reflection")


def saved_reflection(page: Page, base_url: str) -> tuple[str, str]:
    """Write a reflection the normal way and return (its id, its text)."""
    page.goto(base_url + CHAPTER)
    rid = first_reflection_id(page)
    box = page.locator("section[data-reflection]").first.get_by_role("textbox")
    box.fill("My saved reflection.")
    box.dispatch_event("change")
    return rid, "My saved reflection."


def backup_of(page: Page, base_url: str, tmp_path: Path) -> dict:
    page.goto(base_url + "/back/progress/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download backup file").click()
    path = tmp_path / "backup.json"
    download.value.save_as(path)
    return json.loads(path.read_text(encoding="utf-8"))


FILL = """() => {
    const chunk = 'x'.repeat(256 * 1024);
    let n = 0;
    try { for (;;) localStorage.setItem('filler/' + n++, chunk); } catch (e) {}
    let small = 'x'.repeat(1024);
    try { for (;;) localStorage.setItem('filler/s' + n++, small); } catch (e) {}
    try { for (;;) localStorage.setItem('filler/t' + n++, 'x'); } catch (e) {}
    return n;
}"""


def test_full_storage_shows_and_backs_up_everything_saved(page: Page, base_url: str, tmp_path: Path):
    rid, text = saved_reflection(page, base_url)
    page.evaluate(FILL)
    page.goto(base_url + CHAPTER)
    box = page.locator(f"section[data-reflection='{rid}']").get_by_role("textbox")
    expect(box).to_have_value(text)  # not hidden because the quota is full
    expect(page.get_by_role("status").filter(has_text="storage for this book is full")).to_be_visible()
    page.evaluate(FILL)  # top up whatever the page load freed, so the next write cannot fit
    box.fill(text + " And more." * 30)  # far more than the few characters of room the filler may leave
    box.dispatch_event("change")
    expect(page.locator(f"section[data-reflection='{rid}'] [data-status]")).to_contain_text("Not saved")
    data = backup_of(page, base_url, tmp_path)
    assert data["entries"][f"reflection/{rid}"]["d"]["text"].startswith(text), "the backup holds what is stored"
    assert page.errors == []


def test_a_throwing_setitem_keeps_saved_work_visible(page: Page, base_url: str, tmp_path: Path):
    rid, text = saved_reflection(page, base_url)
    page.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('QuotaExceededError', 'QuotaExceededError'); };")
    page.goto(base_url + CHAPTER)
    expect(page.locator(f"section[data-reflection='{rid}']").get_by_role("textbox")).to_have_value(text)
    data = backup_of(page, base_url, tmp_path)
    assert f"reflection/{rid}" in data["entries"]
    assert page.errors == []


def test_a_throwing_getitem_leaves_every_page_working(page: Page, base_url: str):
    page.add_init_script("Storage.prototype.getItem = function () { throw new DOMException('blocked', 'SecurityError'); };")
    for path in (CHAPTER, "/back/progress/", "/back/journal/", "/back/review/", "/back/practice/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        expect(page.get_by_role("status").filter(has_text=re.compile("not letting this book use its storage|can't be saved"))).not_to_have_count(0)
    assert page.errors == []


MALFORMED = {
    "quiz/ex-single": [{"t": 1, "d": None}, {"t": 1, "d": {"state": "correct"}}, {"t": 1, "d": {"version": 5, "answer": ["0"], "state": "correct"}},
                       {"t": 1, "d": {"version": "v", "answer": [{"x": 1}], "state": "correct"}}, {"t": "yesterday", "d": {}}, [1, 2]],
    "reflection/REFLECTION": [{"t": 1, "d": None}, {"t": 1, "d": {"text": 5}}, {"t": 1, "d": {"text": "x", "checks": "yes"}}, "not json"],
    "score/01-what-is-the-alliance": [{"t": 1, "d": None}, {"t": 1, "d": {"total": 3, "checked": 99, "correct": 1, "last": 1, "best": 1}},
                                      {"t": 1, "d": {"total": -1, "checked": 0, "correct": 0, "last": 0, "best": 0}}],
    "visit/01-what-is-the-alliance": [{"t": 1, "d": {"first": "monday"}}, {"t": 1, "d": 7}],
    "assignment/abc": [{"t": 1, "d": None}, {"t": 1, "d": {"items": [], "fragment": "a=x.y"}}, {"t": 1, "d": {"items": ["read:x"], "due": "9999-99-99", "fragment": "a"}}],
    "review/ex-single": [{"t": 1, "d": {"log": "oops"}}, {"t": 1, "d": {"log": [{"t": "x", "result": "correct"}]}}],
    "practice/withdrawal-repair-01/mild": [{"t": 1, "d": {"text": ["x"]}}, {"t": 1, "d": {"text": "x", "history": [{"t": 1}]}}],
    "meta/last-chapter": [{"t": 1, "d": {"bank": 1}}, {"t": 1, "d": "chapter one"}],
    "meta/seed": [{"t": 1, "d": "seed"}],
}
CASES = [(key, value) for key, values in MALFORMED.items() for value in values]


@pytest.mark.parametrize("key, value", CASES, ids=[f"{k}:{json.dumps(v)[:30]}" for k, v in CASES])
def test_a_malformed_entry_is_set_aside_and_breaks_nothing(page: Page, base_url: str, tmp_path: Path, key, value):
    rid, text = saved_reflection(page, base_url)
    key = key.replace("REFLECTION", rid + "-other") if "REFLECTION" in key else key
    raw = value if isinstance(value, str) else json.dumps(value)
    seed(page, {PREFIX + key: raw})
    for path in (CHAPTER, "/back/authoring/", "/back/progress/", "/back/journal/", "/back/assignment/", "/back/review/", "/back/practice/", "/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        assert page.errors == [], f"{path} with {key} = {raw}"
    page.goto(base_url + CHAPTER)
    expect(page.locator(f"section[data-reflection='{rid}']").get_by_role("textbox")).to_have_value(text)
    kept = page.evaluate(f"""() => [localStorage.getItem({json.dumps(PREFIX + key)}),
        ...Object.keys(localStorage).filter((k) => k.startsWith('alliance-book/set-aside/')).map((k) => JSON.parse(localStorage.getItem(k)).raw)]""")
    assert raw in kept, "a bad entry is never deleted or written over: it stays, or is moved to the set-aside area"
    data = backup_of(page, base_url, tmp_path)
    assert f"reflection/{rid}" in data["entries"]
    assert data["setAside"][key]["raw"] == raw, "the backup keeps what was set aside"


def test_a_restore_that_does_not_fit_replaces_nothing(page: Page, base_url: str, tmp_path: Path):
    rid, text = saved_reflection(page, base_url)
    big = {"format": "alliance-book-backup", "version": 2, "exported": "2026-12-01T00:00:00Z",
           "entries": {f"reflection/big-{n}": {"t": 1, "d": {"text": "y" * 200_000}} for n in range(60)}}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(big), encoding="utf-8")
    page.goto(base_url + "/back/progress/")
    before = page.evaluate("JSON.stringify(Object.entries(localStorage).sort())")
    page.get_by_label("Backup file (.json)").set_input_files(str(path))
    page.get_by_label(re.compile("Replace: make this browser hold exactly the backup")).check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Restore from file").click()
    status = page.locator('[data-backup-status="import"]')
    expect(status).to_contain_text("does not have room for the whole backup")
    expect(status).to_contain_text("Nothing was changed")
    assert page.evaluate("JSON.stringify(Object.entries(localStorage).sort())") == before
    # Merge stores what fits and says exactly how much.
    page.get_by_label("Merge: keep both, the newer version of each entry wins").check()
    page.get_by_role("button", name="Restore from file").click()
    expect(status).to_contain_text("Backup merged")
    message = status.inner_text()
    counts = re.search(r"(\d+) entr(?:y|ies) restored.*; (\d+) entr(?:y was|ies were) not stored", message)
    assert counts, message
    restored, failed = int(counts.group(1)), int(counts.group(2))
    assert restored + failed == 60 and restored < 60
    stored = page.evaluate("Object.keys(localStorage).filter((k) => k.includes('/reflection/big-')).length")
    assert stored == restored
    page.goto(base_url + CHAPTER)
    expect(page.locator(f"section[data-reflection='{rid}']").get_by_role("textbox")).to_have_value(text)


@pytest.mark.parametrize("raw", ["{not json", '{"color": 5}', "null", '"dark"'])
def test_a_damaged_theme_setting_of_material_breaks_no_page(page: Page, base_url: str, raw: str):
    page.goto(base_url + "/")
    seed(page, {"/.__palette": raw, "/.__tabs": raw})
    for path in (CHAPTER, "/back/authoring/", "/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    before = page.evaluate("document.body.dataset.mdColorMedia")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-media", before or "")
    assert page.errors == []


def test_a_set_aside_entry_survives_being_written_over_reset_and_a_restore_elsewhere(page: Page, base_url: str, browser, tmp_path: Path):
    page.goto(base_url + "/back/authoring/")
    page.get_by_role("button", name="Check answer").first.wait_for()
    form = page.locator("form.quiz-q").first
    qid = form.get_attribute("data-question")
    bad = '{"t": 1, "d": {"answer": "not a list"}}'
    seed(page, {f"{PREFIX}quiz/{qid}": bad})
    page.reload()
    form = page.locator("form.quiz-q").first
    form.get_by_role("radio").first.check()
    form.get_by_role("button", name="Check answer").click()  # writes the question's key again
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset this quiz").first.click()  # and removes it
    data = backup_of(page, base_url, tmp_path)
    assert any(held["raw"] == bad for held in data["setAside"].values()), data.get("setAside")
    # The backup carries it into another browser, still set aside, never lost.
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(base_url + "/back/progress/")
    other.get_by_label("Backup file (.json)").set_input_files(str(tmp_path / "backup.json"))
    other.get_by_role("button", name="Restore from file").click()
    expect(other.locator('[data-backup-status="import"]')).to_contain_text("kept aside, as in the file")
    again = backup_of(other, base_url, tmp_path / "again" if (tmp_path / "again").mkdir() is None else tmp_path)
    assert any(held["raw"] == bad for held in again["setAside"].values())
    fresh.close()
