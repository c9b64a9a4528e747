"""A reader takes the authoring guide's live quiz: every question type, by keyboard, wrong then
right; feedback is announced; answers survive reloads and instant navigation; reset works."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

GUIDE = "/back/authoring/"
KEY = "alliance-book/v1/quiz/"


def question(page: Page, prompt: str):
    return page.get_by_role("group", name=re.compile(re.escape(prompt)))


def press(locator, key: str = "Enter") -> None:
    """Focus a control as a keyboard user would reach it, then press a key."""
    locator.focus()
    locator.press(key)


def check(q) -> None:
    press(q.get_by_role("button", name="Check answer"))


def result(q):
    return q.get_by_role("status")


@pytest.fixture
def guide(page: Page, base_url: str) -> Page:
    page.goto(base_url + GUIDE)
    page.get_by_role("button", name="Check answer").first.wait_for()
    return page


def test_single_choice_wrong_then_right(guide: Page):
    q = question(guide, "Which of these is one of Bordin's three components")
    press(q.get_by_label("The therapist's theoretical orientation"), "Space")
    check(q)
    expect(result(q)).to_contain_text("Not quite")
    wrong = q.get_by_role("listitem").filter(has_text="theoretical orientation")
    expect(wrong).to_contain_text("✗ Incorrect")
    expect(wrong).to_contain_text("Bordin's model is pantheoretical")
    # Single choice does not give the answer away before "Show answer".
    expect(q).not_to_contain_text("Missed")
    expect(q.get_by_role("button", name="Try again")).to_be_focused()
    press(q.get_by_role("button", name="Try again"))
    expect(result(q)).to_have_text("")
    press(q.get_by_label("between client and therapist"), "Space")
    check(q)
    expect(result(q)).to_contain_text("Correct.")
    expect(result(q)).to_contain_text("goals, tasks and bond")  # the explanation, with its citation
    expect(result(q).get_by_role("link", name="Bordin, 1979")).to_be_visible()
    expect(result(q)).to_be_focused()


@pytest.mark.parametrize("prompt, right", [
    ("Which of these is one of Bordin's three components", "between client and therapist"),
    ("Bordin described the alliance as specific to psychoanalysis", "False"),
])
def test_saying_how_sure_you_are_never_changes_the_grade(guide: Page, prompt: str, right: str):
    """The confidence choice is a radio button too: it must not count as an answer."""
    for sure in ("Sure", "Think so", "Guessing"):
        q = question(guide, prompt)
        press(q.get_by_role("group", name="How sure are you? (optional)").get_by_label(sure), "Space")
        press(q.get_by_label(right, exact=right == "False"), "Space")
        check(q)
        expect(result(q)).to_contain_text("Correct.")
        guide.evaluate("localStorage.clear()")
        guide.reload()
        guide.get_by_role("button", name="Check answer").first.wait_for()


def test_multiple_select_shows_right_wrong_and_missed(guide: Page):
    q = question(guide, "Which of these are components in Bordin's model")
    press(q.get_by_label("Agreement on goals"), "Space")
    press(q.get_by_label("Transference"), "Space")
    check(q)
    expect(result(q)).to_contain_text("Not quite")
    expect(q.get_by_role("listitem").filter(has_text="Agreement on goals")).to_contain_text("✓ Correct")
    expect(q.get_by_role("listitem").filter(has_text="Transference")).to_contain_text("✗ Incorrect")
    expect(q.get_by_role("listitem").filter(has_text="Agreement on tasks")).to_contain_text("Missed")
    press(q.get_by_role("button", name="Try again"))
    press(q.get_by_label("Transference"), "Space")
    press(q.get_by_label("Agreement on tasks"), "Space")
    check(q)
    expect(result(q)).to_contain_text("Correct.")


def test_true_false(guide: Page):
    q = question(guide, "Bordin described the alliance as specific to psychoanalysis")
    press(q.get_by_label("True"), "Space")
    check(q)
    expect(q).to_contain_text("He argued the concept applies across therapies")
    press(q.get_by_role("button", name="Try again"))
    press(q.get_by_label("False"), "Space")
    check(q)
    expect(result(q)).to_contain_text("Correct.")


def test_fill_in_ignores_case_accents_and_spaces(guide: Page):
    q = question(guide, "Bordin's three components are goals, tasks and the")
    box = q.get_by_label("Your answer")
    box.focus()
    guide.keyboard.type("trust")
    guide.keyboard.press("Enter")  # Enter in the text box submits, as in any form
    expect(result(q)).to_contain_text("Not quite")
    expect(q).to_contain_text("Think of the emotional side")
    press(q.get_by_role("button", name="Try again"))
    box.fill("")
    box.focus()
    guide.keyboard.type("  BÓND ")
    guide.keyboard.press("Enter")
    expect(result(q)).to_contain_text("Correct.")


def test_ordering_by_keyboard_with_announcements(guide: Page):
    q = question(guide, "Put these contributions in chronological order")
    steps = [
        "Freud on the friendly part of the transference",
        "Zetzel names the therapeutic alliance",
        "Greenson's working alliance",
        "Bordin's goals, tasks and bond",
    ]
    items = q.locator("ol li")
    for position, text in enumerate(steps):
        while items.nth(position).inner_text().find(text) < 0:
            press(q.get_by_role("button", name=f"Move up: {text}"))
            expect(q.get_by_role("button", name=f"Move up: {text}")).to_be_focused()
    expect(result(q)).to_contain_text("to position")
    check(q)
    expect(result(q)).to_contain_text("Correct.")


def test_ordering_wrong_first(guide: Page):
    q = question(guide, "Put these contributions in chronological order")
    first = q.locator("ol li").first.inner_text()
    if "Freud" in first:  # make sure the order is wrong before checking
        press(q.get_by_role("button", name="Move down: Freud on the friendly part of the transference"))
    check(q)
    expect(result(q)).to_contain_text("Not quite")
    expect(q).to_contain_text("Start with Freud and end with Bordin")
    expect(q.get_by_role("button", name="Try again")).to_be_focused()


def test_matching_and_classifying(guide: Page):
    q = question(guide, "Match each term with the writer who introduced it")
    q.get_by_label("Working alliance").select_option("Luborsky")
    q.get_by_label("Helping alliance").select_option("Greenson")
    q.get_by_label("Therapeutic alliance").select_option("Zetzel")
    check(q)
    expect(result(q)).to_contain_text("Not quite")
    expect(q.get_by_role("listitem").filter(has_text="Therapeutic alliance")).to_contain_text("✓ Correct")
    expect(q.get_by_role("listitem").filter(has_text="Working alliance")).to_contain_text("Greenson coined it in 1965")
    press(q.get_by_role("button", name="Try again"))
    q.get_by_label("Working alliance").select_option("Greenson")
    q.get_by_label("Helping alliance").select_option("Luborsky")
    check(q)
    expect(result(q)).to_contain_text("Correct.")

    c = question(guide, "Classify each statement by the component")
    c.get_by_label("I want to feel less anxious").select_option("Goals")
    c.get_by_label("thought record").select_option("Tasks")
    c.get_by_label("I trust her").select_option("Bond")
    check(c)
    expect(result(c)).to_contain_text("Correct.")


def test_show_answer_reveals_answer_and_explanation(guide: Page):
    q = question(guide, "Match each term with the writer who introduced it")
    press(q.get_by_role("button", name="Show answer"))
    expect(result(q)).to_contain_text("Answer shown")
    expect(q.get_by_label("Working alliance")).to_have_value(re.compile(r"\d"))
    form = guide.locator("form#q-ex-match")
    expect(form.get_by_text("Answer and explanation")).to_be_focused()
    expect(form.locator("details")).to_have_attribute("open", "")


def test_answers_survive_reload_and_instant_navigation_and_reset(guide: Page, base_url: str):
    q = question(guide, "Which of these is one of Bordin's three components")
    press(q.get_by_label("between client and therapist"), "Space")
    check(q)
    expect(result(q)).to_contain_text("Correct.")
    summary = guide.get_by_text(re.compile(r"You have answered 1 of 7 questions correctly"))
    expect(summary).to_be_visible()

    guide.reload()
    q = question(guide, "Which of these is one of Bordin's three components")
    expect(result(q)).to_contain_text("Correct.")
    expect(q.get_by_label("between client and therapist")).to_be_checked()

    # Leave and come back with instant navigation; the window survives, and so do the answers.
    guide.evaluate("window.__instant = 1")
    guide.get_by_role("navigation", name="Navigation").get_by_role("link", name="Glossary").click()
    expect(guide.get_by_role("heading", level=1, name="Glossary")).to_be_visible()
    guide.go_back()
    q = question(guide, "Which of these is one of Bordin's three components")
    expect(result(q)).to_contain_text("Correct.")
    assert guide.evaluate("window.__instant") == 1

    # Reset asks first, and can be undone straight away.
    dialogs = []
    guide.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    press(guide.get_by_role("button", name="Reset this quiz"))
    assert dialogs and "undo" in dialogs[0].lower()
    expect(result(q)).to_have_text("")
    expect(q.get_by_label("between client and therapist")).not_to_be_checked()
    press(guide.get_by_role("button", name="Undo reset"))
    expect(result(q)).to_contain_text("Correct.")
    expect(guide.get_by_text(re.compile(r"Reset undone"))).to_be_visible()
    press(guide.get_by_role("button", name="Reset this quiz"))
    guide.reload()
    expect(result(question(guide, "Which of these is one of Bordin's three components"))).to_have_text("")


def test_option_order_is_shuffled_but_stable_for_a_reader(guide: Page):
    def order():
        q = question(guide, "Which of these is one of Bordin's three components")
        q.get_by_role("button", name="Check answer").wait_for()  # set up (and shuffled) once it is near the reader
        return q.get_by_role("list").first.get_by_role("radio").evaluate_all(
            "els => els.map(e => e.value).join()")

    first = order()
    guide.reload()
    assert order() == first
    seed = guide.evaluate("localStorage.getItem('alliance-book/v1/meta/seed')")
    assert json.loads(seed)["d"] >= 0


def test_a_changed_question_keeps_the_old_answer_as_an_earlier_version(page: Page, base_url: str):
    page.goto(base_url + GUIDE)
    page.evaluate(
        "localStorage.setItem(arguments[0], JSON.stringify({t: Date.now(), d: {version: 'old', answer: ['0'], state: 'correct'}}))"
        .replace("arguments[0]", json.dumps(KEY + "ex-single"))
    )
    page.reload()
    q = question(page, "Which of these is one of Bordin's three components")
    expect(result(q)).to_have_text("")
    expect(page.get_by_text("You answered an earlier version of this question")).to_be_visible()
    stored = json.loads(page.evaluate(f"localStorage.getItem({json.dumps(KEY + 'ex-single')})"))
    assert stored["d"]["version"] == "old", "the old answer is kept, not deleted"
    # Answering the new version keeps the old answer with it, marked as earlier.
    press(q.get_by_label("between client and therapist"), "Space")
    check(q)
    stored = json.loads(page.evaluate(f"localStorage.getItem({json.dumps(KEY + 'ex-single')})"))
    assert stored["d"]["earlier"][0]["version"] == "old" and stored["d"]["earlier"][0]["answer"] == ["0"]


def test_a_corrupted_entry_resets_only_that_question(page: Page, base_url: str):
    page.goto(base_url + GUIDE)
    q = question(page, "Bordin described the alliance as specific to psychoanalysis")
    press(q.get_by_label("False"), "Space")
    check(q)
    page.evaluate(f"localStorage.setItem({json.dumps(KEY + 'ex-single')}, '{{not json')")
    page.reload()
    expect(page.get_by_role("status").filter(has_text="set aside")).to_be_visible()
    expect(result(question(page, "Bordin described the alliance as specific to psychoanalysis"))).to_contain_text("Correct.")
    expect(result(question(page, "Which of these is one of Bordin's three components"))).to_have_text("")
    assert page.evaluate(f"localStorage.getItem({json.dumps(KEY + 'ex-single')})") == "{not json", "set aside, never deleted"
    assert page.errors == []


def test_blocked_storage_keeps_the_quiz_working_for_the_visit(page: Page, base_url: str):
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});"
    )
    page.goto(base_url + GUIDE)
    expect(page.get_by_text("Your answers can't be saved in this browser").first).to_be_visible()
    q = question(page, "Bordin described the alliance as specific to psychoanalysis")
    press(q.get_by_label("False"), "Space")
    check(q)
    expect(result(q)).to_contain_text("Correct.")
    assert [e for e in page.errors if "blocked" not in e] == []


def test_without_javascript_questions_and_answers_are_readable(browser, base_url: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + GUIDE)
    q = question(page, "Which of these is one of Bordin's three components")
    expect(q.get_by_label("The therapist's theoretical orientation")).to_be_visible()
    expect(q.get_by_role("button", name="Check answer")).to_be_hidden()
    expect(page.get_by_text("Checking answers needs JavaScript")).to_be_visible()
    details = page.locator("form#q-ex-single details")
    expect(details).not_to_have_attribute("open", "")
    details.get_by_text("Answer and explanation").click()
    expect(details).to_contain_text("Bordin's model has three parts")
    expect(page.get_by_text("saving needs JavaScript").first).to_be_visible()
    context.close()


def test_when_the_books_scripts_cannot_load_the_quiz_is_still_there_to_read(page: Page, base_url: str):
    # The questions wait as text for quiz.mjs; if it never arrives, the page must not lose them.
    page.route("**/assets/js/quiz.mjs", lambda route: route.abort())
    page.goto(base_url + GUIDE)
    q = question(page, "Which of these is one of Bordin's three components")
    expect(q.get_by_label("The therapist's theoretical orientation")).to_be_visible()
    expect(page.get_by_text("Checking answers needs JavaScript")).to_be_visible()
    expect(q.get_by_role("button", name="Check answer")).to_be_hidden()
    details = page.locator("form#q-ex-single details")
    details.get_by_text("Answer and explanation").click()
    expect(details).to_contain_text("Bordin's model has three parts")


def test_a_phone_sized_screen_can_take_the_quiz(browser, base_url: str):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + GUIDE)
    q = question(page, "Bordin described the alliance as specific to psychoanalysis")
    q.get_by_label("False").tap()
    q.get_by_role("button", name="Check answer").tap()
    expect(result(q)).to_contain_text("Correct.")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page scrolls sideways on a phone"
    context.close()
