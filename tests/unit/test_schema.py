"""The JSON Schema that editors use is generated from the model, so the two never drift."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tests.conftest import ROOT
from textbook import yamlsource
from textbook.schema import build_schema

BANKS = sorted((ROOT / "quizzes").glob("*.yml"))


def test_the_committed_schema_is_the_generated_one():
    committed = json.loads((ROOT / "quizzes" / "schema.json").read_text(encoding="utf-8"))
    assert committed == build_schema(), "run: python hooks/textbook/schema.py > quizzes/schema.json"


@pytest.mark.parametrize("bank", BANKS, ids=lambda p: p.name)
def test_every_bank_validates_against_the_schema_and_points_at_it(bank):
    text = bank.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schema.json")
    jsonschema.validate(yamlsource.load(text), build_schema())


@pytest.mark.parametrize("broken", [
    {"chapter": 1, "title": "T", "objectives": [], "questions": [{"id": "q", "type": "single", "prompt": "P", "objectives": ["o"],
     "explanation": "E", "options": [{"text": "A", "corect": True, "feedback": "F"}]}]},
    {"chapter": 1, "title": "T", "objectives": [], "questions": [{"id": "q", "type": "singel", "prompt": "P", "objectives": ["o"], "explanation": "E"}]},
    {"chapter": 1, "title": "T", "objectives": [], "reflections": [{"id": "r", "title": "T"}]},
    {"chapter": "one", "title": "T", "objectives": []},
], ids=["misspelt key", "unknown type", "missing prompt", "chapter not a number"])
def test_the_schema_rejects_what_the_model_rejects(broken):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, build_schema())
