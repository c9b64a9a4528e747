"""HTML for the other markers: objectives, key terms, reflections, glossary and the reader's pages."""

from __future__ import annotations

import html
import math
import re

from .bank import Bank, Library, Reflection
from .inline import MarkdownRenderer

_e = html.escape
WORDS_PER_MINUTE = 200


def reading_minutes(markdown_text: str) -> int:
    """Minutes to read the prose of a page (markers, HTML, code and link targets left out)."""
    text = re.sub(r"<!--.*?-->", " ", markdown_text, flags=re.S)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    words = len(re.findall(r"[A-Za-zÀ-ÿ0-9’'-]+", text))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def render_reading_time(minutes: int, chapter: str = "", opening: dict | None = None) -> str:
    """Reading time; on a chapter, the chapter opening: its part, time, the quiz and its PDF."""
    if not chapter or not opening:
        data = f' data-chapter-page="{_e(chapter)}"' if chapter else ""
        return f'<p class="chapter-meta"{data}><span class="chapter-meta__time">Estimated reading time: {minutes} min</span></p>'
    part = f'<span class="chapter-opening__part">{_e(opening["part"])}</span> · ' if opening.get("part") else ""
    return (
        f'<div class="chapter-opening chapter-meta" data-chapter-page="{_e(chapter)}">\n'
        f'<p class="chapter-opening__label">{part}<span class="chapter-opening__number">Chapter {opening["number"]}</span></p>\n'
        f'<p class="chapter-opening__meta"><span class="chapter-meta__time">Estimated reading time: {minutes} min</span>'
        # Each link travels with the dot before it, so paper (which drops the links) keeps no dots.
        f'<span class="chapter-opening__link"> · <a class="chapter-opening__quiz" href="#self-check-quiz">Skip to the quiz</a></span>'
        f'<span class="chapter-opening__link"> · <a href="{_e(opening["pdf"])}" download>This chapter as a PDF</a></span>'
        f'<span class="chapter-opening__print js-only" data-print-tools> · '
        f'<button type="button" class="chapter-opening__button" data-action="print-chapter" data-answers="end">Print this chapter</button>'
        f' · <button type="button" class="chapter-opening__button" data-action="print-chapter" data-answers="none">Print without answers</button></span></p>\n'
        "</div>"
    )


def render_objectives(bank: Bank, md: MarkdownRenderer) -> str:
    items = "\n".join(f'<li id="objective-{_e(o.id)}">{md.inline(o.text)}</li>' for o in bank.objectives)
    return (f'<div class="objectives-box"><p class="objectives-box__intro">By the end of this chapter, you will be able to:</p>\n'
            f'<ol class="objectives">\n{items}\n</ol></div>')


def render_key_terms(bank: Bank, glossary_url: str) -> str:
    items = "\n".join(
        f'<li><a href="{glossary_url}#{t.anchor}">{_e(t.term)}</a></li>'
        for t in sorted(bank.terms, key=lambda t: t.term.lower())
    )
    return f'<ul class="key-terms">\n{items}\n</ul>'


def render_glossary(library: Library, md: MarkdownRenderer, chapter_url) -> str:
    """Every key term of the book, alphabetically, with the chapter that introduces it."""
    owner = {id(t): b for b in library.banks.values() for t in b.terms}
    rows = []
    for term in library.terms():
        bank = owner[id(term)]
        where = chapter_url(bank.name)
        source = f' <span class="glossary__source">(<a href="{where}">Chapter {bank.chapter}</a>)</span>' if where else ""
        rows.append(
            f'<dt id="{term.anchor}">{_e(term.term)}</dt>\n'
            f"<dd>{md.inline(term.definition)}{source}</dd>"
        )
    return '<dl class="glossary">\n' + "\n".join(rows) + "\n</dl>"


def render_reflection(r: Reflection, md: MarkdownRenderer, href: str = "") -> str:
    """A reflective exercise: readable without JavaScript, saved on the device with it."""
    rid = f"reflection-{r.id}"
    personal = (
        '<p class="reflection__personal"><strong>Personal and optional.</strong> This exercise asks about '
        "your own life. You can skip it; whatever you write stays on this device and is never sent anywhere.</p>\n"
        if r.personal else ""
    )
    questions = (
        '<p class="reflection__guide">Questions to guide you:</p>\n<ul class="reflection__questions">'
        + "".join(f"<li>{md.inline(q)}</li>" for q in r.questions)
        + "</ul>\n"
        if r.questions else ""
    )
    checklist = ""
    if r.checklist:
        boxes = "".join(
            f'<li><input type="checkbox" id="{rid}-check-{n}" data-check="{n}">'
            f'<label for="{rid}-check-{n}">{md.inline(c)}</label></li>'
            for n, c in enumerate(r.checklist)
        )
        checklist = (
            f'<fieldset class="reflection__checklist" data-search-exclude><legend>When you have written, check your response</legend>'
            f'<ul>{boxes}</ul></fieldset>\n'
        )
    model = (
        f'<details class="reflection__model" data-model data-search-exclude>\n<summary>Show a model response</summary>\n'
        f'<p class="reflection__model-note">What an experienced clinician might write. Try your own first: '
        f"there is more than one good answer.</p>\n{md.block(r.model_response)}\n</details>\n"
        if r.model_response else ""
    )
    title = _e(r.title)
    link = f' <a class="reflection__back" href="{href}">Go to the exercise</a>' if href else ""
    return (
        f'<section class="reflection{" reflection--personal" if r.personal else ""}" id="{rid}" '
        f'data-reflection="{_e(r.id)}" aria-labelledby="{rid}-title">\n'
        f'<h3 class="reflection__title" id="{rid}-title">Reflection: {title}</h3>\n'
        f"{personal}"
        f'<div class="reflection__prompt">{md.block(r.prompt)}</div>\n'
        f"{questions}"
        f'<p class="reflection__nojs" data-search-exclude>Your response is saved only in this browser, and saving needs '
        f"JavaScript. Without it, write your response somewhere of your own.</p>\n"
        f'<div class="reflection__editor js-only" data-editor data-search-exclude>\n'
        f'<label class="reflection__label" for="{rid}-text">Your response to “{title}”</label>\n'
        f'<textarea id="{rid}-text" class="reflection__text" rows="8" data-text></textarea>\n'
        f'<p class="reflection__meta"><span data-words>0 words</span> · '
        f'<span data-status role="status" aria-live="polite"></span></p>\n'
        f'<p class="reflection__actions"><button type="button" class="md-button" data-action="clear">Clear response</button> '
        f'<button type="button" class="md-button" data-action="undo" hidden>Undo clear</button></p>\n'
        f"</div>\n"
        f"{checklist}{model}{link}"
        f"</section>"
    )


def render_journal(library: Library, md: MarkdownRenderer, chapter_url, studio=None, studio_url: str = "") -> str:
    """The reader's journal: every reflection, by chapter in book order, and practice attempts;
    what the reader wrote is filled in by JS."""
    practice_catalog = _practice_catalog(studio, studio_url)
    parts = []
    for bank in sorted(library.banks.values(), key=lambda b: b.chapter):
        url = chapter_url(bank.name)
        if not bank.reflections or not url or bank.chapter == 0:
            continue
        entries = "\n".join(
            f'<article class="journal__entry" data-journal-entry="{_e(r.id)}" data-title="{_e(r.title)}" '
            f'data-href="{url}#reflection-{_e(r.id)}">\n'
            f'<h3 data-search-exclude>{_e(r.title)}</h3>\n<div class="journal__prompt">{md.block(r.prompt)}</div>\n'
            f'<div class="journal__answer" data-answer></div>\n'
            f'<p class="journal__goto"><a href="{url}#reflection-{_e(r.id)}">Go to this exercise in Chapter {bank.chapter}</a></p>\n'
            f"</article>"
            for r in bank.reflections
        )
        parts.append(
            f"\n\n## Chapter {bank.chapter}: {_md_text(bank.title)} {{#journal-{bank.name} data-search-exclude}}\n\n"
            f'<section class="journal__chapter" data-search-exclude data-chapter-title="Chapter {bank.chapter}: {_e(bank.title)}">\n'
            f"{entries}\n</section>"
        )
    return (
        f'<div class="journal" data-journal data-practice-catalog="{practice_catalog}" markdown>\n'
        '<p class="journal__actions js-only">'
        '<button type="button" class="md-button md-button--primary" data-action="export-markdown">Download as Markdown</button> '
        '<button type="button" class="md-button" data-action="print">Print or save as PDF</button> '
        '<span class="journal__toggle"><input type="checkbox" id="journal-all" data-journal-all> '
        '<label for="journal-all">Also show the prompts I have not written about</label></span></p>\n'
        '<p class="journal__status" data-journal-status role="status" aria-live="polite"></p>\n'
        + "\n".join(parts)
        + "\n\n## Practice studio {#journal-practice data-search-exclude}\n\n"
        '<div class="journal__practice" data-journal-practice>'
        '<p class="journal__empty">Your practice responses appear here, with their dates and your ratings.</p></div>\n'
        + "\n</div>"
    )


def render_progress(library: Library, chapter_url, panel_url: str = "", studio=None, studio_url: str = "", review_url: str = "") -> str:
    """The reader's progress: a table the browser fills in from storage."""
    rows = []
    for bank in sorted(library.banks.values(), key=lambda b: b.chapter):
        url = chapter_url(bank.name)
        if not url or bank.chapter == 0:  # chapter 0: the authoring guide's examples
            continue
        reflections = " ".join(r.id for r in bank.reflections)
        personal = " ".join(r.id for r in bank.reflections if r.personal)
        rows.append(
            f'<tr data-progress-chapter="{_e(bank.name)}" data-questions="{len(bank.questions)}" '
            f'data-question-ids="{_e(" ".join(q.id for q in bank.questions))}" data-chapter-number="{bank.chapter}" '
            f'data-reflections="{_e(reflections)}" data-personal="{_e(personal)}" data-href="{url}">'
            f'<th scope="row"><a href="{url}">Chapter {bank.chapter}: {_e(bank.title)}</a></th>'
            f'<td data-cell="opened">Not yet</td><td data-cell="first">–</td><td data-cell="best">–</td>'
            f'<td data-cell="reflections">0 of {len(bank.reflections)}</td><td data-cell="finished">Not yet</td></tr>'
        )
    return (
        '<div class="progress" data-progress markdown>\n'
        '<p class="progress__continue" data-continue hidden></p>\n'
        '<p class="progress__overall" data-overall role="status"><span class="progress__nojs">Progress needs JavaScript; it is kept only in this browser.</span></p>\n'
        f'<p class="review-due" data-review-due data-href="{_e(review_url)}" role="status" aria-live="polite" hidden></p>\n'
        '<div class="progress__scroll" tabindex="0" role="region" aria-label="Your progress by chapter (scrolls sideways on small screens)">'
        '<table class="progress__table">\n<caption>Your progress by chapter</caption>\n'
        '<thead><tr><th scope="col">Chapter</th><th scope="col">Last opened</th><th scope="col">Quiz: right first try</th>'
        '<th scope="col">Quiz: right after retries</th><th scope="col">Reflections written</th><th scope="col">Finished</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table></div>\n"
        '\n\n## How well you know what you know {#calibration}\n\n'
        '<div class="calibration" data-calibration><p>When you rate how sure you are before checking an answer, '
        "this section shows how often each rating was right, for the whole book and by chapter.</p></div>\n"
        '\n\n## Skills practised {#skills-practised}\n\n'
        f'<div class="skills-practised" data-skills data-practice-catalog="{_practice_catalog(studio, studio_url)}">'
        '<p>Exercises you write in the practice studio are counted here by skill and level.</p></div>\n'
        f'<div data-assignments data-panel="{_e(panel_url)}" '
        f'data-catalog="{_catalog([b for b in library.banks.values() if b.chapter > 0], chapter_url)}" '
        f'data-practice-catalog="{_practice_catalog(studio, studio_url)}"></div>\n'
        "</div>"
    )


def render_backup() -> str:
    """Backup, restore and erase: buttons that the browser brings to life, each with its own status line."""
    status = lambda what: f'<p class="backup__status" data-backup-status="{what}" role="status" aria-live="polite"></p>\n'  # noqa: E731
    return (
        '<div class="backup" data-backup>\n'
        '<p class="backup__nojs">Backups need JavaScript.</p>\n'
        '<div class="js-only" data-backup-tools>\n'
        '<h3 id="backup-export">Save a backup</h3>\n'
        "<p>Download one file with everything this book stored in this browser: quiz answers, reflections, practice, "
        "your review schedule and progress.</p>\n"
        '<p><button type="button" class="md-button md-button--primary" data-action="export-backup">Download backup file</button></p>\n'
        + status("export")
        + '<h3 id="backup-import">Restore a backup</h3>\n'
        '<p><label for="backup-file">Backup file (.json)</label> <input type="file" id="backup-file" accept=".json,application/json" data-backup-file></p>\n'
        '<fieldset class="backup__mode"><legend>How to restore</legend>\n'
        '<p><input type="radio" name="backup-mode" id="backup-merge" value="merge" checked> <label for="backup-merge">Merge: keep both, the newer version of each entry wins</label></p>\n'
        '<p><input type="radio" name="backup-mode" id="backup-replace" value="replace"> <label for="backup-replace">Replace: make this browser hold exactly the backup (only if all of it fits)</label></p>\n'
        "</fieldset>\n"
        '<p><button type="button" class="md-button" data-action="import-backup">Restore from file</button></p>\n'
        + status("import")
        + '<h3 id="backup-erase">Erase everything</h3>\n'
        "<p>Remove every answer, reflection, practice response and progress record this book stored in this browser. "
        "This cannot be undone; save a backup first if in doubt.</p>\n"
        '<p><button type="button" class="md-button" data-action="erase-all">Erase everything this book stored</button></p>\n'
        + status("erase")
        + "</div>\n</div>"
    )


def render_instructor_guide(banks, md: MarkdownRenderer, chapter_url, glossary_url: str, minutes: dict) -> str:
    """For every chapter: objectives, reading time, key terms, discussion, an activity, and where
    the quiz and reflections fit."""
    from .export_lms import describe_types

    parts = []
    for bank in banks:
        url = chapter_url(bank.name)
        notes = bank.instructor
        objectives = "".join(f"<li>{md.inline(o.text)}</li>" for o in bank.objectives)
        terms = ", ".join(
            f'<a href="{glossary_url}#{t.anchor}">{_e(t.term)}</a>' for t in sorted(bank.terms, key=lambda t: t.term.lower())
        )
        reflections = "".join(
            f"<li>{_e(r.title)}{' (personal, optional; stays on the student’s device)' if r.personal else ''}</li>"
            for r in bank.reflections
        )
        discussion = "".join(f"<li>{md.inline(d)}</li>" for d in notes.discussion) if notes else ""
        activity = md.block(notes.activity) if notes else "<p>No activity suggested yet.</p>"
        placement = md.block(notes.placement) if notes and notes.placement else ""
        parts.append(
            # A Markdown heading (between blank lines) so the chapter shows in the page's table of contents.
            f"\n\n## Chapter {bank.chapter}: {_md_text(bank.title)} {{#guide-{bank.name}}}\n\n"
            f'<section class="guide-chapter" aria-labelledby="guide-{_e(bank.name)}">\n'
            f'<p><a href="{url}">Read the chapter</a> · Estimated reading time: {minutes.get(bank.name, 0)} min</p>\n'
            f"<h3>Learning objectives</h3>\n<ol>{objectives}</ol>\n"
            f"<h3>Key terms</h3>\n<p>{terms}</p>\n"
            + (f"<h3>Discussion questions</h3>\n<ol>{discussion}</ol>\n" if discussion else "")
            + f"<h3>In-class activity</h3>\n{activity}\n"
            f"<h3>Quiz and reflections</h3>\n<p>Self-check quiz: {len(bank.questions)} questions ({describe_types(bank)}).</p>\n"
            f"<p>Reflective exercises:</p>\n<ul>{reflections}</ul>\n{placement}\n"
            "</section>"
        )
    return "\n".join(parts)


def _practice_catalog(studio, studio_url: str) -> str:
    """What the journal, progress and assignment pages need to name each practice exercise."""
    import json

    if studio is None:
        return "{}"
    data = {
        ex.id: {"skill": skill.id, "skillTitle": skill.title, "title": ex.title, "chapters": skill.chapters,
                "href": f"{studio_url}#practice-{ex.id}" if studio_url else "",
                "levels": {level.name: level.client for level in ex.levels}}
        for skill in studio.skills.values() for ex in skill.exercises
    }
    return _e(json.dumps(data, ensure_ascii=False), quote=True)


def _catalog(banks, chapter_url) -> str:
    """What the assignment pages need to know about each chapter, as JSON for an attribute."""
    import json

    data = {
        bank.name: {
            "chapter": bank.chapter,
            "title": bank.title,
            "href": chapter_url(bank.name),
            "questions": len(bank.questions),
            "reflections": [{"id": r.id, "title": r.title, "personal": r.personal} for r in bank.reflections],
        }
        for bank in banks
    }
    return _e(json.dumps(data, ensure_ascii=False), quote=True)


def render_assignment_builder(banks, chapter_url, panel_url: str, studio=None, studio_url: str = "") -> str:
    """The instructor's form: chapters, quizzes, reflections and practice sets in, a shareable link out."""
    groups = []
    for bank in banks:
        boxes = [
            f'<li><input type="checkbox" id="assign-read-{bank.name}" value="read:{bank.name}" data-item>'
            f'<label for="assign-read-{bank.name}">Read the chapter</label></li>',
            f'<li><input type="checkbox" id="assign-quiz-{bank.name}" value="quiz:{bank.name}" data-item>'
            f'<label for="assign-quiz-{bank.name}">Self-check quiz ({len(bank.questions)} questions)</label></li>',
        ]
        for r in bank.reflections:
            note = " (personal; students may skip it)" if r.personal else ""
            boxes.append(
                f'<li><input type="checkbox" id="assign-r-{_e(r.id)}" value="reflection:{_e(r.id)}" data-item>'
                f'<label for="assign-r-{_e(r.id)}">Reflection: {_e(r.title)}{note}</label></li>'
            )
        for skill in (studio.for_chapter(bank.chapter) if studio else []):
            if skill.chapters[0] != bank.chapter:
                continue
            boxes.append(
                f'<li><input type="checkbox" id="assign-s-{_e(skill.id)}" value="skill:{_e(skill.id)}" data-item>'
                f'<label for="assign-s-{_e(skill.id)}">Practice set: {_e(skill.title)} (any of its {len(skill.exercises)} exercises)</label></li>'
            )
        groups.append(
            f'<fieldset class="assign__chapter"><legend>Chapter {bank.chapter}: {_e(bank.title)}</legend>'
            f'<ul class="assign__items">{"".join(boxes)}</ul></fieldset>'
        )
    return (
        f'<form class="assign" data-assignment-builder data-catalog="{_catalog(banks, chapter_url)}" '
        f'data-practice-catalog="{_practice_catalog(studio, studio_url)}" '
        f'data-panel="{_e(panel_url)}" novalidate>\n'
        '<p class="assign__nojs">Making an assignment link needs JavaScript.</p>\n'
        '<p><label for="assign-course">Course name</label><br><input type="text" id="assign-course" maxlength="120" autocomplete="off"></p>\n'
        '<p><label for="assign-due">Due date</label><br><input type="date" id="assign-due"></p>\n'
        '<p><label for="assign-note">Note to students (optional)</label><br><textarea id="assign-note" rows="3" maxlength="1000"></textarea></p>\n'
        '<p>Choose what to assign:</p>\n' + "\n".join(groups) + "\n"
        '<p><button type="submit" class="md-button md-button--primary">Create assignment link</button></p>\n'
        '<p class="assign__status" data-assign-status role="status" aria-live="polite"></p>\n'
        '<div data-assign-output hidden><p><label for="assign-link">Assignment link</label><br>'
        '<input type="text" id="assign-link" readonly data-assign-link></p>\n'
        '<p><button type="button" class="md-button" data-action="copy-link">Copy link</button> '
        '<a data-assign-open href="#">Open it as a student would</a></p></div>\n'
        "</form>"
    )


def render_assignment_panel(banks, chapter_url, studio=None, studio_url: str = "") -> str:
    """The student's view of an assignment link: filled in by assign.mjs from the link itself."""
    return (
        f'<div class="assignment" data-assignment-panel data-catalog="{_catalog(banks, chapter_url)}" '
        f'data-practice-catalog="{_practice_catalog(studio, studio_url)}">\n'
        '<p class="assignment__nojs">Assignments need JavaScript: the whole assignment is in the link, and '
        "your progress is read from this browser.</p>\n"
        '<div data-assignment-message role="alert" hidden></div>\n'
        '<div data-assignment-body hidden>\n'
        '<h2 id="assignment-details">Your assignment</h2>\n'
        '<dl class="assignment__facts"><dt>Course</dt><dd data-field="course"></dd>'
        '<dt>Due</dt><dd data-field="due"></dd><dt>Note from your instructor</dt><dd data-field="note"></dd></dl>\n'
        '<h3 id="assignment-checklist">Checklist</h3>\n<p data-assignment-count role="status"></p>\n'
        '<ul class="assignment__checklist" data-assignment-items></ul>\n'
        '<h3 id="assignment-summary">Completion summary</h3>\n'
        "<p>When you are done, hand in a summary through your course site: print it (or save it as a PDF), "
        "or download it as a file. Nothing is sent anywhere by this page.</p>\n"
        '<p><label for="assignment-student">Your name (for the printed sheet; kept only in this browser)</label><br>'
        '<input type="text" id="assignment-student" class="book-input" autocomplete="name" maxlength="200" data-student-name></p>\n'
        '<p><input type="checkbox" id="assignment-include" data-include-reflections> '
        '<label for="assignment-include">Include the text of my reflections and practice responses in the summary</label></p>\n'
        '<p><button type="button" class="md-button md-button--primary" data-action="download-summary">Download summary</button> '
        '<button type="button" class="md-button" data-action="print-summary">Print summary</button></p>\n'
        '<div class="assignment__print" data-assignment-print hidden></div>\n'
        "</div>\n</div>"
    )


def _md_text(text: str) -> str:
    """Text for a Markdown heading: Markdown punctuation escaped."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)
