"""The JSON Schema of chapter banks, generated from the tables in ``bank.py``.

Run ``python hooks/textbook/schema.py > quizzes/schema.json`` after changing the tables; a
test fails while the committed schema differs from this output.
"""

from __future__ import annotations

import json

try:
    from .bank import QUESTION_COMMON, QUESTION_TYPES, RECORDS, Field
except ImportError:  # run as a script
    import pathlib
    import sys

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
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


if __name__ == "__main__":
    print(json.dumps(build_schema(), indent=2, ensure_ascii=False))
