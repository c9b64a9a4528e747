"""The practice studio: deliberate practice of alliance skills with fictional clients.

One YAML file per skill in ``practice/``. Each exercise shows a fictional client's statement
with a line of context at three difficulty levels; the reader types a response (saved in the
browser like a reflection), then reveals model responses from different stances with what
each does well and risks, at least one plausible but unhelpful response with why it misses,
and rates their own response against the skill's criteria.

The tables below describe the format; ``schema.py`` turns them into ``practice/schema.json``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlsource
from .bank import Checker, Field
from .errors import ErrorLog
from .markers import MarkerKind

OPTIONAL = False
LEVELS = ("mild", "moderate", "hard")
LEVEL_NAMES = {"mild": "Mild", "moderate": "Moderate", "hard": "Hard"}

TABLES: dict[str, dict[str, Field]] = {
    "skill": {
        "skill": Field("id", help="The skill's id: the file name without .yml."),
        "title": Field("text", help="A short title, e.g. 'Repairing a withdrawal rupture'."),
        "chapters": Field("ints", help="Chapters that teach the skill; the first is its home."),
        "summary": Field("text", help="What the skill is and what good looks like (Markdown; cite findings)."),
        "criteria": Field("texts", help="The self-rating checklist: 3–5 observable criteria."),
        "classroom": Field("text", help="How an instructor can use these exercises in class (Markdown)."),
        "safety": Field("bool", OPTIONAL, False, help="True for suicide-related practice: the page shows the crisis box."),
        "exercises": Field("records", record="exercise", help="The exercises, each at three levels."),
    },
    "exercise": {
        "id": Field("id", help="Unique across the studio, e.g. withdrawal-01."),
        "title": Field("text", help="A short title."),
        "context": Field("text", help="One line: who (fictional), which session, what just happened."),
        "levels": Field("record", record="levels", help="The exercise at each difficulty level."),
    },
    "levels": {name: Field("record", record="level", help=f"The {name} version.") for name in LEVELS},
    "level": {
        "client": Field("text", help="What the client says (1–3 sentences)."),
        "models": Field("records", record="model", help="Two or three model responses from different stances."),
        "unhelpful": Field("records", record="unhelpful", help="At least one plausible but unhelpful response."),
    },
    "model": {
        "stance": Field("text", help="A short label for the stance, e.g. 'Metacommunicate'."),
        "response": Field("text", help="What the clinician says (1–3 sentences)."),
        "strengths": Field("text", help="What it does well."),
        "risks": Field("text", help="What it risks, or when it would misfire."),
    },
    "unhelpful": {
        "response": Field("text", help="A plausible response that misses."),
        "why": Field("text", help="Why it misses."),
    },
}


@dataclass
class Model:
    stance: str
    response: str
    strengths: str
    risks: str


@dataclass
class Level:
    name: str
    client: str
    models: list[Model]
    unhelpful: list[tuple[str, str]]  # (response, why)


@dataclass
class Exercise:
    id: str
    title: str
    context: str
    levels: list[Level]
    skill: str = ""
    line: int = 0

    def texts(self) -> list[str]:
        out = [self.title, self.context]
        for level in self.levels:
            out.append(level.client)
            for m in level.models:
                out += [m.stance, m.response, m.strengths, m.risks]
            for response, why in level.unhelpful:
                out += [response, why]
        return out


@dataclass
class Skill:
    id: str
    title: str
    chapters: list[int]
    summary: str
    criteria: list[str]
    classroom: str
    safety: bool
    exercises: list[Exercise]
    path: str = ""

    def texts(self) -> list[str]:
        return [self.title, self.summary, *self.criteria, self.classroom]


@dataclass
class Studio:
    skills: dict[str, Skill] = field(default_factory=dict)

    def exercise(self, eid: str) -> Exercise | None:
        return next((e for s in self.skills.values() for e in s.exercises if e.id == eid), None)

    def exercises(self):
        for skill in self.skills.values():
            yield from skill.exercises

    def for_chapter(self, chapter: int) -> list[Skill]:
        return [s for s in self.skills.values() if chapter in s.chapters]

    def check_text(self, check) -> None:
        for skill in self.skills.values():
            for text in skill.texts():
                check(skill.path, 1, text)
            for ex in skill.exercises:
                for text in ex.texts():
                    check(skill.path, ex.line, text)

    def citations(self) -> list[str]:
        from .citations import find_citations

        texts = [t for s in self.skills.values() for t in s.texts()] + [t for e in self.exercises() for t in e.texts()]
        return [c.raw for t in texts for c in find_citations(t)]

    def check_placements(self, build) -> None:
        """The studio page is required once there are exercises."""
        if self.skills and "practice-studio" not in build.placed:
            first = next(iter(self.skills.values()))
            build.log.add(first.path, 1, "the practice exercises are not shown anywhere; add <!-- practice-studio --> to a page")


def load_practice(folder: Path, shown: str, log: ErrorLog) -> Studio:
    """Every skill file of ``folder``, validated; errors name the file and line."""
    studio = Studio()
    seen_ids: dict[str, str] = {}
    seen_text: dict[str, str] = {}
    for path in sorted(folder.glob("*.yml")) if folder.exists() else []:
        where = f"{shown}/{path.name}"
        try:
            data = yamlsource.load_file(path)
        except yamlsource.YAMLSyntaxError as exc:
            log.add(where, exc.line, exc.problem)
            continue
        check = Checker(where, log, TABLES)
        top = check.record(data, TABLES["skill"], "the skill", 1)
        if top is None:
            continue
        if top["skill"] and top["skill"] != path.stem:
            log.add(where, data.key_lines.get("skill", 1), f"skill '{top['skill']}' must match its file name '{path.stem}'; rename one")
        if not 3 <= len(top["criteria"]) <= 6:
            log.add(where, data.key_lines.get("criteria", 1), f"the skill has {len(top['criteria'])} criteria; give 3 to 6")
        exercises = []
        for raw in top["exercises"]:
            line = raw["line"]
            if raw["id"] in seen_ids:
                log.add(where, line, f"exercise id '{raw['id']}' is already used in {seen_ids[raw['id']]}; ids must be unique across the studio")
            seen_ids[raw["id"]] = f"{where}:{line}"
            levels = []
            for name in LEVELS:
                level = (raw["levels"] or {}).get(name)
                if not level:
                    continue
                models = [Model(m["stance"], m["response"], m["strengths"], m["risks"]) for m in level["models"]]
                if not 2 <= len(models) <= 3:
                    log.add(where, level.get("line", line) if isinstance(level, dict) else line,
                            f"exercise '{raw['id']}' ({name}) has {len(models)} model responses; give 2 or 3")
                if not level["unhelpful"]:
                    log.add(where, line, f"exercise '{raw['id']}' ({name}) has no unhelpful response; add one under unhelpful:")
                for text, what in [(level["client"], "client statement"), *((m.response, "model response") for m in models)]:
                    key = " ".join(text.lower().split())
                    if key and key in seen_text:
                        log.add(where, line, f"exercise '{raw['id']}' repeats a {what} already used at {seen_text[key]}; write a new one")
                    elif key:
                        seen_text[key] = f"{where}:{line}"
                levels.append(Level(name, level["client"], models, [(u["response"], u["why"]) for u in level["unhelpful"]]))
            exercises.append(Exercise(raw["id"], raw["title"], raw["context"], levels, top["skill"], line))
        studio.skills[top["skill"] or path.stem] = Skill(
            top["skill"] or path.stem, top["title"], top["chapters"], top["summary"], top["criteria"],
            top["classroom"], top["safety"], exercises, where,
        )
    return studio


# Rendering ---------------------------------------------------------------------------------------

_e = html.escape


def render_exercise(ex: Exercise, skill: Skill, md, href: str = "") -> str:
    """One exercise: context, the level chooser, the client's line per level, the reader's box,
    and the models, unhelpful responses and checklist behind "Compare with the models"."""
    xid = f"practice-{ex.id}"
    panels = []
    for level in ex.levels:
        pid = f"{xid}-{level.name}"
        models = "".join(
            f'<li class="practice__model"><p class="practice__stance"><strong>{md.inline(m.stance)}</strong></p>'
            f'<blockquote class="practice__said"><p>{md.inline(m.response)}</p></blockquote>'
            f'<p><strong>What it does well:</strong> {md.inline(m.strengths)}</p>'
            f'<p><strong>What it risks:</strong> {md.inline(m.risks)}</p></li>'
            for m in level.models
        )
        unhelpful = "".join(
            f'<li class="practice__unhelpful"><blockquote class="practice__said"><p>{md.inline(r)}</p></blockquote>'
            f'<p><strong>Why it misses:</strong> {md.inline(w)}</p></li>'
            for r, w in level.unhelpful
        )
        checks = "".join(
            f'<li><input type="checkbox" id="{pid}-check-{n}" data-check="{n}">'
            f'<label for="{pid}-check-{n}">{md.inline(c)}</label></li>'
            for n, c in enumerate(skill.criteria)
        )
        opened = " open" if level.name == "mild" else ""
        panels.append(
            f'<details class="practice__level" data-level="{level.name}" id="{pid}"{opened}>\n'
            f'<summary class="practice__level-title">{LEVEL_NAMES[level.name]} version</summary>\n'
            f'<p class="practice__client"><span class="practice__who">The client says:</span> '
            f'<q>{md.inline(level.client)}</q></p>\n'
            f'<div class="practice__editor js-only" data-editor>\n'
            f'<label class="practice__label" for="{pid}-text">What would you say? ({LEVEL_NAMES[level.name].lower()} version)</label>\n'
            f'<textarea id="{pid}-text" class="practice__text" rows="4" data-text></textarea>\n'
            f'<p class="practice__meta"><span data-status role="status" aria-live="polite"></span></p>\n'
            f"</div>\n"
            f'<details class="practice__compare" data-compare>\n<summary>Compare with model responses</summary>\n'
            f'<h5>Model responses</h5>\n<ul class="practice__models">{models}</ul>\n'
            f'<h5>A response that misses</h5>\n<ul class="practice__misses">{unhelpful}</ul>\n'
            f'<fieldset class="practice__rating"><legend>Rate your response: it…</legend><ul>{checks}</ul></fieldset>\n'
            f"</details>\n"
            # Outside the comparison, so a returning reader sees their rating without reopening it.
            f'<p class="practice__rated" data-rated role="status" aria-live="polite"></p>\n'
            f"</details>"
        )
    back = f' <a class="practice__studio-link" href="{_e(href)}">More in the practice studio</a>' if href else ""
    return (
        f'<section class="practice" id="{xid}" data-practice="{_e(ex.id)}" data-skill="{_e(skill.id)}" '
        f'aria-label="Practice: {_e(ex.title)} ({_e(skill.title.lower())})" data-search-exclude>\n'
        f'<h3 class="practice__title" id="{xid}-title">Practice: {md.inline(ex.title)}</h3>\n'
        f'<p class="practice__context"><span class="practice__fictional">Fictional client.</span> {md.inline(ex.context)}</p>\n'
        f'<p class="practice__nojs">Saving your response needs JavaScript; you can still write it down, then open the comparison.</p>\n'
        + "\n".join(panels)
        + f"{back}\n</section>"
    )


def render_skill(skill: Skill, md, studio_href: str = "", chapter_href=None, limit: int | None = None) -> str:
    """A skill's practice set: what the skill is, then its exercises (all, or the first ``limit``)."""
    exercises = skill.exercises if limit is None else skill.exercises[:limit]
    crisis = CRISIS_BOX if skill.safety else ""
    body = "\n".join(render_exercise(ex, skill, md, studio_href if limit else "") for ex in exercises)
    more = ""
    if limit is not None and len(skill.exercises) > limit and studio_href:
        more = (f'<p class="practice__more"><a href="{_e(studio_href)}">All {len(skill.exercises)} exercises on '
                f'{_e(skill.title.lower())} in the practice studio</a></p>')
    return (
        f'<div class="practice-set" data-practice-set="{_e(skill.id)}">\n{crisis}'
        f'<div class="practice-set__summary">{md.block(skill.summary)}</div>\n{body}\n{more}\n</div>'
    )


CRISIS_BOX = (
    '<div class="admonition crisis" role="note">\n<p class="admonition-title">If you or someone you know is in crisis</p>\n'
    "<p>These exercises are about clinical conversations with fictional clients. If you are having thoughts of suicide, "
    "or are worried about someone, talk to someone now: in the United States call or text 988 (Suicide &amp; Crisis Lifeline), "
    "in Canada call or text 9-8-8, in the UK and Ireland call Samaritans on 116 123; elsewhere find a line at "
    "findahelpline.com. In an emergency, call your local emergency number.</p>\n</div>\n"
)


def _check_practice_marker(marker, page, build) -> None:
    for arg in marker.args:
        if arg not in build.practice.skills and build.practice.exercise(arg) is None:
            known = ", ".join(sorted(build.practice.skills)) or "none"
            build.log.add(page.path, marker.line, f"practice marker names '{arg}', which is neither a skill nor an exercise; skills: {known}")
        build.place(f"practice:{arg}", page, marker.line, unique=False)


def _render_practice(marker, ctx) -> str:
    studio = ctx.build.practice
    href = ctx.url("practice-studio")
    parts = []
    for arg in marker.args:
        if arg in studio.skills:
            parts.append(render_skill(studio.skills[arg], ctx.md, href, limit=2))
        else:
            ex = studio.exercise(arg)
            parts.append(render_exercise(ex, studio.skills[ex.skill], ctx.md, href))
    return "\n".join(parts)


def _render_studio(marker, ctx) -> str:
    studio = ctx.build.practice
    sections = []
    for skill in sorted(studio.skills.values(), key=lambda s: (s.chapters[0] if s.chapters else 99, s.title)):
        chapters = ", ".join(
            f'<a href="{_e(ctx.chapter_url(b.name))}">Chapter {b.chapter}</a>'
            for n in skill.chapters for b in ctx.library.banks.values() if b.chapter == n and ctx.chapter_url(b.name)
        )
        sections.append(
            f"\n\n## {_md_heading(skill.title)} {{#skill-{skill.id}}}\n\n"
            f'<p class="practice-skill__meta">Taught in {chapters or "the book"} · {len(skill.exercises)} exercises, each at three levels</p>\n'
            + render_skill(skill, ctx.md)
        )
    return "\n".join(sections)


def _md_heading(text: str) -> str:
    import re

    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)


def _render_classroom(marker, ctx) -> str:
    """For instructors: each skill with its criteria and how to use it in class."""
    studio = ctx.build.practice
    href = ctx.url("practice-studio")
    parts = []
    for skill in sorted(studio.skills.values(), key=lambda s: (s.chapters[0] if s.chapters else 99, s.title)):
        criteria = "".join(f"<li>{ctx.md.inline(c)}</li>" for c in skill.criteria)
        chapters = ", ".join(str(n) for n in skill.chapters)
        parts.append(
            f"\n\n## {_md_heading(skill.title)} {{#class-{skill.id}}}\n\n"
            f'<p class="practice-skill__meta">Chapters {chapters} · {len(skill.exercises)} exercises at three levels · '
            f'<a href="{_e(href)}#skill-{_e(skill.id)}">Open them in the studio</a></p>\n'
            f"<p><strong>Criteria students rate themselves on:</strong></p>\n<ul>{criteria}</ul>\n"
            f'<div class="practice-classroom">{ctx.md.block(skill.classroom)}</div>'
        )
    return "\n".join(parts)


MARKERS = [
    MarkerKind("practice-classroom", "none", "", _render_classroom, per_book=True,
               help="For instructors: how to use each skill's exercises in class."),
    MarkerKind("practice", "some", "withdrawal-repair", _render_practice, _check_practice_marker,
               help="A chapter's practice set: skill ids (their first exercises) or exercise ids."),
    MarkerKind("practice-studio", "none", "", _render_studio, per_book=True,
               help="The practice studio: every skill and exercise."),
]
