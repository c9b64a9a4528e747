"""The book's stylesheet parses cleanly: one stray brace silently drops the rule after it (it
once removed every figure colour in the light theme)."""

from __future__ import annotations

from pathlib import Path

import pytest
import tinycss2

from tests.conftest import ROOT

SHEETS = sorted((ROOT / "docs" / "assets" / "css").glob("*.css")) + sorted((ROOT / "editions").glob("*.css"))


def problems(rules, where: str) -> list[str]:
    found = []
    for rule in rules:
        if rule.type == "error":
            found.append(f"{where}:{rule.source_line}: {rule.message}")
        elif rule.type == "qualified-rule":
            stray = [t for t in rule.prelude if (t.type == "literal" and t.value in "{};") or t.type == "error"]
            if stray:
                token = getattr(stray[0], "value", None) or getattr(stray[0], "kind", "") or "}"
                found.append(f"{where}:{stray[0].source_line}: a stray '{'}' if token in ('}', 'unmatched }') else token}' before this rule, which the browser drops")
            found += [f"{where}:{d.source_line}: {d.message}" for d in tinycss2.parse_blocks_contents(rule.content) if d.type == "error"]
        elif rule.type == "at-rule" and rule.content is not None and rule.at_keyword in ("media", "supports", "layer", "container"):
            found += problems(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), where)
    return found


@pytest.mark.parametrize("sheet", SHEETS, ids=[p.name for p in SHEETS])
def test_every_rule_of_the_stylesheet_is_read_by_browsers(sheet: Path):
    rules = tinycss2.parse_stylesheet(sheet.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True)
    assert problems(rules, sheet.name) == []


def test_a_stray_brace_is_caught():
    rules = tinycss2.parse_stylesheet("a { color: red; }\n}\n:root { --x: 1; }", skip_comments=True, skip_whitespace=True)
    assert problems(rules, "t.css") == ["t.css:2: a stray '}' before this rule, which the browser drops"]
