"""An author previews the book with scripts/serve.sh, saves a quiz and a chapter, and watches
the open page and then the rest of the book follow (textbook/preview.py)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from tests.conftest import copy_of_the_book, free_port, quiet_env

CHAPTER = "part-1/03-goals-tasks-bond"
SLOW = 120_000  # ms: the preview's speed is measured by scripts/benchmark.py, not here


@pytest.fixture
def preview(tmp_path):
    """The book copied to tmp_path and served by scripts/serve.sh, as the README says."""
    book = copy_of_the_book(tmp_path / "book", extra=("scripts", "requirements.txt"))
    (book / ".venv").symlink_to(sys.prefix)  # the environment the tests run in has what serve.sh installs
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(["sh", "scripts/serve.sh", "--dev-addr", f"127.0.0.1:{port}"], cwd=book,
                                  env=quiet_env(tmp_path, NOTEBOOK_EXECUTE="false"), stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                urllib.request.urlopen(url + CHAPTER + "/", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"scripts/serve.sh did not serve the book:\n{log.read_text()}", pytrace=False)
                time.sleep(0.2)
        yield book, url, log
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def save_bank_with_first_prompt(bank: Path, addition: str) -> None:
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    data["questions"][0]["prompt"] = data["questions"][0]["prompt"].rstrip() + " " + addition
    bank.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def wait_for_the_whole_book(log: Path, since: int) -> None:
    """Until the preview says the rest of the book is built, after the first ``since`` characters of its log."""
    deadline = time.monotonic() + SLOW / 1000
    while "the whole book is up to date" not in log.read_text()[since:]:
        assert time.monotonic() < deadline, f"the rest of the book was never built:\n{log.read_text()[since:]}"
        time.sleep(0.2)


def menu(page) -> list[str]:
    return page.get_by_role("navigation", name="Navigation").get_by_role("link").all_inner_texts()


def test_a_saved_quiz_shows_in_the_open_chapter_and_then_in_the_answer_key(preview, browser):
    book, url, log = preview
    page = browser.new_page()
    page.goto(url + CHAPTER + "/")
    expect(page.get_by_role("heading", name="Self-check quiz")).to_be_visible()
    before = menu(page)
    save_bank_with_first_prompt(book / "quizzes" / f"{CHAPTER.split('/')[1]}.yml", "Saved in the preview.")
    # No reload by hand: the open page reloads itself once the chapter is built.
    expect(page.get_by_text("Saved in the preview.")).to_have_count(1, timeout=SLOW)
    assert menu(page) == before, "the other pages keep their titles in the menu while the rest is built"
    assert f"Preview: building docs/{CHAPTER}.md first" in log.read_text(), "the chapter is built on its own first"
    key = browser.new_page()
    key.goto(url + "instructors/answer-key/")
    expect(key.get_by_text("Saved in the preview.")).to_have_count(1, timeout=SLOW)


def test_a_saved_chapter_is_found_by_search_once(preview, browser):
    book, url, log = preview
    page = browser.new_page()
    page.goto(url + CHAPTER + "/")
    chapter = book / "docs" / f"{CHAPTER}.md"
    text = chapter.read_text(encoding="utf-8")
    since = len(log.read_text())
    heading = re.search(r"^## .+$", text, re.M).group(0)
    chapter.write_text(text.replace(heading, heading + "\n\nA sentence about quokkas, saved in the preview.\n", 1), encoding="utf-8")
    expect(page.get_by_text("A sentence about quokkas, saved in the preview.")).to_be_visible(timeout=SLOW)
    wait_for_the_whole_book(log, since)
    # The open page may reload itself once more now the rest is built, so search in a page opened
    # now: the server holds its request until that build has ended, so it never reloads. (The first
    # page is left open: closing a page while it reloads could hang.)
    page = browser.new_page()
    page.goto(url + CHAPTER + "/")
    page.keyboard.press("/")
    page.get_by_role("textbox", name="Search").press_sequentially("quokkas")
    expect(page.get_by_role("dialog", name="Search").get_by_role("link").filter(has_text="quokkas")).to_have_count(1, timeout=SLOW)
    index = json.loads(urllib.request.urlopen(url + "search/search_index.json", timeout=5).read())
    locations = [doc["location"] for doc in index["docs"]]
    assert len(locations) == len(set(locations)), "each section is in the index once"
    assert any(location.startswith("back/glossary/") for location in locations), "the other pages are still searched"
