"""The JSON Schema that editors use is generated from the model, so the two never drift."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tests.conftest import ROOT
from textbook import yamlsource
from textbook.schema import SCHEMAS, build_schema

BANKS = sorted((ROOT / "quizzes").glob("*.yml"))


@pytest.mark.parametrize("path", SCHEMAS)
def test_the_committed_schemas_are_the_generated_ones(path):
    committed = json.loads((ROOT / path).read_text(encoding="utf-8"))
    assert committed == SCHEMAS[path](), "run: python hooks/textbook/schema.py"


AUTHORED = [(p, "practice/schema.json", "schema.json") for p in sorted((ROOT / "practice").glob("*.yml"))] + \
    [(p, "figures/schema.json", "../schema.json") for p in sorted((ROOT / "figures").glob("*/figures.yml"))]


@pytest.mark.parametrize("path, schema, pointer", AUTHORED, ids=lambda v: v.relative_to(ROOT).as_posix() if hasattr(v, "relative_to") else None)
def test_every_practice_and_figures_file_validates_and_points_at_its_schema(path, schema, pointer):
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema={pointer}\n")
    jsonschema.validate(yamlsource.load(text), SCHEMAS[schema]())


@pytest.mark.parametrize("schema, broken", [
    ("practice/schema.json", {"skill": "s", "title": "T", "chapters": [1], "summary": "S", "criteria": ["c"], "classroom": "C",
                              "exercises": [{"id": "e", "title": "T", "context": "C", "levels": {"mild": {"client": "x"}}}]}),
    ("practice/schema.json", {"skill": "s", "title": "T", "chapters": ["one"], "summary": "S", "criteria": ["c"], "classroom": "C", "exercises": []}),
    ("figures/schema.json", {"figures": [{"id": "f", "kind": "concept", "caption": "C", "alt": "A", "fiel": "x.svg"}]}),
    ("figures/schema.json", {"figures": [{"id": "f", "kind": "data", "caption": "C", "alt": "A", "rows": [{"label": "L", "value": ".2"}]}]}),
], ids=["an exercise missing levels", "chapters not numbers", "misspelt key", "a row without its source"])
def test_the_practice_and_figure_schemas_reject_what_the_build_rejects(schema, broken):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMAS[schema]())


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
