"""Chapter data banks: learning objectives, quiz questions, reflections and key terms.

One YAML file per chapter in ``quizzes/``. This module loads and validates a bank into
plain dataclasses; it knows nothing of HTML or MkDocs. The tables below are the single
description of the format: validation reads them, and ``schema.py`` turns them into the
JSON Schema that editors use, so the two cannot drift.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlsource
from .answers import normalise_answer, pattern_problem
from .errors import ErrorLog

# Format description ----------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its kind, whether it is required, its default, its help text."""

    kind: str  # text | bool | int | id | texts | ids | record | records | questions
    required: bool = True
    default: Any = None
    record: str = ""  # for kind "records": the name of the record table
    help: str = ""


TEXT, OPTIONAL = "text", False

RECORDS: dict[str, dict[str, Field]] = {
    "bank": {
        "chapter": Field("int", help="Chapter number (0 for examples outside the book's chapters)."),
        "title": Field("text", help="Chapter title, without its number."),
        "objectives": Field("records", record="objective", help="The chapter's learning objectives."),
        "terms": Field("records", OPTIONAL, [], "term", "Key terms: the glossary and tooltips."),
        "questions": Field("questions", OPTIONAL, [], help="Self-check quiz questions."),
        "reflections": Field("records", OPTIONAL, [], "reflection", "Reflective exercises."),
        "instructor": Field("record", OPTIONAL, None, "instructor", "Notes for the instructor's guide."),
    },
    "instructor": {
        "discussion": Field("texts", help="3–5 discussion questions for class (Markdown)."),
        "activity": Field("text", help="A suggested in-class activity (Markdown)."),
        "placement": Field("text", OPTIONAL, "", help="Where the quiz and reflections fit in a course."),
    },
    "objective": {
        "id": Field("id", help="Short id, unique within the file; questions list it."),
        "text": Field("text", help="The objective, starting with a verb (Markdown)."),
        "section": Field("id", OPTIONAL, "", help="Anchor of the section that teaches it."),
    },
    "term": {
        "term": Field("text", help="The term exactly as it appears in running text."),
        "aliases": Field("texts", OPTIONAL, [], help="Other spellings that show the tooltip."),
        "definition": Field("text", help="One or two sentences; citations allowed."),
    },
    "option": {
        "text": Field("text", help="The option (inline Markdown)."),
        "correct": Field("bool", OPTIONAL, False, help="Whether this option is correct."),
        "feedback": Field("text", help="Why this option is right or wrong."),
        "section": Field("id", OPTIONAL, "", help="Anchor of the paragraph or section that teaches this point (a Re-read link)."),
    },
    "pair": {
        "item": Field("text", help="The item to match."),
        "match": Field("text", help="Its partner."),
        "feedback": Field("text", help="Why they belong together."),
    },
    "classified": {
        "text": Field("text", help="The item to classify."),
        "category": Field("text", help="Its category: one of the question's categories."),
        "feedback": Field("text", help="Why it belongs there."),
    },
    "reflection": {
        "id": Field("id", help="Unique across the book; start with the chapter, e.g. ch03-."),
        "title": Field("text", help="A short title."),
        "prompt": Field("text", help="The prompt (Markdown; citations allowed)."),
        "personal": Field("bool", OPTIONAL, False, help="Touches the reader's own life: optional."),
        "questions": Field("texts", OPTIONAL, [], help="Guiding questions."),
        "checklist": Field("texts", OPTIONAL, [], help="Criteria the reader ticks after writing."),
        "model_response": Field("text", OPTIONAL, "", help="What an experienced clinician might write."),
    },
}

QUESTION_COMMON: dict[str, Field] = {
    "id": Field("id", help="Unique across the book; start with the chapter, e.g. ch03-."),
    "type": Field("text", help="single, multiple, truefalse, fill, order, match or classify."),
    "prompt": Field("text", help="The question (inline Markdown; citations allowed)."),
    "objectives": Field("ids", help="Ids of the learning objectives this question tests."),
    "explanation": Field("text", help="Shown after checking; cite your sources."),
    "shuffle": Field("bool", OPTIONAL, True, help="Shuffle options for each reader (default true)."),
    "section": Field("id", OPTIONAL, "", help="Anchor in the chapter that teaches this question's point (a Re-read link)."),
}

_FEEDBACK_PAIR = {
    "feedback_correct": Field("text", help="Shown when the answer is right."),
    "feedback_incorrect": Field("text", help="Shown when the answer is wrong: why."),
}

QUESTION_TYPES: dict[str, dict[str, Field]] = {
    "single": {"options": Field("records", record="option", help="Exactly one is correct.")},
    "multiple": {"options": Field("records", record="option", help="One or more are correct.")},
    "truefalse": {
        "answer": Field("bool", help="Whether the statement is true."),
        "feedback_true": Field("text", help="Feedback for a reader who answers true."),
        "feedback_false": Field("text", help="Feedback for a reader who answers false."),
    },
    "fill": {
        "answers": Field("texts", OPTIONAL, [], help="Accepted answers (case, spaces, accents ignored)."),
        "pattern": Field("text", OPTIONAL, "", help="A regular expression an answer may match instead."),
        **_FEEDBACK_PAIR,
    },
    "order": {
        "items": Field("texts", help="The steps, in the correct order."),
        **_FEEDBACK_PAIR,
    },
    "match": {"pairs": Field("records", record="pair", help="Each item with its partner.")},
    "classify": {
        "categories": Field("texts", help="The categories to sort into."),
        "items": Field("records", record="classified", help="The items, each with its category."),
    },
}

TYPE_NAMES = {
    "single": "single choice",
    "multiple": "multiple select",
    "truefalse": "true/false",
    "fill": "fill in the blank",
    "order": "ordering",
    "match": "matching",
    "classify": "classifying",
}

# Model -------------------------------------------------------------------------------------


@dataclass
class Objective:
    id: str
    text: str
    section: str = ""


@dataclass
class Term:
    term: str
    definition: str
    aliases: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def anchor(self) -> str:
        return slug(self.term)


@dataclass
class Question:
    id: str
    type: str
    prompt: str
    objectives: list[str]
    explanation: str
    shuffle: bool
    body: dict  # the type's own fields, validated (options, pairs, items, ...)
    line: int = 0
    section: str = ""  # anchor of the text that teaches the point, for a "Re-read" link

    def texts(self) -> list[str]:
        """Every author-written string of the question (for batch rendering and citation checks)."""
        return [self.prompt, self.explanation, *_strings(_without_sections(self.body))]

    @property
    def version(self) -> str:
        """Changes whenever the author changes what the reader answers (not its Re-read links)."""
        content = json.dumps([self.type, self.prompt, _without_sections(self.body)], sort_keys=True, default=str)
        return hashlib.sha256(content.encode()).hexdigest()[:10]


@dataclass
class Reflection:
    id: str
    title: str
    prompt: str
    personal: bool = False
    questions: list[str] = field(default_factory=list)
    checklist: list[str] = field(default_factory=list)
    model_response: str = ""
    line: int = 0
    bank: str = ""


@dataclass
class InstructorNotes:
    discussion: list[str]
    activity: str
    placement: str = ""


@dataclass
class Bank:
    name: str  # the file's stem, e.g. "03-goals-tasks-bond"
    path: str  # as shown in error messages, e.g. "quizzes/03-goals-tasks-bond.yml"
    chapter: int
    title: str
    objectives: list[Objective]
    terms: list[Term]
    questions: list[Question]
    reflections: list[Reflection]
    instructor: InstructorNotes | None = None

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)


def _without_sections(value):
    """A question body without its "section" anchors and source lines: neither is what the reader answers."""
    if isinstance(value, dict):
        return {k: _without_sections(v) for k, v in value.items() if k not in ("section", "line")}
    if isinstance(value, list):
        return [_without_sections(v) for v in value]
    return value


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def slug(text: str) -> str:
    """A URL fragment for a term: lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# Loading and validation ----------------------------------------------------------------


class Checker:
    """Validates one file against the tables above, reporting into an ErrorLog."""

    def __init__(self, path: str, log: ErrorLog, tables: dict[str, dict[str, Field]] | None = None):
        self.path, self.log = path, log
        self.tables = tables if tables is not None else RECORDS

    def error(self, line: int, message: str) -> None:
        self.log.add(self.path, line, message)

    def record(self, data: Any, fields: dict[str, Field], where: str, line: int) -> dict | None:
        """Check a mapping against its fields; return the values with defaults filled in."""
        if not isinstance(data, dict):
            self.error(line, f"{where} must be a mapping of keys to values")
            return None
        lines = getattr(data, "key_lines", {})
        for key in data:
            if key not in fields:
                hint = difflib.get_close_matches(str(key), list(fields), n=1)
                fix = f"did you mean '{hint[0]}'?" if hint else "allowed keys: " + ", ".join(fields)
                self.error(lines.get(key, line), f"{where} has an unknown key '{key}'; {fix}")
        values = {}
        for key, spec in fields.items():
            if key not in data or data[key] is None:
                if spec.required:
                    self.error(line, f"{where} has no '{key}'; add {key}: ({spec.help})")
                values[key] = _copy_default(spec.default if not spec.required else _EMPTY.get(spec.kind))
                continue
            values[key] = self.value(data[key], spec, f"{where} '{key}'", lines.get(key, line))
        return values

    def value(self, data: Any, spec: Field, where: str, line: int) -> Any:
        kind = spec.kind
        if kind == "bool":
            if not isinstance(data, bool):
                self.error(line, f"{where} must be true or false, not '{data}'")
                return spec.default
            return data
        if kind == "int":
            if isinstance(data, bool) or not isinstance(data, int):
                self.error(line, f"{where} must be a whole number, not '{data}'")
                return 0
            return data
        if kind in ("text", "id"):
            return self.text(data, where, line, kind == "id")
        if kind == "ints":
            if not isinstance(data, list) or not data or any(isinstance(v, bool) or not isinstance(v, int) for v in data):
                self.error(line, f"{where} must be a list of whole numbers, e.g. [12]")
                return []
            return list(data)
        if kind in ("texts", "ids"):
            if not isinstance(data, list):
                self.error(line, f"{where} must be a list")
                return []
            item_lines = getattr(data, "item_lines", [line] * len(data))
            return [
                self.text(item, f"{where} item {n}", item_lines[n - 1], kind == "ids")
                for n, item in enumerate(data, 1)
            ]
        if kind == "questions":  # each question's fields depend on its type: see _question()
            if not isinstance(data, list):
                self.error(line, f"{where} must be a list")
            return []
        if kind == "record":
            return self.record(data, self.tables[spec.record], where, line)
        if kind == "records":
            if not isinstance(data, list):
                self.error(line, f"{where} must be a list")
                return []
            item_lines = getattr(data, "item_lines", [line] * len(data))
            out = []
            for n, item in enumerate(data, 1):
                checked = self.record(item, self.tables[spec.record], f"{where} item {n}", item_lines[n - 1])
                if checked is not None:
                    checked["line"] = item_lines[n - 1]
                    out.append(checked)
            return out
        raise AssertionError(f"unknown field kind {kind}")  # a bug in the tables, not the file

    def text(self, data: Any, where: str, line: int, is_id: bool) -> str:
        if isinstance(data, bool):
            self.error(line, f"{where} must be text, but YAML reads it as {str(data).lower()}; put it in quotes")
            return ""
        if isinstance(data, (dict, list)) or data is None:
            self.error(line, f"{where} must be text")
            return ""
        text = str(data).strip()
        if not text:
            self.error(line, f"{where} is empty; write the text or remove the key")
        elif is_id and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", text):
            self.error(line, f"{where} '{text}' may contain only letters, digits, '-' and '_'")
        return text


# What a missing required field holds while the rest of the file is checked.
_EMPTY = {"text": "", "id": "", "bool": False, "int": 0, "ints": [], "texts": [], "ids": [], "records": [], "questions": [], "record": None}


def _copy_default(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def load_bank(path: Path, shown_path: str, log: ErrorLog) -> Bank | None:
    """Load one chapter bank; report every mistake into ``log``; None if unusable."""
    try:
        data = yamlsource.load_file(path)
    except yamlsource.YAMLSyntaxError as exc:
        log.add(shown_path, exc.line, exc.problem)
        return None
    check = Checker(shown_path, log)
    top = check.record(data, RECORDS["bank"], "the bank", 1)
    if top is None:
        return None
    objectives = [Objective(o["id"], o["text"], o["section"]) for o in top["objectives"]]
    objective_ids = {o.id for o in objectives}
    _check_unique(check, top["objectives"], "id", "objective")
    questions = [q for q in (_question(check, raw, objective_ids) for raw in _raw_list(data, "questions")) if q]
    reflections = [
        Reflection(**{k: v for k, v in r.items()}, bank=path.stem) for r in top["reflections"]
    ]
    terms = [Term(t["term"], t["definition"], t["aliases"], t["line"]) for t in top["terms"]]
    notes = top["instructor"]
    instructor = InstructorNotes(notes["discussion"], notes["activity"], notes["placement"]) if notes else None
    return Bank(path.stem, shown_path, top["chapter"], top["title"], objectives, terms, questions, reflections, instructor)


def _raw_list(data: dict, key: str) -> list:
    value = data.get(key) if isinstance(data, dict) else None
    return list(zip(value, getattr(value, "item_lines", []))) if isinstance(value, list) else []


def _check_unique(check: Checker, records: list[dict], key: str, what: str) -> None:
    seen: dict[str, int] = {}
    for record in records:
        value = record.get(key)
        if value in seen:
            check.error(record["line"], f"{what} '{value}' is defined twice (first on line {seen[value]}); give each a unique {key}")
        elif value:
            seen[value] = record["line"]


def _question(check: Checker, raw_and_line: tuple, objective_ids: set[str]) -> Question | None:
    raw, line = raw_and_line
    if not isinstance(raw, dict):
        check.error(line, "each question must be a mapping with id, type, prompt, ...")
        return None
    qtype = raw.get("type")
    label = f"question '{raw.get('id', '?')}'"
    if not isinstance(qtype, str) or qtype not in QUESTION_TYPES:
        lines = getattr(raw, "key_lines", {})
        hint = difflib.get_close_matches(str(qtype), list(QUESTION_TYPES), n=1)
        fix = f"did you mean '{hint[0]}'?" if hint else "use one of: " + ", ".join(QUESTION_TYPES)
        check.error(lines.get("type", line), f"{label} has unknown type '{qtype}'; {fix}")
        return None
    fields = {**QUESTION_COMMON, **QUESTION_TYPES[qtype]}
    values = check.record(raw, fields, label, line)
    if values is None:
        return None
    for objective in values["objectives"]:
        if objective and objective not in objective_ids:
            known = ", ".join(sorted(objective_ids)) or "none defined"
            check.error(raw.key_lines.get("objectives", line), f"{label} tests unknown objective '{objective}'; objectives of this bank: {known}")
    common = {k: values.pop(k) for k in QUESTION_COMMON}
    _SEMANTICS[qtype](check, values, label, line)
    return Question(**common, body=values, line=line)


# Rules a single key cannot express, one function per type --------------------------------


def _check_choices(check, body, label, line, exactly_one: bool) -> None:
    options = body["options"]
    if len(options) < 2:
        check.error(line, f"{label} has fewer than two options; add options")
    correct = sum(1 for o in options if o["correct"])
    if correct == 0:
        check.error(line, f"{label} has no correct option; mark one option with correct: true")
    elif exactly_one and correct > 1:
        check.error(line, f"{label} is single choice but has {correct} correct options; mark exactly one, or use type: multiple")
    _check_duplicates(check, [(o["text"], o["line"]) for o in options], label, "option")


def _check_duplicates(check, texts_and_lines, label, what) -> None:
    seen = set()
    for text, line in texts_and_lines:
        if text and text in seen:
            check.error(line, f"{label} lists the {what} '{text}' twice; each {what} must be different")
        seen.add(text)


def _check_fill(check, body, label, line) -> None:
    if not body["answers"] and not body["pattern"]:
        check.error(line, f"{label} has no accepted answer; add answers: or pattern:")
    for answer in body["answers"]:
        if answer and not normalise_answer(answer):
            check.error(line, f"{label} accepts '{answer}', which is only punctuation once normalised; write the answer as words")
    if body["pattern"]:
        problem = pattern_problem(body["pattern"])
        if problem:
            check.error(line, f"{label} has a pattern the quiz cannot use: {problem}; fix the regular expression")


def _check_order(check, body, label, line) -> None:
    items = body["items"]
    if len(items) < 2:
        check.error(line, f"{label} has fewer than two items to order; add items")
    _check_duplicates(check, [(t, line) for t in items], label, "item")


def _check_match(check, body, label, line) -> None:
    pairs = body["pairs"]
    if len(pairs) < 2:
        check.error(line, f"{label} has fewer than two pairs; add pairs")
    _check_duplicates(check, [(p["item"], p["line"]) for p in pairs], label, "item")


def _check_classify(check, body, label, line) -> None:
    categories = body["categories"]
    if len(categories) < 2:
        check.error(line, f"{label} has fewer than two categories; add categories")
    _check_duplicates(check, [(c, line) for c in categories], label, "category")
    for item in body["items"]:
        if item["category"] and item["category"] not in categories:
            check.error(item["line"], f"{label} puts '{item['text']}' in unknown category '{item['category']}'; use one of: {', '.join(categories)}")
    if len(body["items"]) < 2:
        check.error(line, f"{label} has fewer than two items to classify; add items")


_SEMANTICS = {
    "single": lambda c, b, l, n: _check_choices(c, b, l, n, exactly_one=True),
    "multiple": lambda c, b, l, n: _check_choices(c, b, l, n, exactly_one=False),
    "truefalse": lambda c, b, l, n: None,
    "fill": _check_fill,
    "order": _check_order,
    "match": _check_match,
    "classify": _check_classify,
}


# The whole book ----------------------------------------------------------------------------


@dataclass
class Library:
    """Every bank of the book, with the cross-file facts checked."""

    banks: dict[str, Bank]

    def questions(self):
        for bank in self.banks.values():
            yield from ((bank, q) for q in bank.questions)

    def reflection(self, rid: str) -> Reflection | None:
        return next((r for b in self.banks.values() for r in b.reflections if r.id == rid), None)

    def terms(self) -> list[Term]:
        return sorted((t for b in self.banks.values() for t in b.terms), key=lambda t: t.term.lower())


def load_library(folder: Path, shown_folder: str, log: ErrorLog) -> Library:
    """Load every ``*.yml`` bank in ``folder`` and check ids that must be unique book-wide."""
    banks = {}
    for path in sorted(folder.glob("*.yml")):
        bank = load_bank(path, f"{shown_folder}/{path.name}", log)
        if bank:
            banks[bank.name] = bank
    _check_book_unique(log, banks, lambda b: ((q.id, q.line) for q in b.questions), "question id")
    _check_book_unique(log, banks, lambda b: ((r.id, r.line) for r in b.reflections), "reflection id")
    _check_book_unique(log, banks, lambda b: ((t.term, t.line) for t in b.terms), "glossary term")
    _check_term_names(log, banks)
    return Library(banks)


def _check_term_names(log: ErrorLog, banks: dict[str, "Bank"]) -> None:
    """Term names are one line of plain words, and no two (aliases included) differ only by case."""
    seen: dict[str, tuple[str, int, str, str]] = {}  # lower-cased name -> (path, line, name, term)
    for bank in banks.values():
        for term in bank.terms:
            for name in [term.term, *term.aliases]:
                if "\n" in name or "\r" in name:
                    log.add(bank.path, term.line, f"the term name '{name}' spans lines; write it on one line")
                    continue
                if re.search(r"[<>@\[\]{}`*_|]", name):
                    log.add(bank.path, term.line, f"the term name '{name}' holds markup or a citation ({_first_markup(name)}); write plain words and cite in the definition")
                    continue
                key = name.casefold()
                if key in seen:
                    path, line, other, owner = seen[key]
                    if owner != term.term and other != name:
                        log.add(bank.path, term.line, f"the term '{name}' differs only by case from '{other}' ({path}:{line}); use one term, or make one an alias of the other")
                    elif owner != term.term:
                        pass  # the same name twice is reported as a duplicate above
                else:
                    seen[key] = (bank.path, term.line, name, term.term)


def _first_markup(name: str) -> str:
    return next(c for c in name if c in "<>@[]{}`*_|")


def _check_book_unique(log: ErrorLog, banks: dict[str, Bank], ids, what: str) -> None:
    seen: dict[str, tuple[str, int]] = {}
    for bank in banks.values():
        for value, line in ids(bank):
            if value in seen:
                first = "%s:%d" % seen[value]
                log.add(bank.path, line, f"{what} '{value}' is already used at {first}; ids must be unique across the book")
            else:
                seen[value] = (bank.path, line)
