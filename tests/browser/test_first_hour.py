"""A new student's and a new instructor's first hour, at desktop and phone widths: the rough edges
a walk-through found, each checked the way a person meets it."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

CHAPTER = "/part-1/03-goals-tasks-bond/"
PHONE = {"width": 390, "height": 844}


def finish_chapter_three(page: Page) -> None:
    """Mark Chapter 3 finished in storage (visited, every question answered, reflections written)."""
    page.evaluate("""async () => {
        const now = Date.now();
        const put = (k, d) => localStorage.setItem('alliance-book/v1/' + k, JSON.stringify({t: now, d}));
        const row = [...document.querySelectorAll('section.quiz form.quiz-q')];
        put('visit/03-goals-tasks-bond', {first: now, last: now});
        put('score/03-goals-tasks-bond', {chapter: '03-goals-tasks-bond', total: row.length, checked: row.length, correct: row.length, last: row.length, best: row.length, first: row.length, revealed: 0});
        for (const r of document.querySelectorAll('section[data-reflection]')) put('reflection/' + r.dataset.reflection, {text: 'written', checks: []});
    }""")


def test_finished_marks_only_on_chapter_entries_and_they_follow_a_reset(page: Page, base_url: str):
    page.goto(base_url + CHAPTER)
    page.get_by_role("button", name="Check answer").first.wait_for()
    finish_chapter_three(page)
    page.reload()
    page.evaluate("document.dispatchEvent(new CustomEvent('book:progress'))")
    nav = page.get_by_role("navigation", name="Navigation")
    marks = page.locator(".nav-finished")
    expect(marks).to_have_count(1)
    link = nav.get_by_role("link", name=re.compile(r"^3\. Goals, tasks and bond \(finished\)$"))  # the ✓ is not read out
    expect(link).to_be_visible()
    expect(link).to_contain_text("✓")
    # The spoken "(finished)" is hidden from sight, not printed next to the tick.
    hidden = page.locator(".nav-finished .visually-hidden")
    assert hidden.evaluate("el => getComputedStyle(el).position") == "absolute"
    assert page.locator(".md-sidebar--secondary .nav-finished").count() == 0, "never in the page's own table of contents"
    # Resetting the quiz makes the chapter unfinished, and the mark goes at once.
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Reset this quiz").click()
    expect(marks).to_have_count(0)


def test_no_tooltips_in_questions_and_no_decorated_headings(page: Page, base_url: str):
    for path in ("/part-3/12-ruptures-and-repair/", CHAPTER):
        page.goto(base_url + path)
        assert page.locator(".quiz a.term, .quiz abbr, h1 a.term, h1 abbr, h2 a.term, h2 abbr").count() == 0
        assert page.locator(".quiz [title]").count() == 0


def test_a_fill_in_answer_with_a_full_stop_is_accepted(page: Page, base_url: str):
    page.goto(base_url + "/part-3/12-ruptures-and-repair/")
    form = page.locator("form.quiz-q[data-type=fill]").first
    form.get_by_role("button", name="Check answer").wait_for()
    key = json.loads(form.get_attribute("data-key"))
    answer = key["answers"][0] if key["answers"] else "metacommunication"
    form.get_by_label("Your answer").fill(answer.title() + ".")
    form.get_by_role("button", name="Check answer").click()
    expect(form.get_by_role("status").first).to_contain_text("Correct.")


def test_a_keyboard_user_reaches_the_quiz_in_a_few_presses(page: Page, base_url: str):
    page.goto(base_url + CHAPTER)
    page.get_by_role("button", name="Check answer").first.wait_for()
    presses = 0
    while presses < 5:
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate("document.activeElement.textContent.trim()") == "Skip to the quiz":
            break
    assert presses <= 2, f"the Skip to the quiz link took {presses} presses"
    expect(page.get_by_role("link", name="Skip to the quiz").first).to_be_visible()  # seen when focused
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#self-check-quiz$"))
    # From the quiz heading, the first question's first control is a few presses away.
    for presses in range(1, 15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('form.quiz-q') !== null"):
            break
    assert presses < 15, "the first question is hard to reach from the quiz heading"


def test_my_progress_reads_well_on_a_phone(page: Page, base_url: str):
    page.goto(base_url + CHAPTER)
    page.goto(base_url + "/back/progress/")
    cont = page.get_by_role("link", name=re.compile("^Continue where you left off"))
    expect(cont).to_be_visible()
    assert "¶" not in cont.inner_text()
    page.set_viewport_size(PHONE)
    region = page.get_by_role("region", name=re.compile("Your progress by chapter"))
    expect(region).to_be_visible()
    broken = page.evaluate("""() => [...document.querySelectorAll('.progress__table th, .progress__table td')]
        .filter((cell) => getComputedStyle(cell).wordBreak === 'break-all' || cell.scrollWidth > cell.clientWidth + 1).length""")
    assert broken == 0, "no word is broken mid-word"
    # The backup messages sit next to their buttons.
    restore = page.get_by_role("button", name="Restore from file")
    status = page.locator('[data-backup-status="import"]')
    gap = status.bounding_box()["y"] - (restore.bounding_box()["y"] + restore.bounding_box()["height"])
    assert 0 <= gap < 60


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE], ids=["desktop", "phone"])
def test_the_assignment_builder_looks_like_the_rest_of_the_book(page: Page, base_url: str, viewport):
    page.set_viewport_size(viewport)
    page.goto(base_url + "/instructors/assign/")
    course = page.get_by_label("Course name")
    assert course.evaluate("el => getComputedStyle(el).borderTopStyle") != "none"
    assert course.evaluate("el => parseFloat(getComputedStyle(el).borderTopWidth)") >= 1
    page.get_by_role("group", name=re.compile("Chapter 1:")).get_by_label("Read the chapter").check()
    page.get_by_role("button", name="Create assignment link").click()
    link = page.get_by_label("Assignment link")
    assert link.evaluate("el => el.scrollWidth <= el.clientWidth + 2 || el.clientWidth >= Math.min(600, window.innerWidth - 80)")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text=re.compile("copied|Ctrl\\+C"))).to_be_visible()


def test_instructor_and_author_pages_are_out_of_search_and_in_their_own_sections(page: Page, base_url: str, site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not any(loc.startswith(("instructors/", "back/authoring/")) for loc in locations)
    page.goto(base_url + CHAPTER)
    nav = page.get_by_role("navigation", name="Navigation")
    expect(nav.get_by_text("For instructors", exact=True).first).to_be_attached()
    expect(nav.get_by_text("For authors", exact=True).first).to_be_attached()
    back = nav.locator("li", has=page.get_by_text("Back matter", exact=True)).first
    assert back.get_by_role("link", name="Answer key").count() == 0


def test_about_names_the_book_and_links_to_the_repository(page: Page, base_url: str):
    page.goto(base_url + "/back/about/")
    citation = page.locator(".csl-entry").first
    expect(citation).to_contain_text("Therapeutic Alliance Textbook Project")
    expect(citation).to_contain_text("(1st ed.)")
    report = page.get_by_role("link", name=re.compile("issues|Report", re.I)).first
    expect(report).to_have_attribute("href", re.compile(r"^https://"))
    page.goto(base_url + CHAPTER)
    expect(page.get_by_role("link", name="Report a problem on this page")).to_have_attribute("href", re.compile(r"/issues/new\?title="))
    expect(page.locator("a[rel=edit]")).to_have_attribute("href", re.compile(r"/edit/main/docs/part-1/03-goals-tasks-bond\.md$"))


def test_without_javascript_the_header_keeps_the_books_colour(browser, base_url: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/")
    colour = page.locator(".md-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(0, 105, 92)", colour
    context.close()


def test_on_a_phone_a_part_opens_its_chapters_in_one_tap(page: Page, base_url: str):
    page.set_viewport_size(PHONE)
    page.goto(base_url + "/")
    page.locator("label.md-header__button[for=__drawer]").click()  # Material's menu button
    drawer = page.get_by_role("navigation", name="Navigation")
    drawer.get_by_text("Part I — Foundations", exact=True).first.click()
    expect(drawer.get_by_role("link", name="1. What is the therapeutic alliance?")).to_be_visible()
    expect(page).to_have_url(base_url + "/")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE], ids=["desktop", "phone"])
def test_the_front_page_looks_like_a_textbook(page: Page, base_url: str, viewport):
    page.set_viewport_size(viewport)
    page.goto(base_url + "/")
    assert page.title() == "The Therapeutic Alliance"
    expect(page.get_by_role("heading", level=1, name="The Therapeutic Alliance")).to_be_visible()
    expect(page.get_by_text("First edition, 2026")).to_be_visible()
    expect(page.get_by_text("CC BY-SA 4.0").first).to_be_visible()
    start = page.get_by_role("link", name="Start with Chapter 1")
    expect(start).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Continue"))).to_be_hidden()
    for part in ("Part I: Foundations", "Part II: The relational elements", "Part III: When the alliance is tested"):
        expect(page.get_by_role("heading", name=part)).to_be_visible()
    chapters = page.locator(".contents__chapter")
    expect(chapters).to_have_count(15)
    expect(chapters.first.locator(".contents__summary")).not_to_be_empty()
    article = page.locator("article")
    expect(article.get_by_text("For students", exact=True)).to_be_visible()
    expect(article.get_by_text("For instructors", exact=True)).to_be_visible()
    # After reading a chapter, the front page offers to continue it.
    start.click()
    page.wait_for_url("**/01-what-is-the-alliance/")
    page.get_by_role("button", name="Check answer").first.wait_for()  # the page has been read in
    page.goto(base_url + "/")
    expect(page.get_by_role("link", name=re.compile("^Continue: 1. What is the therapeutic alliance"))).to_be_visible()


def test_a_chapter_opens_like_a_printed_textbook(page: Page, base_url: str):
    page.goto(base_url + "/part-1/04-the-evidence/")
    opening = page.locator(".chapter-opening")
    expect(opening).to_contain_text("Part I: Foundations")
    expect(opening).to_contain_text("Chapter 4")
    expect(opening).to_contain_text(re.compile(r"Estimated reading time: \d+ min"))
    expect(page.get_by_text("By the end of this chapter, you will be able to:")).to_be_visible()
    expect(opening.get_by_role("link", name="This chapter as a PDF")).to_have_attribute("href", re.compile(r"downloads/chapter-04-the-evidence\.pdf$"))
    expect(opening.get_by_role("button", name="Print this chapter")).to_be_visible()


def test_nothing_on_a_chapter_moves_while_it_loads_on_a_phone(browser, base_url: str):
    # Controls that need the script (print buttons, quiz buttons, editors) are shown by CSS from the
    # first paint, and the quiz's questions arrive below the screen: the text never jumps.
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.add_init_script(
        "window.__shifts = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) "
        "if (!e.hadRecentInput) window.__shifts.push(e.value); }).observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(base_url + "/part-1/03-goals-tasks-bond/")
    expect(page.get_by_role("button", name="Print this chapter")).to_be_visible()
    expect(page.get_by_role("button", name="Check answer").first).to_be_attached()  # the quiz is set up
    page.wait_for_timeout(300)
    assert page.evaluate("window.__shifts") == []
    context.close()


def test_on_a_phone_a_wide_figure_is_a_named_region_a_keyboard_can_scroll(page: Page, base_url: str):
    page.set_viewport_size(PHONE)
    page.goto(base_url + CHAPTER)
    region = page.get_by_role("region", name="Figure 3.1 (scroll sideways to see all of it)")
    expect(region).to_have_attribute("tabindex", "0")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('#fig-bordin-components .book-figure__art').scrollLeft > 0")
    # Wide enough again (a phone turned sideways, a desktop): no region to stop at, no Tab stop.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.get_by_role("region", name=re.compile(r"^Figure 3\.1"))).to_have_count(0)
    expect(page.locator("#fig-bordin-components .book-figure__art")).not_to_have_attribute("tabindex", "0")
