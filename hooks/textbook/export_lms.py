"""Question banks for learning management systems, from the same banks the book uses.

- ``qti_package``: an IMS QTI 1.2 zip (Canvas, Blackboard; Moodle through a QTI plug-in),
  one assessment (question bank) per chapter, with a report of what QTI cannot express.
- ``gift``: Moodle's GIFT text format, with per-option feedback and special characters escaped.

No library fitted: text2qti writes one quiz per package and has no matching or ordering
questions, so the XML is built with ElementTree (well-formed by construction).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Callable
from xml.etree import ElementTree as ET

from .bank import TYPE_NAMES, Bank, Library, Question

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
ORDINALS = ["1st", "2nd", "3rd"] + [f"{n}th" for n in range(4, 21)]

Html = Callable[[str], str]  # inline Markdown (with citations) -> HTML without links


def chapters(library: Library) -> list[Bank]:
    """The book's chapter banks in book order (chapter 0 holds the authoring guide's examples)."""
    return sorted((b for b in library.banks.values() if b.chapter > 0), key=lambda b: b.chapter)


# QTI 1.2 -----------------------------------------------------------------------------------


def qti_package(library: Library, html: Html) -> tuple[bytes, str]:
    """The zip package and the plain-text report of approximations. The same banks give the
    same bytes on every build: the entries carry a fixed date, not the time of the build."""
    notes: list[str] = []
    resources = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for bank in chapters(library):
            ident = f"bank-{bank.chapter:02d}"
            href = f"{ident}/{ident}.xml"
            package.writestr(_entry(href), _xml(_assessment(bank, ident, html, notes)))
            resources.append((ident, href))
        package.writestr(_entry("imsmanifest.xml"), _xml(_manifest(resources)))
        report = _report(notes)
        package.writestr(_entry("qti-report.txt"), report)
    return buffer.getvalue(), report


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry dated 1 January 1980 (the format's first date), readable by everyone."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _manifest(resources: list[tuple[str, str]]) -> ET.Element:
    manifest = ET.Element("manifest", {"identifier": "alliance-book-question-banks", "xmlns": CP_NS})
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    holder = ET.SubElement(manifest, "resources")
    for ident, href in resources:
        resource = ET.SubElement(holder, "resource", {"identifier": ident, "type": "imsqti_xmlv1p2", "href": href})
        ET.SubElement(resource, "file", {"href": href})
    return manifest


def _assessment(bank: Bank, ident: str, html: Html, notes: list[str]) -> ET.Element:
    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    title = f"The Therapeutic Alliance, Chapter {bank.chapter}: {bank.title}"
    assessment = ET.SubElement(root, "assessment", {"ident": ident, "title": title})
    section = ET.SubElement(assessment, "section", {"ident": f"{ident}-questions"})
    for question in bank.questions:
        section.append(_item(question, html, notes))
    return root


def _material(parent: ET.Element, text_html: str) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", {"texttype": "text/html"}).text = text_html


def _meta(item: ET.Element, qtype: str) -> None:
    fields = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", qtype), ("points_possible", "1")):
        field = ET.SubElement(fields, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _feedback(item: ET.Element, ident: str, text_html: str) -> None:
    block = ET.SubElement(ET.SubElement(item, "itemfeedback", {"ident": ident}), "flow_mat")
    _material(block, text_html)


def _condition(parent: ET.Element, test: ET.Element | None, score: str | None, feedback: str | None,
               action: str = "Set", stop: bool = False) -> None:
    condition = ET.SubElement(parent, "respcondition", {"continue": "No" if stop else "Yes"})
    holder = ET.SubElement(condition, "conditionvar")
    holder.append(test if test is not None else ET.Element("other"))
    if score is not None:
        ET.SubElement(condition, "setvar", {"action": action, "varname": "SCORE"}).text = score
    if feedback:
        ET.SubElement(condition, "displayfeedback", {"feedbacktype": "Response", "linkrefid": feedback})


def _equal(response: str, value: str) -> ET.Element:
    element = ET.Element("varequal", {"respident": response})
    element.text = value
    return element


def _choices(presentation: ET.Element, response: str, labels: list[tuple[str, str]], single: bool) -> None:
    lid = ET.SubElement(presentation, "response_lid", {"ident": response, "rcardinality": "Single" if single else "Multiple"})
    render = ET.SubElement(lid, "render_choice")
    for ident, text_html in labels:
        _material(ET.SubElement(render, "response_label", {"ident": ident}), text_html)


def _item(q: Question, html: Html, notes: list[str]) -> ET.Element:
    item = ET.Element("item", {"ident": q.id, "title": q.id})
    qtype = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
             "truefalse": "true_false_question", "fill": "short_answer_question"}.get(q.type, "matching_question")
    _meta(item, qtype)
    presentation = ET.SubElement(item, "presentation")
    _material(presentation, html(q.prompt))
    processing = ET.SubElement(item, "resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    _condition(processing, None, None, "general_fb")
    feedbacks: list[tuple[str, str]] = [("general_fb", html(q.explanation))]
    body = q.body
    if q.type in ("single", "multiple", "truefalse"):
        if q.type == "truefalse":
            options = [{"text": value.title(), "correct": (value == "true") == body["answer"], "feedback": body[f"feedback_{value}"]}
                       for value in ("true", "false")]
        else:
            options = body["options"]
        idents = [str(n) for n in range(len(options))]
        _choices(presentation, "response1", [(i, html(o["text"])) for i, o in zip(idents, options)], q.type != "multiple")
        for ident, option in zip(idents, options):
            _condition(processing, _equal("response1", ident), None, f"{ident}_fb")
            feedbacks.append((f"{ident}_fb", html(option["feedback"])))
        if q.type == "multiple":
            test = ET.Element("and")
            for ident, option in zip(idents, options):
                if option["correct"]:
                    test.append(_equal("response1", ident))
                else:
                    ET.SubElement(test, "not").append(_equal("response1", ident))
            _condition(processing, test, "100", None, stop=True)
        else:
            right = next(i for i, o in zip(idents, options) if o["correct"])
            _condition(processing, _equal("response1", right), "100", None, stop=True)
    elif q.type == "fill":
        string = ET.SubElement(presentation, "response_str", {"ident": "response1", "rcardinality": "Single"})
        ET.SubElement(ET.SubElement(string, "render_fib"), "response_label", {"ident": "answer1", "rshuffle": "No"})
        for answer in body["answers"]:
            _condition(processing, _equal("response1", answer), "100", "correct_fb", stop=True)
        _condition(processing, None, None, "incorrect_fb")
        feedbacks += [("correct_fb", html(body["feedback_correct"])), ("incorrect_fb", html(body["feedback_incorrect"]))]
        if body["pattern"]:
            notes.append(f"{q.id}: fill in the blank; its pattern ({body['pattern']}) is not exported, only the listed answers"
                         + ("" if body["answers"] else " (none: add answers in the LMS)"))
    else:
        if q.type == "match":
            rows = [(p["item"], p["match"], p["feedback"]) for p in body["pairs"]]
        elif q.type == "classify":
            rows = [(i["text"], i["category"], i["feedback"]) for i in body["items"]]
        else:
            rows = [(text, ORDINALS[n], body["feedback_correct"]) for n, text in enumerate(body["items"])]
            notes.append(f"{q.id}: ordering exported as matching: each step is matched to its position (1st, 2nd, ...)")
        choices = list(dict.fromkeys(row[1] for row in rows))
        if q.type == "classify":
            notes.append(f"{q.id}: classifying exported as matching: each item is matched to its category")
        for n, (text, partner, feedback) in enumerate(rows):
            response = f"response_{n}"
            lid = ET.SubElement(presentation, "response_lid", {"ident": response})
            _material(lid, html(text))
            render = ET.SubElement(lid, "render_choice")
            for c, choice in enumerate(choices):
                shown = choice if q.type == "order" else html(choice)  # positions are plain text
                _material(ET.SubElement(render, "response_label", {"ident": f"{n}_{c}"}), shown)
            share = f"{100 / len(rows):.2f}"
            _condition(processing, _equal(response, f"{n}_{choices.index(partner)}"), share, None, action="Add")
        pair_feedback = "".join(f"<p>{html(text)} → {html(partner)}: {html(fb)}</p>" for text, partner, fb in rows) if q.type != "order" else ""
        feedbacks[0] = ("general_fb", html(q.explanation) + pair_feedback)
    for ident, text_html in feedbacks:
        _feedback(item, ident, text_html)
    return item


def _report(notes: list[str]) -> str:
    lines = [
        "The Therapeutic Alliance: QTI 1.2 question banks",
        "",
        "One assessment (question bank) per chapter. Each question is worth one point.",
        "Question types: single choice -> multiple_choice_question; multiple select -> multiple_answers_question;",
        "true/false -> true_false_question; fill in the blank -> short_answer_question;",
        "matching, classifying and ordering -> matching_question.",
        "",
        "What QTI 1.2 cannot express exactly:",
    ]
    lines += [f"- {note}" for note in notes] or ["- nothing"]
    return "\n".join(lines) + "\n"


# GIFT -----------------------------------------------------------------------------------

_GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")


def gift_escape(text: str) -> str:
    """Text with GIFT's special characters escaped and line breaks folded."""
    return _GIFT_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def gift(library: Library, text: Callable[[str], str]) -> str:
    """Moodle GIFT: a category per chapter, per-option feedback, general feedback after ####."""
    out = ["// The Therapeutic Alliance: an interactive textbook. Question banks in Moodle GIFT format.", ""]
    for bank in chapters(library):
        out += [f"$CATEGORY: $course$/The Therapeutic Alliance/Chapter {bank.chapter:02d} {gift_escape(bank.title)}", ""]
        for q in bank.questions:
            out += [_gift_question(q, text), ""]
    return "\n".join(out)


def _gift_question(q: Question, text: Callable[[str], str]) -> str:
    e = lambda s: gift_escape(text(s))  # noqa: E731
    body = q.body
    head = f"::{gift_escape(q.id)}::[html]{e(q.prompt)} {{"
    general = f"\n\t####{e(q.explanation)}"
    if q.type == "single":
        answers = "".join(f"\n\t{'=' if o['correct'] else '~'}{e(o['text'])}#{e(o['feedback'])}" for o in body["options"])
    elif q.type == "multiple":
        right = sum(1 for o in body["options"] if o["correct"])
        wrong = max(len(body["options"]) - right, 1)
        weight = lambda o: _percent(100 / right) if o["correct"] else _percent(-100 / wrong)  # noqa: E731
        answers = "".join(f"\n\t~%{weight(o)}%{e(o['text'])}#{e(o['feedback'])}" for o in body["options"])
    elif q.type == "truefalse":
        right, wrong = ("true", "false") if body["answer"] else ("false", "true")
        answers = f"{'TRUE' if body['answer'] else 'FALSE'}#{e(body['feedback_' + wrong])}#{e(body['feedback_' + right])}"
        return f"{head}{answers}{general}\n}}"
    elif q.type == "fill":
        answers = "".join(f"\n\t={gift_escape(a)}#{e(body['feedback_correct'])}" for a in body["answers"])
    else:
        if q.type == "match":
            rows = [(p["item"], p["match"]) for p in body["pairs"]]
        elif q.type == "classify":
            rows = [(i["text"], i["category"]) for i in body["items"]]
        else:
            rows = [(t, ORDINALS[n]) for n, t in enumerate(body["items"])]
        partner_text = (lambda p: gift_escape(p)) if q.type == "order" else e  # positions are plain text
        answers = "".join(f"\n\t={e(item)} -> {partner_text(partner)}" for item, partner in rows)
    return f"{head}{answers}{general}\n}}"


def _percent(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


# Shared ------------------------------------------------------------------------------------


def describe_types(bank: Bank) -> str:
    counts: dict[str, int] = {}
    for q in bank.questions:
        counts[TYPE_NAMES[q.type]] = counts.get(TYPE_NAMES[q.type], 0) + 1
    return ", ".join(f"{n} {name}" for name, n in counts.items())
