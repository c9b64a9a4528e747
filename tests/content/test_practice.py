"""The practice studio: enough exercises, every part present, every line original, safe."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.conftest import ROOT
from textbook.errors import ErrorLog
from textbook.practice import LEVELS, load_practice


@pytest.fixture(scope="module")
def studio():
    log = ErrorLog()
    loaded = load_practice(ROOT / "practice", "practice", log)
    assert not log, log.report()
    return loaded


def test_at_least_sixty_exercises_across_at_least_six_skills(studio):
    exercises = list(studio.exercises())
    assert len(exercises) >= 60, len(exercises)
    assert len(studio.skills) >= 6
    assert all(len(s.exercises) >= 5 for s in studio.skills.values())


def test_every_exercise_has_three_levels_and_every_part(studio):
    for ex in studio.exercises():
        assert [level.name for level in ex.levels] == list(LEVELS), ex.id
        assert ex.context.strip() and ex.title.strip()
        for level in ex.levels:
            assert level.client.strip()
            assert 2 <= len(level.models) <= 3, f"{ex.id} {level.name}"
            assert len({m.stance.lower() for m in level.models}) == len(level.models), f"{ex.id} {level.name}: stances repeat"
            assert all(m.response and m.strengths and m.risks for m in level.models)
            assert level.unhelpful and all(r and why for r, why in level.unhelpful)


def test_no_two_exercises_share_a_client_statement_or_a_model_response(studio):
    lines = Counter(" ".join(l.client.lower().split()) for ex in studio.exercises() for l in ex.levels)
    responses = Counter(" ".join(m.response.lower().split()) for ex in studio.exercises() for l in ex.levels for m in l.models)
    assert [t for t, n in lines.items() if n > 1] == []
    assert [t for t, n in responses.items() if n > 1] == []


def test_every_skill_has_criteria_and_classroom_notes(studio):
    for skill in studio.skills.values():
        assert 3 <= len(skill.criteria) <= 6, skill.id
        assert len(skill.classroom.split()) >= 40, f"{skill.id}: the instructor needs more than that"
        assert skill.chapters, skill.id


def test_chapters_six_to_fifteen_each_place_a_practice_set():
    for chapter in sorted((ROOT / "docs").glob("part-*/[0-9][0-9]-*.md")):
        if int(chapter.name[:2]) >= 6:
            assert "<!-- practice: " in chapter.read_text(encoding="utf-8"), chapter.name


def test_suicide_practice_follows_safe_messaging(studio):
    skill = studio.skills["suicide-inquiry"]
    assert skill.safety, "the page must carry the crisis box"
    text = " ".join(t for ex in skill.exercises for t in ex.texts()).lower()
    assert "committed suicide" not in text
    for method in ("overdose", "hanging", "jump", "pills", "rope", "gun", "firearm", "bridge", "cut myself"):
        assert not re.search(rf"\b{method}", " ".join(m.response.lower() for ex in skill.exercises for l in ex.levels for m in l.models)), method


def test_the_studio_says_its_clients_are_fictional(site):
    page = (site / "back" / "practice" / "index.html").read_text(encoding="utf-8")
    assert "fictional composite" in page
    assert page.count('class="practice__fictional"') == sum(1 for _ in load_practice(ROOT / "practice", "practice", ErrorLog()).exercises())
    assert page.count('class="admonition crisis"') >= 1
