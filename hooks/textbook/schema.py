"""JSON Schemas of the book's YAML, generated from the tables the build checks them with:
chapter banks (``bank.py``), practice skills (``practice.py``) and figure lists (``figures.py``).

Run ``python hooks/textbook/schema.py`` after changing a table: it rewrites quizzes/schema.json,
practice/schema.json and figures/schema.json. A test fails while a committed schema differs.
Each YAML file's first line points its editor at its schema:
``# yaml-language-server: $schema=schema.json`` (``../schema.json`` in figures/<chapter>/).
"""

from __future__ import annotations

import json

import pathlib

try:
    from . import figures, practice
    from .bank import QUESTION_COMMON, QUESTION_TYPES, RECORDS, Field
except ImportError:  # run as a script
    import sys

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
    from textbook import figures, practice
    from textbook.bank import QUESTION_COMMON, QUESTION_TYPES, RECORDS, Field

_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]*$"


def _field(spec: Field) -> dict:
    kind = spec.kind
    out: dict
    if kind == "text":
        out = {"type": "string", "minLength": 1}
    elif kind == "id":
        out = {"type": "string", "pattern": _ID_PATTERN}
    elif kind == "bool":
        out = {"type": "boolean"}
    elif kind == "int":
        out = {"type": "integer"}
    elif kind == "ints":
        out = {"type": "array", "minItems": 1, "items": {"type": "integer"}}
    elif kind == "texts":
        out = {"type": "array", "items": {"type": "string", "minLength": 1}}
    elif kind == "ids":
        out = {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": _ID_PATTERN}}
    elif kind == "record":
        out = {"$ref": f"#/$defs/{spec.record}"}
    elif kind == "records":
        out = {"type": "array", "items": {"$ref": f"#/$defs/{spec.record}"}}
    elif kind == "questions":
        out = {"type": "array", "items": {"$ref": "#/$defs/question"}}
    else:
        raise AssertionError(kind)
    out["description"] = spec.help
    return out


def _record(fields: dict[str, Field]) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [k for k, f in fields.items() if f.required],
        "properties": {k: _field(f) for k, f in fields.items()},
    }


def build_schema() -> dict:
    """The whole schema: one definition per record, one branch per question type."""
    defs = {name: _record(fields) for name, fields in RECORDS.items() if name != "bank"}
    branches = []
    for qtype, fields in QUESTION_TYPES.items():
        branch = _record({**QUESTION_COMMON, **fields})
        branch["properties"]["type"] = {"const": qtype, "description": QUESTION_COMMON["type"].help}
        branches.append({"if": {"properties": {"type": {"const": qtype}}}, "then": branch})
    defs["question"] = {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": list(QUESTION_TYPES)}},
        "allOf": branches,
    }
    schema = _record(RECORDS["bank"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Chapter bank of The Therapeutic Alliance textbook",
        "description": "Learning objectives, quiz questions, reflections and key terms of one chapter.",
        **schema,
        "$defs": defs,
    }


def build_table_schema(tables: dict[str, dict[str, Field]], top: str, title: str, description: str) -> dict:
    """The schema of a file checked with ``tables``, whose top-level record is ``tables[top]``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": description,
        **_record(tables[top]),
        "$defs": {name: _record(fields) for name, fields in tables.items() if name != top},
    }


SCHEMAS = {
    "quizzes/schema.json": build_schema,
    "practice/schema.json": lambda: build_table_schema(
        practice.TABLES, "skill", "Practice skill of The Therapeutic Alliance textbook",
        "One skill of the practice studio: its summary, criteria, classroom notes and exercises with fictional clients."),
    "figures/schema.json": lambda: build_table_schema(
        figures.TABLES, "file", "Figures of one chapter of The Therapeutic Alliance textbook",
        "The chapter's figures in order: concept SVGs and data figures drawn from the evidence register."),
}


def write_all(root: pathlib.Path) -> list[str]:
    """Write every schema under ``root``; return the paths written."""
    for path, make in SCHEMAS.items():
        (root / path).write_text(json.dumps(make(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return list(SCHEMAS)


if __name__ == "__main__":
    for written in write_all(pathlib.Path(__file__).resolve().parents[2]):
        print(f"wrote {written}")
