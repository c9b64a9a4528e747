"""Quizzes, learning objectives, key-term lists and the answer key: their markers and checks.

A chapter's home is the page that places its whole quiz (``<!-- quiz: 03-goals-tasks-bond -->``);
links to "the chapter" (glossary, journal, progress, instructor pages) go there.
"""

from __future__ import annotations

import html
import re

from . import export_lms
from .markers import MarkerKind
from .render_pages import render_key_terms, render_objectives
from .render_quiz import render_answer_key, render_quiz

_ID = re.compile(r'\bid="([^"]+)"')


def _bank(marker, page, build):
    bank = build.library.banks.get(marker.args[0])
    if bank is None:
        known = ", ".join(sorted(build.library.banks)) or "none"
        build.log.add(page.path, marker.line, f"{marker.name} marker names unknown bank '{marker.args[0]}'; banks in quizzes/: {known}")
    return bank


def _check_quiz(marker, page, build) -> None:
    bank = _bank(marker, page, build)
    if bank is None:
        return
    chosen = marker.args[1:]
    for qid in chosen:
        if bank.question(qid) is None:
            build.log.add(page.path, marker.line, f"quiz marker names unknown question '{qid}' in bank '{bank.name}'")
    on_page = build.__dict__.setdefault("_questions_on_page", {}).setdefault(page.src, {})
    for q in (bank.question(qid) for qid in chosen) if chosen else bank.questions:
        if q is None:
            continue
        if q.id in on_page:
            build.log.add(page.path, marker.line, f"question '{q.id}' is already in a quiz on this page (line {on_page[q.id]}); a question can appear once per page")
        on_page[q.id] = marker.line
    if not chosen:
        build.place(f"bank:{bank.name}", page, marker.line)


def _check_bank_marker(marker, page, build) -> None:
    _bank(marker, page, build)


def _render_quiz(marker, ctx) -> str:
    bank = ctx.library.banks[marker.args[0]]
    chosen = marker.args[1:]
    questions = [bank.question(q) for q in chosen] if chosen else bank.questions
    quiz_id = bank.name + (":" + ",".join(chosen) if chosen else "")
    return render_quiz(bank, questions, ctx.md, quiz_id)


def anchor_labels(page_html: str) -> dict[str, str]:
    """What a Re-read link says for each id of the page: a heading's text, or a paragraph's first words."""
    labels = {}
    for m in re.finditer(r'<(h[1-6]|p|li|dt|div|section)\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</\1>', page_html, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", m.group(3))).replace("¶", "").strip()
        text = " ".join(text.split())
        if m.group(1).startswith("h"):
            labels[m.group(2)] = text
        else:
            words = text.split()
            labels[m.group(2)] = "“" + " ".join(words[:9]) + ("…”" if len(words) > 9 else "”")
    return labels


def check_anchors(page_html: str, page, build) -> str:
    """Every Re-read anchor a quiz on this page names must exist on the page; links get their labels."""
    wanted = build.__dict__.get("_questions_on_page", {}).get(page.src)
    if not wanted:
        return page_html
    ids = set(_ID.findall(page_html))
    labels = anchor_labels(page_html)
    build.__dict__.setdefault("_anchor_labels", {})[page.src] = labels
    for bank in build.library.banks.values():
        for q in bank.questions:
            if q.id not in wanted:
                continue
            anchors = [(q.section, q.line)] + [(o.get("section", ""), o["line"]) for o in q.body.get("options", [])]
            for anchor, line in anchors:
                if anchor and anchor not in ids:
                    build.log.add(bank.path, line, f"question '{q.id}' sends readers to '#{anchor}', which is not an anchor of docs/{page.src}; use a heading's id or add {{: #{anchor} }} after the paragraph")
    return re.sub(r'data-section="([^"]+)"', lambda m: f'{m.group(0)} data-section-label="{html.escape(labels.get(html.unescape(m.group(1)), ""), quote=True)}"', page_html)


MARKERS = [
    MarkerKind("quiz", "some", "03-goals-tasks-bond", _render_quiz, _check_quiz,
               help="A chapter's self-check quiz; name question ids after the bank to show only those."),
    MarkerKind("objectives", "one", "03-goals-tasks-bond",
               lambda m, ctx: render_objectives(ctx.library.banks[m.args[0]], ctx.md), _check_bank_marker,
               help="The chapter's learning objectives, from its bank."),
    MarkerKind("key-terms", "one", "03-goals-tasks-bond",
               lambda m, ctx: render_key_terms(ctx.library.banks[m.args[0]], ctx.url("glossary")), _check_bank_marker,
               help="The chapter's key terms, linked to the glossary."),
    MarkerKind("answer-key", "none", "",
               lambda m, ctx: render_answer_key(export_lms.chapters(ctx.library), ctx.md, ctx.chapter_url), per_book=True,
               help="Every question of the book with its answer, for instructors."),
]
