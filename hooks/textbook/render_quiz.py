"""Quiz questions as HTML that reads well without JavaScript and is checked with it.

Each question is a ``<form>`` holding a ``<fieldset>`` and ``<legend>``, native inputs with
labels, and a collapsed ``<details>`` with the answer, the feedback on every choice and the
explanation. ``quiz.mjs`` reads the small JSON answer key in ``data-key`` and the other ``data-``
attributes.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re

from .answers import normalise_answer
from .bank import TYPE_NAMES, Bank, Objective, Question
from .inline import MarkdownRenderer

_e = html.escape


def build_order(question: Question, count: int) -> list[int]:
    """A fixed shuffle for the page as built, so the written order never gives the answer away."""
    if not question.shuffle and question.type != "order":
        return list(range(count))
    seed = int(hashlib.sha256(question.id.encode()).hexdigest()[:8], 16)
    order = list(range(count))
    random.Random(seed).shuffle(order)
    if question.type == "order" and order == sorted(order) and count > 1:
        order = order[1:] + order[:1]
    return order


def render_quiz(bank: Bank, questions: list[Question], md: MarkdownRenderer, quiz_id: str) -> str:
    """A whole quiz: intro, questions, and a score summary pointing back to objectives."""
    total = len(questions)
    body = "\n".join(render_question(q, n, total, md) for n, q in enumerate(questions, 1))
    tested = {o for q in questions for o in q.objectives}
    objectives = [o for o in bank.objectives if o.id in tested]
    return (
        # Answers and feedback stay out of the search index (smaller index, no spoilers in results).
        f'<section class="quiz" data-quiz="{_e(quiz_id)}" data-chapter="{_e(bank.name)}" data-questions="{total}" data-search-exclude '
        f'aria-label="Self-check quiz: {total} questions">\n'
        f'<p class="quiz__intro">{total} questions. Answer, then check each one; '
        f"your answers are saved only in this browser.</p>\n"
        f'<p class="quiz__nojs">Checking answers needs JavaScript. Without it, answer in your '
        f'head and open each "Answer and explanation" to check yourself.</p>\n'
        f'<div class="quiz__notice" data-quiz-notice role="status" hidden></div>\n'
        # The questions as the page's static quiz when scripts cannot run; with scripts, text that
        # quiz.mjs turns into elements when the quiz comes near (see materialise() there).
        f'<noscript class="quiz__questions" data-quiz-questions>\n{body}\n</noscript>\n'
        f"{_summary(objectives, md)}\n"
        f"</section>"
    )


def _summary(objectives: list[Objective], md: MarkdownRenderer) -> str:
    items = "\n".join(
        f'<li data-objective="{_e(o.id)}">'
        + (f'<a href="#{_e(o.section)}">{md.inline(o.text)}</a>' if o.section else md.inline(o.text))
        + "</li>"
        for o in objectives
    )
    return (
        '<div class="quiz-summary" data-quiz-summary hidden>\n'
        '<h3 class="quiz-summary__title">Your score</h3>\n'
        '<p class="quiz-summary__score" data-score aria-live="polite">No questions checked yet.</p>\n'
        '<div data-revisit hidden><p>To strengthen these objectives, revisit:</p>\n'
        f'<ul class="quiz-summary__objectives">\n{items}\n</ul></div>\n'
        '<p><button type="button" class="md-button" data-action="reset-quiz">Reset this quiz</button> '
        '<button type="button" class="md-button" data-action="undo-reset" hidden>Undo reset</button></p>\n'
        "</div>"
    )


def render_question(q: Question, number: int, total: int, md: MarkdownRenderer) -> str:
    """One question as a form; works without JavaScript thanks to its <details>."""
    qid = f"q-{q.id}"
    inputs, key, answer, feedback = _TYPES[q.type](q, qid, md)
    # The answer key rides on an attribute: Material's instant navigation re-runs <script> elements.
    data = _e(json.dumps(key, ensure_ascii=False), quote=True)
    section = f' data-section="{_e(q.section)}"' if q.section else ""
    return (
        f'<form class="quiz-q" id="{_e(qid)}" data-question="{_e(q.id)}" data-type="{q.type}" '
        f'data-version="{q.version}" data-shuffle="{str(q.shuffle).lower()}"{section} '
        f'data-objectives="{_e(" ".join(q.objectives))}" data-key="{data}" novalidate>\n'
        f'<fieldset class="quiz-q__fieldset">\n'
        f'<legend class="quiz-q__legend"><span class="quiz-q__number">Question {number} of {total}'
        f' <span class="quiz-q__type">({TYPE_NAMES[q.type]})</span></span> '
        f'<span class="quiz-q__prompt">{md.inline(q.prompt)}</span></legend>\n'
        f"{inputs}\n"
        f"{_confidence(qid)}"
        f'<div class="quiz-q__actions js-only">'
        f'<button type="submit" class="md-button md-button--primary" data-action="check">Check answer</button> '
        f'<button type="button" class="md-button" data-action="retry" hidden>Try again</button> '
        f'<button type="button" class="md-button" data-action="reveal">Show answer</button></div>\n'
        f'<div class="quiz-q__result" data-result role="status" aria-live="polite"></div>\n'
        f"</fieldset>\n"
        f'<details class="quiz-q__answer" data-answer>\n<summary>Answer and explanation</summary>\n'
        f'<p class="quiz-q__key"><strong>Answer:</strong> {answer}</p>\n'
        f'<ul class="quiz-q__feedback">\n{feedback}\n</ul>\n'
        f'<div class="quiz-q__explanation">{md.block(q.explanation)}</div>\n'
        f"</details>\n"
        f"</form>"
    )


def _confidence(qid: str) -> str:
    """An optional rating before checking; it never blocks an answer."""
    choices = (("sure", "Sure"), ("think", "Think so"), ("guess", "Guessing"))
    radios = "".join(
        f'<span class="quiz-q__confidence-choice"><input type="radio" name="{_e(qid)}-confidence" id="{_e(qid)}-c-{v}" value="{v}">'
        f'<label for="{_e(qid)}-c-{v}">{label}</label></span>'
        for v, label in choices
    )
    return (f'<fieldset class="quiz-q__confidence js-only"><legend>How sure are you? (optional)</legend>{radios}</fieldset>\n')


# "Right.", "Yes:", "Not quite." opening a feedback: the item already says Correct or Incorrect.
_OPENING_VERDICT = re.compile(r"(?:correct|incorrect|right|wrong|not quite|yes|no|true|false)\b\s*[.:!,;—–-]+\s+", re.I)
_STATISTIC = re.compile(r"[a-z]\s*[=<>≈²]")  # "r = .28" keeps its lower-case r


def without_opening_verdict(feedback_html: str) -> str:
    """The feedback without an opening verdict word, so no item reads "Correct. Right. ..."."""
    match = _OPENING_VERDICT.match(feedback_html)
    if not match or match.end() == len(feedback_html):
        return feedback_html
    rest = feedback_html[match.end():]
    return rest if _STATISTIC.match(rest) else rest[0].upper() + rest[1:]


def _feedback_item(key, label_html: str, verdict: str, feedback_html: str) -> str:
    feedback_html = without_opening_verdict(feedback_html)
    return (
        f'<li data-key="{_e(str(key))}" data-verdict="{verdict}"><span class="quiz-q__fb-label">{label_html}</span> '
        f'<span class="quiz-q__verdict">{verdict}.</span> <span class="quiz-q__fb-text">{feedback_html}</span></li>'
    )


def _choices(q: Question, qid: str, md: MarkdownRenderer):
    options = q.body["options"]
    kind = "radio" if q.type == "single" else "checkbox"
    rows = []
    for index in build_order(q, len(options)):
        option = options[index]
        iid = f"{qid}-{index}"
        section = f' data-section="{_e(option["section"])}"' if option.get("section") else ""
        rows.append(
            f'<li class="quiz-q__option" data-key="{index}"{section}><input type="{kind}" name="{_e(qid)}" '
            f'id="{_e(iid)}" value="{index}"><label for="{_e(iid)}">{md.inline(option["text"])}</label>'
            f'<span class="quiz-q__mark" data-mark></span></li>'
        )
    correct = [i for i, o in enumerate(options) if o["correct"]]
    answer = "; ".join(md.inline(options[i]["text"]) for i in correct)
    feedback = "\n".join(
        _feedback_item(i, md.inline(o["text"]), "Correct" if o["correct"] else "Incorrect", md.inline(o["feedback"]))
        for i, o in enumerate(options)
    )
    return _list(rows, "quiz-q__options"), {"correct": correct}, answer, feedback


def _truefalse(q: Question, qid: str, md: MarkdownRenderer):
    rows = [
        f'<li class="quiz-q__option" data-key="{value}"><input type="radio" name="{_e(qid)}" '
        f'id="{_e(qid)}-{value}" value="{value}"><label for="{_e(qid)}-{value}">{value.title()}</label>'
        f'<span class="quiz-q__mark" data-mark></span></li>'
        for value in ("true", "false")
    ]
    answer = "True" if q.body["answer"] else "False"
    feedback = "\n".join(
        _feedback_item(value, value.title(), "Correct" if (value == "true") == q.body["answer"] else "Incorrect",
                       md.inline(q.body[f"feedback_{value}"]))
        for value in ("true", "false")
    )
    return _list(rows, "quiz-q__options"), {"correct": q.body["answer"]}, answer, feedback


def _fill(q: Question, qid: str, md: MarkdownRenderer):
    inputs = (
        f'<p class="quiz-q__fill"><label for="{_e(qid)}-answer">Your answer</label> '
        f'<input type="text" id="{_e(qid)}-answer" name="{_e(qid)}" autocomplete="off" spellcheck="false">'
        f'<span class="quiz-q__mark" data-mark></span></p>'
    )
    answers = q.body["answers"]
    key = {"answers": [normalise_answer(a) for a in answers], "pattern": q.body["pattern"]}
    shown = " or ".join(f"“{_e(a)}”" for a in answers) if answers else "an answer matching the pattern"
    feedback = "\n".join([
        _feedback_item("correct", "A right answer:", "Correct", md.inline(q.body["feedback_correct"])),
        _feedback_item("incorrect", "Any other answer:", "Incorrect", md.inline(q.body["feedback_incorrect"])),
    ])
    return inputs, key, shown, feedback


def _order(q: Question, qid: str, md: MarkdownRenderer):
    items = q.body["items"]
    rows = []
    for index in build_order(q, len(items)):
        text = md.inline(items[index])
        rows.append(
            f'<li class="quiz-q__step" data-key="{index}"><span class="quiz-q__step-text">{text}</span>'
            f'<span class="quiz-q__step-moves js-only">'
            f'<button type="button" class="quiz-q__move" data-action="up" aria-label="Move up: {_e(_plain(text))}">↑</button>'
            f'<button type="button" class="quiz-q__move" data-action="down" aria-label="Move down: {_e(_plain(text))}">↓</button>'
            f'</span><span class="quiz-q__mark" data-mark></span></li>'
        )
    inputs = (
        f'<p class="quiz-q__hint" id="{_e(qid)}-hint">Use the Move up and Move down buttons to put the items in order.</p>'
        f'<ol class="quiz-q__order" aria-describedby="{_e(qid)}-hint">' + "".join(rows) + "</ol>"
    )
    answer = "<ol>" + "".join(f"<li>{md.inline(t)}</li>" for t in items) + "</ol>"
    feedback = "\n".join([
        _feedback_item("correct", "In order:", "Correct", md.inline(q.body["feedback_correct"])),
        _feedback_item("incorrect", "Out of order:", "Incorrect", md.inline(q.body["feedback_incorrect"])),
    ])
    return inputs, {"count": len(items)}, answer, feedback


def _select_rows(q: Question, qid: str, md: MarkdownRenderer, items: list[str], choices: list[str], label: str):
    rows = []
    order = build_order(q, len(items))
    choice_order = build_order(q, len(choices)) if q.shuffle else list(range(len(choices)))
    for index in order:
        sid = f"{qid}-{index}"
        options = "".join(f'<option value="{c}">{_e(choices[c])}</option>' for c in choice_order)
        rows.append(
            f'<li class="quiz-q__pair" data-key="{index}"><label for="{_e(sid)}">{md.inline(items[index])}</label> '
            f'<select id="{_e(sid)}" name="{_e(sid)}"><option value="">{label}</option>{options}</select>'
            f'<span class="quiz-q__mark" data-mark></span></li>'
        )
    return _list(rows, "quiz-q__pairs")


def _pairing(q: Question, qid: str, md: MarkdownRenderer, rows: list[tuple[str, str, str]], choices: list[str], label: str):
    """Matching and classifying alike: each (item, partner, feedback) row gets a drop-down."""
    inputs = _select_rows(q, qid, md, [item for item, _, _ in rows], choices, label)
    correct = [choices.index(partner) for _, partner, _ in rows]
    answer = "; ".join(f"{md.inline(item)} → {_e(partner)}" for item, partner, _ in rows)
    feedback = "\n".join(
        _feedback_item(n, f"{md.inline(item)} → {_e(partner)}:", "Correct", md.inline(fb))
        for n, (item, partner, fb) in enumerate(rows)
    )
    return inputs, {"correct": correct}, answer, feedback


def _match(q: Question, qid: str, md: MarkdownRenderer):
    rows = [(p["item"], p["match"], p["feedback"]) for p in q.body["pairs"]]
    return _pairing(q, qid, md, rows, list(dict.fromkeys(p for _, p, _ in rows)), "Choose a match…")


def _classify(q: Question, qid: str, md: MarkdownRenderer):
    rows = [(i["text"], i["category"], i["feedback"]) for i in q.body["items"]]
    return _pairing(q, qid, md, rows, q.body["categories"], "Choose a category…")


def _list(rows: list[str], cls: str) -> str:
    return f'<ul class="{cls}">' + "".join(rows) + "</ul>"


def _plain(fragment: str) -> str:
    """Text of an HTML fragment, for labels."""
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


_TYPES = {
    "single": _choices,
    "multiple": _choices,
    "truefalse": _truefalse,
    "fill": _fill,
    "order": _order,
    "match": _match,
    "classify": _classify,
}


def render_answer_key(banks: list[Bank], md: MarkdownRenderer, chapter_url) -> str:
    """A printable key: every question of every chapter with its answer, feedback and explanation."""
    parts = []
    for bank in banks:
        url = chapter_url(bank.name)
        items = []
        for n, q in enumerate(bank.questions, 1):
            _, _, answer, feedback = _TYPES[q.type](q, f"key-{q.id}", md)
            items.append(
                f'<li class="answer-key__item" id="key-{_e(q.id)}"><p><strong>{md.inline(q.prompt)}</strong> '
                f'<span class="answer-key__type">({TYPE_NAMES[q.type]}; id <code>{_e(q.id)}</code>)</span></p>\n'
                f"<p><strong>Answer:</strong> {answer}</p>\n"
                f'<ul class="quiz-q__feedback">\n{feedback}\n</ul>\n'
                f'<div class="answer-key__explanation">{md.block(q.explanation)}</div></li>'
            )
        link = f' <a class="answer-key__chapter" href="{url}">Read the chapter</a>' if url else ""
        parts.append(
            f"\n\n## Chapter {bank.chapter}: {bank.title} {{#key-{bank.name}}}\n\n<p>{len(bank.questions)} questions.{link}</p>\n"
            f'<ol class="answer-key" role="list">\n' + "\n".join(items) + "\n</ol>"
        )
    return "\n".join(parts)
