"""The authoring guide documents every marker the build knows, so a new marker cannot be added
without telling authors how to use it."""

from __future__ import annotations

import re

from tests.conftest import ROOT
from textbook.registry import REGISTRY

GUIDE = (ROOT / "docs" / "back" / "authoring.md").read_text(encoding="utf-8")


def test_every_marker_kind_is_in_the_authoring_guide():
    documented = set(re.findall(r"`<!-- ([a-z-]+)[: ]", GUIDE))
    assert set(REGISTRY.kinds) - documented == set()


def test_the_guide_explains_figures_practice_and_the_register():
    for heading in ("## Figures", "## Practice exercises", "## Numbers and the evidence register", "## Where a wrong answer sends the reader"):
        assert heading in GUIDE
