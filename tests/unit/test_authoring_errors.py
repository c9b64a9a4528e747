"""Every authoring mistake stops the build with `path:line: what is wrong; what to do`.

A table of malformed and hostile inputs (banks, pages, bibliography, register, figures,
practice exercises), each run through the same Build the hooks use, without MkDocs, and each
asserting the exact messages. No input may raise anything but AuthoringErrors.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
import time
from pathlib import Path

import markdown
import pytest

from textbook import citations as cites
from textbook.build import AuthoringErrors, Build, Page

BIB = r"""
@article{Bordin1979,
  author  = {Bordin, Edward S.},
  title   = {The Generalizability of the Psychoanalytic Concept of the Working Alliance},
  journal = {Psychotherapy: Theory, Research \& Practice},
  year    = {1979},
  volume  = {16},
  number  = {3},
  pages   = {252--260},
  doi     = {10.1037/h0085885}
}

@book{SafranMuran2000,
  author    = {Safran, Jeremy D. and Muran, J. Christopher},
  title     = {Negotiating the Therapeutic Alliance: A Relational Treatment Guide},
  publisher = {Guilford Press},
  year      = {2000}
}

@book{AllianceTextbook,
  editor    = {Example, Editor},
  title     = {The Therapeutic Alliance: An Interactive Textbook},
  year      = {2026},
  publisher = {The Therapeutic Alliance Textbook Project}
}
"""

BANK = """\
chapter: 1
title: A chapter
objectives:
  - id: o1
    text: Do a thing.
terms:
  - term: bond
    definition: The affective side of the alliance [@Bordin1979].
questions:
  - id: q1
    type: single
    objectives: [o1]
    prompt: Which?
    options:
      - text: A
        correct: true
        feedback: Because.
      - text: B
        feedback: Because not.
        section: why-a
    explanation: See [@Bordin1979].
reflections:
  - id: r1
    title: A title
    prompt: Think about it.
"""

PAGE = """\
# 1. A chapter

<!-- reading-time -->

Why A is right, as @Bordin1979 argued.
{: #why-a }

<!-- quiz: 01-a -->

<!-- reflection: r1 -->

## References

<!-- references -->
"""

REGISTER = """\
sources:
  - key: Bordin1979
    facts:
      - {metric: r, value: ".28", about: "an example", where: "abstract", checked: "seen"}
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 200"><rect class="fig-t1" x="10" y="10" width="100" height="50"/><text x="20" y="40">Bond</text></svg>'

FIGURES = """\
figures:
  - id: first
    kind: concept
    file: first.svg
    caption: The first figure.
    alt: A box labelled bond.
"""

SKILL = """\
skill: reflect
title: Reflecting
chapters: [1]
summary: What reflecting is.
criteria: [Names the feeling, Checks it, Stays brief]
classroom: Pairs role-play.
exercises:
  - id: reflect-01
    title: One
    context: Ana, session 2, has just sighed.
    levels:
      mild:
        client: "I'm fine."
        models:
          - {stance: Reflect, response: "You sound tired.", strengths: Names it., risks: Could be wrong.}
          - {stance: Ask, response: "How are you, really?", strengths: Opens., risks: Vague.}
        unhelpful:
          - {response: "Good!", why: Misses it.}
      moderate:
        client: "I'm fine, honestly."
        models:
          - {stance: Reflect, response: "You say fine, but your voice is low.", strengths: Gentle., risks: Could feel caught.}
          - {stance: Ask, response: "What would honest look like today?", strengths: Curious., risks: Clever.}
        unhelpful:
          - {response: "Great, let's start.", why: Rushes.}
      hard:
        client: "I said I'm fine. Drop it."
        models:
          - {stance: Respect, response: "All right. I'm here if that changes.", strengths: Respects., risks: Lets it go.}
          - {stance: Name, response: "I hear you want me to leave it.", strengths: Names the wish., risks: Pushes.}
        unhelpful:
          - {response: "You are clearly not fine.", why: Argues.}
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return make_base(tmp_path_factory.mktemp("book"))


def make_base(root: Path) -> Path:
    """A tiny valid book: one bank, one chapter page, a register, a figure, a skill."""
    (root / "quizzes").mkdir()
    (root / "quizzes" / "01-a.yml").write_text(BANK, encoding="utf-8")
    (root / "references.bib").write_text(BIB, encoding="utf-8")
    (root / "research" / "evidence").mkdir(parents=True)
    (root / "research" / "evidence" / "book.yml").write_text(REGISTER, encoding="utf-8")
    (root / "figures" / "01-a").mkdir(parents=True)
    (root / "figures" / "01-a" / "figures.yml").write_text(FIGURES, encoding="utf-8")
    (root / "figures" / "01-a" / "first.svg").write_text(SVG, encoding="utf-8")
    (root / "practice").mkdir()
    (root / "practice" / "reflect.yml").write_text(SKILL, encoding="utf-8")
    (root / "docs").mkdir()
    return root


EXTRA_PAGES = {
    "back/glossary.md": "# Glossary\n\n<!-- glossary -->\n",
    "back/practice.md": "# Practice\n\n<!-- practice-studio -->\n",
}
CHAPTER = "part-1/01-a.md"


def run(base: Path, tmp_path: Path, files: dict | None = None, pages: dict | None = None, page: str | None = None) -> list[str]:
    """Build a copy of the tiny book with `files` (path -> text or bytes, None deletes) changed
    and the chapter page replaced by `page`; return the authoring errors, or [] when it builds."""
    root = tmp_path / "book"
    shutil.copytree(base, root)
    for rel, content in (files or {}).items():
        target = root / rel
        if content is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    sources = {CHAPTER: PAGE.replace("<!-- reflection: r1 -->", "<!-- reflection: r1 -->\n\n<!-- figure: first -->") if page is None else page}
    sources.update(EXTRA_PAGES)
    sources.update(pages or {})
    build = Build(root, ["attr_list", "md_in_html", "admonition", "tables"], {})
    listed = {src: Page(src, text, lambda target, here=src: "../" + target.rsplit(".", 1)[0] + "/") for src, text in sources.items()}
    started = time.perf_counter()
    try:
        build.load()
        build.scan(list(listed.values()))
        for p in listed.values():
            html = markdown.markdown(build.markdown(p, p.content), extensions=["attr_list", "md_in_html", "admonition", "tables", "toc"])
            build.html(p, html)
        build.stop_if_errors()
    except AuthoringErrors as errors:
        return [str(e) for e in sorted(set(errors.log.errors))]
    finally:
        assert time.perf_counter() - started < 20, "an input made the build slow"
    return []


def q(body: str) -> str:
    """The bank with its question replaced by `body` (YAML, indented as a list item)."""
    head = BANK.split("questions:\n")[0] + "questions:\n"
    tail = "reflections:\n" + BANK.split("reflections:\n")[1]
    return head + textwrap.indent(textwrap.dedent(body), "  ") + tail


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi")
)
BANK_Q = "quizzes/01-a.yml"
DATA_FIGURE = """\
  - id: data
    kind: data
    chart: forest
    caption: Data.
    alt: One value.
    source: "[@Bordin1979]"
    axis: {label: "r", min: "0", max: ".5"}
    rows:
      - {label: "Bordin", key: Bordin1979, metric: r, value: ".30"}
"""

CASES = {
    # Banks: YAML that cannot be used ------------------------------------------------------
    "type is a list": ({BANK_Q: BANK.replace("type: single", "type: [single]")}, None,
                       ["quizzes/01-a.yml:11: question 'q1' has unknown type '['single']'; did you mean 'single'?"]),
    "type is a mapping": ({BANK_Q: BANK.replace("type: single", "type: {a: 1}")}, None,
                          ["quizzes/01-a.yml:11: question 'q1' has unknown type '{'a': 1}'; use one of: single, multiple, truefalse, fill, order, match, classify"]),
    "bank without objectives": ({BANK_Q: BANK.replace("objectives:\n  - id: o1\n    text: Do a thing.\n", "")}, None, [
        "quizzes/01-a.yml:1: the bank has no 'objectives'; add objectives: (The chapter's learning objectives.)",
        "quizzes/01-a.yml:9: question 'q1' tests unknown objective 'o1'; objectives of this bank: none defined",
    ]),
    "a byte that is not UTF-8": ({BANK_Q: BANK.encode("utf-8").replace(b"Which?", b"Which\xff?")}, None,
                                 ["quizzes/01-a.yml:13: the file is not UTF-8 text (byte 0xff); save it as UTF-8"]),
    "a NUL byte in a bank": ({BANK_Q: BANK.replace("Which?", "Which\x00?")}, None,
                             ["quizzes/01-a.yml:13: the file contains a NUL byte; remove it"]),
    "12:30 as a chapter number": ({BANK_Q: BANK.replace("chapter: 1", "chapter: 12:30")}, None,
                                  ["quizzes/01-a.yml:1: the bank 'chapter' must be a whole number, not '12:30'"]),
    "010 as a chapter number": ({BANK_Q: BANK.replace("chapter: 1", "chapter: 010")}, None,
                                ["quizzes/01-a.yml:1: the bank 'chapter' must be a whole number, not '010'"]),
    "a binary tag": ({BANK_Q: BANK.replace("prompt: Which?", "prompt: !!binary aGVsbG8=")}, None,
                     ["quizzes/01-a.yml:13: the tag '!!binary' is not allowed; write plain text (quote it if needed)"]),
    "a python tag": ({BANK_Q: BANK.replace("prompt: Which?", "prompt: !!python/object:os.system ls")}, None,
                     ["quizzes/01-a.yml:13: the tag '!!python/object:os.system' is not allowed; write plain text (quote it if needed)"]),
    "a local tag": ({BANK_Q: BANK.replace("prompt: Which?", "prompt: !secret Which?")}, None,
                    ["quizzes/01-a.yml:13: the tag '!secret' is not allowed; write plain text (quote it if needed)"]),
    "alias bomb as the chapter": ({BANK_Q: BOMB + BANK.replace("chapter: 1", "chapter: *i")}, None,
                                  ["quizzes/01-a.yml:5: this value expands to more than 20,000 values through aliases (*name); write it out without aliases"]),
    "alias bomb as an id": ({BANK_Q: BOMB + BANK.replace("id: q1", "id: *i")}, None,
                            ["quizzes/01-a.yml:5: this value expands to more than 20,000 values through aliases (*name); write it out without aliases"]),
    "alias bomb as a key": ({BANK_Q: BOMB + BANK + "? *i\n: x\n"}, None,
                            ["quizzes/01-a.yml:5: this value expands to more than 20,000 values through aliases (*name); write it out without aliases"]),
    "a list as a key": ({BANK_Q: BANK + "? [a, b]\n: x\n"}, None,
                        ["quizzes/01-a.yml:26: a key must be a single word or phrase, not a list or mapping"]),
    "duplicate key": ({BANK_Q: BANK.replace("title: A chapter", "title: A chapter\ntitle: Again")}, None,
                      ["quizzes/01-a.yml:3: duplicate key 'title'; remove one of them"]),
    "unclosed bracket": ({BANK_Q: BANK.replace("objectives: [o1]", "objectives: [o1")}, None,
                         ["quizzes/01-a.yml:13: YAML syntax error: did not find expected ',' or ']'; fix the YAML syntax"]),
    "yes for correct": ({BANK_Q: BANK.replace("correct: true", "correct: yes")}, None, [
        "quizzes/01-a.yml:10: question 'q1' has no correct option; mark one option with correct: true",
        "quizzes/01-a.yml:16: question 'q1' 'options' item 1 'correct' must be true or false, not 'yes'",
    ]),
    "shuffle as text": ({BANK_Q: BANK.replace("type: single", "type: single\n    shuffle: 'false'")}, None,
                        ["quizzes/01-a.yml:12: question 'q1' 'shuffle' must be true or false, not 'false'"]),
    "a question that is text": ({BANK_Q: q("- just a line\n")}, None,
                                ["quizzes/01-a.yml:10: each question must be a mapping with id, type, prompt, ..."]),
    "options that are not a list": ({BANK_Q: BANK.replace("    options:\n", "    options: many\n    old:\n")}, None, [
        "quizzes/01-a.yml:10: question 'q1' has fewer than two options; add options",
        "quizzes/01-a.yml:10: question 'q1' has no correct option; mark one option with correct: true",
        "quizzes/01-a.yml:14: question 'q1' 'options' must be a list",
        "quizzes/01-a.yml:15: question 'q1' has an unknown key 'old'; allowed keys: id, type, prompt, objectives, explanation, shuffle, section, options",
    ]),
    "an objective that is text": ({BANK_Q: BANK.replace("  - id: o1\n    text: Do a thing.\n", "  - Do a thing.\n")}, None, [
        "quizzes/01-a.yml:4: the bank 'objectives' item 1 must be a mapping of keys to values",
        "quizzes/01-a.yml:11: question 'q1' tests unknown objective 'o1'; objectives of this bank: none defined",
    ]),
    "a long value is shortened in messages": ({BANK_Q: BANK.replace("type: single", "type: " + "x" * 500)}, None,
                                              ["quizzes/01-a.yml:11: question 'q1' has unknown type '" + "x" * 59 + "…'; use one of: single, multiple, truefalse, fill, order, match, classify"]),
    # Fill-in patterns the browser cannot run ------------------------------------------------
    **{f"fill pattern {name}": ({BANK_Q: q(f"""\
        - id: q1
          type: fill
          objectives: [o1]
          prompt: Name it.
          pattern: '{pattern}'
          feedback_correct: R
          feedback_incorrect: W
          explanation: E [@Bordin1979].
        """)}, None, [f"quizzes/01-a.yml:10: question 'q1' has a pattern the quiz cannot use: {message}; fix the regular expression"])
        for name, pattern, message in [
            ("with a Python named group", "(?P<x>bond)", "'(?P<name>…)' is Python-only; write '(?<name>…)'"),
            ("with \\Z", "bond\\Z", "'\\Z' is Python-only; use ^ or $"),
            ("with a lone brace", "bo{nd", "a lone '{' must be escaped as \\{ in the browser"),
            ("with a possessive quantifier", "bo*+nd", "possessive quantifiers (*+, ++, ?+) are Python-only"),
            ("with inline flags", "(?i)bond", "'(?i…' (inline flags, comments, atomic or conditional groups) does not work in the browser"),
            ("with an escaped hyphen", "meta\\-communication", "'\\-' is not a valid escape in the browser; write the character without the backslash"),
            ("that does not compile", "(bond", "missing ), unterminated subpattern at position 0"),
            ("with a lone bracket", "bond]", "a lone ']' must be escaped as \\] in the browser"),
        ]},
    "fill answer that is only punctuation": ({BANK_Q: q("""\
        - id: q1
          type: fill
          objectives: [o1]
          prompt: Name it.
          answers: ['...']
          feedback_correct: R
          feedback_incorrect: W
          explanation: E [@Bordin1979].
        """)}, None, ["quizzes/01-a.yml:10: question 'q1' accepts '...', which is only punctuation once normalised; write the answer as words"]),
    # Terms ----------------------------------------------------------------------------------
    "a term on two lines": ({BANK_Q: BANK.replace("  - term: bond\n", '  - term: "bond\\n<script>alert(1)</script>"\n')}, None,
                            ["quizzes/01-a.yml:7: the term name 'bond <script>alert(1)</script>' spans lines; write it on one line"]),
    "a term with markup": ({BANK_Q: BANK.replace("  - term: bond\n", "  - term: <b>bond</b>\n")}, None,
                           ["quizzes/01-a.yml:7: the term name '<b>bond</b>' holds markup or a citation (<); write plain words and cite in the definition"]),
    "a term with a citation": ({BANK_Q: BANK.replace("  - term: bond\n", "  - term: bond [@Bordin1979]\n")}, None,
                               ["quizzes/01-a.yml:7: the term name 'bond [@Bordin1979]' holds markup or a citation ([); write plain words and cite in the definition"]),
    "two terms differing by case": ({BANK_Q: BANK.replace("questions:\n", "  - term: Bond\n    definition: Again.\nquestions:\n")}, None,
                                    ["quizzes/01-a.yml:9: the term 'Bond' differs only by case from 'bond' (quizzes/01-a.yml:7); use one term, or make one an alias of the other"]),
    "the same question id in two banks": ({"quizzes/02-b.yml": BANK.replace("chapter: 1", "chapter: 2").replace("- id: r1", "- id: r2").replace("term: bond", "term: tie")}, None,
                                          ["quizzes/02-b.yml:10: question id 'q1' is already used at quizzes/01-a.yml:10; ids must be unique across the book"]),
    # Text inside banks -------------------------------------------------------------------
    "a control character in a prompt": ({BANK_Q: BANK.replace("prompt: Which?", 'prompt: "Which\\u0007?"')}, None,
                                        ["quizzes/01-a.yml:10: the text contains a control character (such as NUL); remove it"]),
    "a footnote in an explanation": ({BANK_Q: BANK.replace("See [@Bordin1979].", "See [^1].")}, None,
                                     ["quizzes/01-a.yml:10: footnotes are not available in bank text; put the note in the explanation"]),
    "an empty citation part in a bank": ({BANK_Q: BANK.replace("See [@Bordin1979].", "See [@Bordin1979;].")}, None,
                                         ["quizzes/01-a.yml:10: the citation [@Bordin1979;] has an empty part; remove the extra ';'"]),
    "an unknown key in a bank": ({BANK_Q: BANK.replace("See [@Bordin1979].", "See [@Nobody2020].")}, None,
                                 ["quizzes/01-a.yml:10: unknown citation key 'Nobody2020'; add it to references.bib or fix the spelling"]),
    # Markers --------------------------------------------------------------------------------
    "a marker in capitals": (None, PAGE.replace("<!-- quiz: 01-a -->", "<!-- Quiz: 01-a -->"), [
        "docs/part-1/01-a.md:8: this comment looks like a 'quiz' marker but is not one (marker names are lower case); write <!-- quiz: 03-goals-tasks-bond --> alone on its line",
        "quizzes/01-a.yml:23: reflection 'r1' is not placed on any page; add <!-- reflection: r1 --> to the chapter",
    ][:1] + ["figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter"]),
    "a marker without its colon": (None, PAGE.replace("<!-- quiz: 01-a -->", "<!-- quiz 01-a -->"), [
        "docs/part-1/01-a.md:8: this comment looks like a 'quiz' marker but is not one (a colon must follow the marker's name); write <!-- quiz: 03-goals-tasks-bond --> alone on its line",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "a marker sharing its line": (None, PAGE.replace("<!-- quiz: 01-a -->", "Here: <!-- quiz: 01-a -->"), [
        "docs/part-1/01-a.md:8: this comment looks like a 'quiz' marker but is not one (a marker must be alone on its line); write <!-- quiz: 03-goals-tasks-bond --> alone on its line",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "a marker over two lines": (None, PAGE.replace("<!-- quiz: 01-a -->", "<!-- quiz:\n01-a -->"), [
        "docs/part-1/01-a.md:8: this comment looks like a 'quiz' marker but is not one (a marker must fit on one line); write <!-- quiz: 03-goals-tasks-bond --> alone on its line",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "a marker without its argument": (None, PAGE + "\n<!-- reflection: -->\n", [
        "docs/part-1/01-a.md:16: marker 'reflection' needs an argument, e.g. <!-- reflection: ch01-first-helper -->",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "an argument where none is taken": (None, PAGE.replace("<!-- reading-time -->", "<!-- reading-time: 5 -->"), [
        "docs/part-1/01-a.md:3: marker 'reading-time' takes no argument; write <!-- reading-time -->",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "two arguments where one is taken": (None, PAGE.replace("<!-- reflection: r1 -->", "<!-- reflection: r1 r2 -->"), [
        "docs/part-1/01-a.md:10: marker 'reflection' takes one argument, not 2; e.g. <!-- reflection: ch01-first-helper -->",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
        "quizzes/01-a.yml:23: reflection 'r1' is not placed on any page; add <!-- reflection: r1 --> to the chapter",
    ]),
    "an argument that is not a name": (None, PAGE.replace("<!-- quiz: 01-a -->", "<!-- quiz: 01-a <b> -->"), [
        "docs/part-1/01-a.md:8: marker 'quiz' has an argument '<b>' that is not a name (letters, digits, '-', '_', '.')",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "a misspelt marker": (None, PAGE.replace("<!-- quiz: 01-a -->", "<!-- quizz: 01-a -->"), [
        "docs/part-1/01-a.md:8: unknown marker 'quizz'; did you mean 'quiz'?",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "a quiz from an unknown bank": (None, PAGE.replace("<!-- quiz: 01-a -->", "<!-- quiz: 09-z -->"), [
        "docs/part-1/01-a.md:8: quiz marker names unknown bank '09-z'; banks in quizzes/: 01-a",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "a quiz with an unknown question": (None, PAGE.replace("<!-- quiz: 01-a -->", "<!-- quiz: 01-a q1 q9 -->"), [
        "docs/part-1/01-a.md:8: quiz marker names unknown question 'q9' in bank '01-a'",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "the same quiz twice on a page": (None, PAGE + "\n<!-- quiz: 01-a -->\n", [
        "docs/part-1/01-a.md:16: '<!-- quiz: 01-a -->' is already on this page (line 8); place it once",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "a question twice on a page": (None, PAGE + "\n<!-- quiz: 01-a q1 -->\n", [
        "docs/part-1/01-a.md:16: question 'q1' is already in a quiz on this page (line 8); a question can appear once per page",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "a reflection placed twice": (None, None, [
        "docs/back/other.md:1: 'r1' is already placed in docs/part-1/01-a.md (line 10); place it once in the book",
    ]),
    "a reflection nowhere": (None, PAGE.replace("<!-- reflection: r1 -->", "<!-- figure: first -->"), [
        "quizzes/01-a.yml:23: reflection 'r1' is not placed on any page; add <!-- reflection: r1 --> to the chapter",
    ]),
    "the glossary on two pages": (None, None, [
        "docs/back/other.md:1: 'glossary' is already placed in docs/back/glossary.md (line 3); place it once in the book",
    ]),
    "a figure that does not exist": (None, PAGE.replace("<!-- reflection: r1 -->", "<!-- reflection: r1 -->\n\n<!-- figure: first -->\n\n<!-- figure: nothing -->"), [
        "docs/part-1/01-a.md:14: figure marker names unknown figure 'nothing'; list it in figures/<chapter>/figures.yml",
    ]),
    "a figure reference that does not exist": (None, PAGE.replace("as @Bordin1979 argued", "as @fig:frist shows"), [
        "docs/part-1/01-a.md:5: @fig:frist refers to no figure; did you mean 'first'?",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    # Citations in pages ------------------------------------------------------------------------
    **{f"citation {name}": (None, PAGE.replace("as @Bordin1979 argued.", text), [msg, "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter"])
       for name, text, msg in [
           ("with an empty part", "as [@Bordin1979;] argued.", "docs/part-1/01-a.md:5: the citation [@Bordin1979;] has an empty part; remove the extra ';'"),
           ("with no key", "as [@] argued.", "docs/part-1/01-a.md:5: the citation [@] has '@' without a key; write the key right after @, e.g. [@Bordin1979]"),
           ("never closed", "as [@Bordin1979 argued.", "docs/part-1/01-a.md:5: a citation opened with '[' is not closed; add ']' at its end, e.g. [@Key]"),
           ("inside a link", "as [see [@Bordin1979]](https://example.org) argued.", "docs/part-1/01-a.md:5: a citation cannot be the text of a link; cite outside the link: [text](url) [@Key]"),
           ("as a link", "as [@Bordin1979](https://example.org) argued.", "docs/part-1/01-a.md:5: a citation cannot be the text of a link; cite outside the link: [text](url) [@Key]"),
           ("with a part without key", "as [@Bordin1979; p. 3] argued.", "docs/part-1/01-a.md:5: each part of the citation [@Bordin1979; p. 3] needs an @key; write e.g. [@KeyA; @KeyB, p. 3]"),
           ("mixing a work and a figure", "as [@Bordin1979; @fig:first] argued.", "docs/part-1/01-a.md:5: the citation [@Bordin1979; @fig:first] mixes works and figures; cite them apart, e.g. [@Bordin1979] ([@fig:first])"),
           ("of an unknown work", "as @Nobody2020 argued.", "docs/part-1/01-a.md:5: unknown citation key 'Nobody2020'; add it to references.bib or fix the spelling"),
       ]},
    "a NUL byte in a page": (None, PAGE.replace("Why A", "Why\x00 A"), [
        "docs/part-1/01-a.md:5: the page contains a control character (such as NUL); remove it",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    **{f"a page with {name}": (None, PAGE.replace("<!-- reflection: r1 -->", "<!-- reflection: r1 -->\n\n<!-- figure: first -->\n\n" + html), [msg])
       for name, html, msg in [
           ("a script", "<script>alert(1)</script>", "docs/part-1/01-a.md:14: the page contains a <script> element; pages may not run author script: remove it"),
           ("an event handler", '<img src="x.png" alt="" onerror="alert(1)">', "docs/part-1/01-a.md:14: the page contains an event-handler attribute; pages may not run author script: remove it"),
           ("a javascript: link", '<a href="javascript:alert(1)">x</a>', "docs/part-1/01-a.md:14: the page contains a javascript: address; pages may not run author script: remove it"),
       ]},
    "a Re-read anchor that does not exist": ({BANK_Q: BANK.replace("section: why-a", "section: why-b")}, None, [
        "quizzes/01-a.yml:18: question 'q1' sends readers to '#why-b', which is not an anchor of docs/part-1/01-a.md; use a heading's id or add {: #why-b } after the paragraph",
    ]),
    # Bibliography ---------------------------------------------------------------------------
    "a bibliography that is not UTF-8": ({"references.bib": BIB.encode("utf-8").replace(b"Guilford", b"Guil\xe9ford")}, None,
                                         ["references.bib:16: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"]),
    "a NUL byte in the bibliography": ({"references.bib": BIB.replace("Guilford", "Guil\x00ford")}, None,
                                       ["references.bib:16: the file contains a NUL byte; remove it"]),
    "a duplicate key": ({"references.bib": BIB + BIB.split("@book{SafranMuran2000")[0]}, None,
                        ["references.bib:27: duplicate citation key 'Bordin1979' (first on line 2); rename or remove one entry"]),
    "an authorless article": ({"references.bib": BIB + "\n@article{Nobody2020,\n  title = {A Title},\n  journal = {J},\n  year = {2020},\n  doi = {10.1/x}\n}\n"}, None,
                              ["references.bib:27: entry 'Nobody2020' (article) has no author or editor, so it would be cited by its title; add author = {Family, Given and …} or remove the entry"]),
    "an article nobody can find": ({"references.bib": BIB + "\n@article{Lost2020,\n  author = {Lost, Lena},\n  title = {A Title},\n  journal = {J},\n  year = {2020}\n}\n"}, None,
                                   ["references.bib:27: journal article 'Lost2020' has neither a DOI nor volume and pages; add doi = {…}, or volume and pages (or, for an online-only article, its url)"]),
    "an unbraced acronym": ({"references.bib": BIB.replace("A Relational Treatment Guide", "A Guide to CAMS")}, None,
                            ["references.bib:15: 'CAMS' in the title of 'SafranMuran2000' is in capitals but not braced, so APA sentence case would lower it; write {CAMS}"]),
    "an unbraced name": ({"references.bib": BIB.replace("A Relational Treatment Guide", "After Bordin")}, None,
                         ["references.bib:15: 'Bordin' in the title of 'SafranMuran2000' is a proper noun but not braced, so APA sentence case would lower it; write {Bordin}"]),
    "an unbraced month": ({"references.bib": BIB.replace("A Relational Treatment Guide", "Amended June 1")}, None,
                          ["references.bib:15: 'June' in the title of 'SafranMuran2000' is a proper noun but not braced, so APA sentence case would lower it; write {June}"]),
    "a web page with no author": ({"references.bib": BIB + "\n@misc{Page2020,\n  title = {A Page},\n  url = {https://example.org}\n}\n"}, None,
                                  ["references.bib:27: web source 'Page2020' has no author or organisation; add author = {{Organisation Name}} (double braces for an organisation)"]),
    "one person spelt two ways": ({"references.bib": BIB + "\n@book{Safran2011,\n  author = {Safran, Jeremy},\n  title = {Another Book},\n  publisher = {P},\n  year = {2011}\n}\n"},
                                  PAGE.replace("as @Bordin1979 argued.", "as @Bordin1979 argued [@SafranMuran2000; @Safran2011]."), [
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "the book's own entry missing": ({"references.bib": BIB.split("@book{AllianceTextbook")[0]}, None,
                                     ["docs/back/about.md:3: the book's own entry 'AllianceTextbook' is not in references.bib; add @book{AllianceTextbook, …} with its editors or authors"]),
    "the book's own entry without an author": ({"references.bib": BIB.replace("  editor    = {Example, Editor},\n", "")}, None,
                                               ["references.bib:20: entry 'AllianceTextbook' (book) has no author or editor, so it would be cited by its title; add author = {Family, Given and …} or remove the entry"]),
    # The evidence register -----------------------------------------------------------------
    "a fact without its check": ({"research/evidence/book.yml": REGISTER.replace(', checked: "seen"', "")}, None,
                                 ["research/evidence/book.yml:4: fact of Bordin1979 has no 'checked'; every fact needs metric, value, about, where and checked"]),
    "an unknown metric": ({"research/evidence/book.yml": REGISTER.replace("metric: r,", "metric: rho,")}, None,
                          ["research/evidence/book.yml:4: unknown metric 'rho'; use one of: r, r², d, g, SMD, OR, ICC, α, I², p, CI, k, N, %, value"]),
    "a value that is not a number": ({"research/evidence/book.yml": REGISTER.replace('value: ".28"', 'value: "about .28"')}, None,
                                     ["research/evidence/book.yml:4: value 'about .28' is not a number; write it as printed, e.g. \".278\" or \"2,419\""]),
    "a statistic nobody registered": (None, PAGE.replace("as @Bordin1979 argued.", "as @Bordin1979 argued (r = .31)."), [
        "docs/part-1/01-a.md:5: 'r = .31' is not in the evidence register for a work cited nearby (cited nearby: Bordin1979); register it in research/evidence/, cite its source, or list it under illustrations:",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "a statistic without a citation": (None, PAGE.replace("as @Bordin1979 argued.", "argued long ago.\n\nAbout 24 studies agree.\n\nMore text."), [
        "docs/part-1/01-a.md:7: '24 (k)' is not in the evidence register for a work cited nearby (cited nearby: none); register it in research/evidence/, cite its source, or list it under illustrations:",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    # Figures -------------------------------------------------------------------------------
    "a figure folder that is not a chapter": ({"figures/99-z/figures.yml": FIGURES}, None,
                                              ["figures/99-z/figures.yml:1: the folder '99-z' is not a chapter; name it after the chapter's bank, e.g. 04-the-evidence"]),
    "a concept figure without its file": ({"figures/01-a/figures.yml": FIGURES.replace("    file: first.svg\n", "")}, None,
                                          ["figures/01-a/figures.yml:2: concept figure 'first' has no file; add file: first.svg (an SVG beside figures.yml)"]),
    "a figure file that is missing": ({"figures/01-a/figures.yml": FIGURES.replace("first.svg", "frist.svg")}, None,
                                      ["figures/01-a/figures.yml:2: figure 'first': the file 'frist.svg' is not in 01-a/; check the name"]),
    "a figure without alt text": ({"figures/01-a/figures.yml": FIGURES.replace("    alt: A box labelled bond.\n", "")}, None,
                                  ["figures/01-a/figures.yml:2: the figures file 'figures' item 1 has no 'alt'; add alt: (The point of the figure for someone who cannot see it (plain text).)"]),
    "a figure without caption": ({"figures/01-a/figures.yml": FIGURES.replace("    caption: The first figure.\n", "")}, None,
                                 ["figures/01-a/figures.yml:2: the figures file 'figures' item 1 has no 'caption'; add caption: (What to see, in a sentence or two (Markdown; citations allowed).)"]),
    "an SVG with a script": ({"figures/01-a/first.svg": SVG.replace("</svg>", "<script>alert(1)</script></svg>")}, None,
                             ["figures/01-a/first.svg:1: <script> is not allowed in a figure (no script, style, image, foreignObject or metadata); remove it"]),
    "an SVG with an event handler": ({"figures/01-a/first.svg": SVG.replace('x="10"', 'onclick="alert(1)" x="10"')}, None,
                                     ["figures/01-a/first.svg:1: the event attribute 'onclick' is not allowed in a figure; remove it"]),
    "an SVG with a colour": ({"figures/01-a/first.svg": SVG.replace('class="fig-t1"', 'fill="#ff0000"')}, None,
                             ["figures/01-a/first.svg:1: fill=\"#ff0000\": colours come from the fig-… classes (light and dark themes); use class=, currentColor or none"]),
    "an SVG with a style attribute": ({"figures/01-a/first.svg": SVG.replace('class="fig-t1"', 'style="fill:red"')}, None,
                                      ["figures/01-a/first.svg:1: style attributes are not allowed in a figure; use the fig-… classes of book.css (see figures/README.md)"]),
    "an SVG with an outside link": ({"figures/01-a/first.svg": SVG.replace("<text", '<use href="https://evil.example/x.svg#a"/><text')}, None,
                                    ["figures/01-a/first.svg:1: links in a figure may only point inside it (href=\"#id\")"]),
    "an SVG with an entity": ({"figures/01-a/first.svg": '<!DOCTYPE svg [<!ENTITY a "x">]>' + SVG}, None,
                              ["figures/01-a/first.svg:1: the SVG uses a forbidden XML feature (EntitiesForbidden); remove DOCTYPE and entities"]),
    "an SVG that is not XML": ({"figures/01-a/first.svg": SVG.replace("</svg>", "")}, None,
                               ["figures/01-a/first.svg:1: the SVG is not well-formed XML (no element found: line 1, column 153); fix it"]),
    "an SVG without viewBox": ({"figures/01-a/first.svg": SVG.replace(' viewBox="0 0 600 200"', "")}, None,
                               ["figures/01-a/first.svg:1: the <svg> has no viewBox; add viewBox=\"0 0 WIDTH HEIGHT\" so it scales"]),
    "an SVG too large": ({"figures/01-a/first.svg": SVG.replace("</svg>", "<g>" + '<rect x="1" y="1" width="1" height="1"/>' * 1200 + "</g></svg>")}, None,
                         ["figures/01-a/first.svg:1: the SVG weighs 48 KB; keep each figure under 40 KB (simplify paths, remove metadata)"]),
    "a figure id used twice": ({"figures/01-a/figures.yml": FIGURES + FIGURES.split("figures:\n")[1]}, None,
                               ["figures/01-a/figures.yml:7: figure id 'first' is already used by Figure 1.1 (figures/01-a/figures.yml:2); ids must be unique in the book"]),
    "a data figure drawing an unregistered value": ({"figures/01-a/figures.yml": FIGURES + DATA_FIGURE}, PAGE.replace(
        "<!-- reflection: r1 -->", "<!-- reflection: r1 -->\n\n<!-- figure: first -->\n\n<!-- figure: data -->"), [
        "figures/01-a/figures.yml:15: figure 'data' draws value 0.30 (r) of Bordin1979, which the evidence register does not list; register it in research/evidence/ or fix the value",
    ]),
    "figures placed out of order": ({"figures/01-a/figures.yml": FIGURES + FIGURES.split("figures:\n")[1].replace("id: first", "id: second")},
                                    PAGE.replace("<!-- reflection: r1 -->", "<!-- reflection: r1 -->\n\n<!-- figure: second -->\n\n<!-- figure: first -->"), [
        "docs/part-1/01-a.md:12: figure 'second' is Figure 1.2 but is placed out of order; place figures in the order of their figures.yml, or reorder it",
    ]),
    # Practice -------------------------------------------------------------------------------
    "a skill whose id is not its file name": ({"practice/reflect.yml": SKILL.replace("skill: reflect", "skill: reflecting")}, None,
                                              ["practice/reflect.yml:1: skill 'reflecting' must match its file name 'reflect'; rename one"]),
    "a level without an unhelpful response": ({"practice/reflect.yml": SKILL.replace("        unhelpful:\n          - {response: \"Good!\", why: Misses it.}\n", "        unhelpful: []\n")}, None,
                                              ["practice/reflect.yml:8: exercise 'reflect-01' (mild) has no unhelpful response; add one under unhelpful:"]),
    "a level with one model": ({"practice/reflect.yml": SKILL.replace('          - {stance: Ask, response: "How are you, really?", strengths: Opens., risks: Vague.}\n', "")}, None,
                               ["practice/reflect.yml:8: exercise 'reflect-01' (mild) has 1 model responses; give 2 or 3"]),
    "a client line used twice": ({"practice/reflect.yml": SKILL.replace('client: "I\'m fine, honestly."', 'client: "I\'m fine."')}, None,
                                 ["practice/reflect.yml:8: exercise 'reflect-01' repeats a client statement already used at practice/reflect.yml:8; write a new one"]),
    "a level missing": ({"practice/reflect.yml": SKILL.split("      moderate:")[0] + "      hard:" + SKILL.split("      hard:")[1]}, None,
                        ["practice/reflect.yml:11: the skill 'exercises' item 1 'levels' has no 'moderate'; add moderate: (The moderate version.)"]),
    "a practice marker for an unknown skill": (None, PAGE + "\n<!-- practice: listening -->\n", [
        "docs/part-1/01-a.md:16: practice marker names 'listening', which is neither a skill nor an exercise; skills: reflect",
        "figures/01-a/figures.yml:2: figure 'first' (Figure 1.1) is not placed; add <!-- figure: first --> to its chapter",
    ]),
    "practice text with a script": ({"practice/reflect.yml": SKILL.replace("What reflecting is.", "What <script>x</script> is.")}, None, []),
}

# Cases whose pages differ from the chapter alone.
PAGES = {
    "a reflection placed twice": {"back/other.md": "<!-- reflection: r1 -->\n"},
    "the glossary on two pages": {"back/other.md": "<!-- glossary -->\n"},
    "the book's own entry missing": {"back/about.md": "# About\n\n<!-- cite-this-book -->\n"},
    "the book's own entry without an author": {"back/about.md": "# About\n\n<!-- cite-this-book -->\n"},
}


@pytest.mark.parametrize("name", list(CASES), ids=list(CASES))
def test_authoring_mistakes_are_reported_exactly(base, tmp_path, name):
    files, page, expected = CASES[name]
    assert run(base, tmp_path, files, PAGES.get(name), page) == expected


def test_there_are_many_cases():
    assert len(CASES) >= 60


def test_the_tiny_book_builds(base, tmp_path):
    assert run(base, tmp_path) == []


def test_one_person_spelt_two_ways_prints_initials_and_is_refused(base, tmp_path):
    """citeproc disambiguates "Safran, Jeremy" from "Safran, Jeremy D." with initials; the build
    traces the initials in the rendered citations back to the entry."""
    bib = BIB + "\n@book{Safran2011,\n  author = {Safran, Jeremy},\n  title = {Another Book},\n  publisher = {P},\n  year = {2011}\n}\n"
    page = PAGE.replace("as @Bordin1979 argued.", "as @Bordin1979 argued [@SafranMuran2000; @Safran2011].").replace(
        "<!-- reflection: r1 -->", "<!-- reflection: r1 -->\n\n<!-- figure: first -->")
    assert run(base, tmp_path, {"references.bib": bib}, page=page) == [
        "references.bib:27: 'Safran, Jeremy' in 'Safran2011' is spelt 'Safran, Jeremy D.' elsewhere, so citeproc prints initials in citations ('J. Safran'); use one spelling for the same person, or, if they are different people, add @comment{different-people: Safran}",
    ]
    allowed = bib + "\n@comment{different-people: Safran}\n"
    assert run(base, tmp_path / "again", {"references.bib": allowed}, page=page) == []


def test_pandoc_missing_is_reported_not_raised(base, tmp_path, monkeypatch):
    def missing():
        raise OSError("pandoc not found")

    monkeypatch.setattr(cites, "pandoc_path", missing)
    assert run(base, tmp_path) == [
        "references.bib:1: pandoc is not available to read the bibliography (pandoc not found); install the book's requirements: pip install -r requirements.txt",
    ]


def test_pandoc_failing_shows_pandoc_own_message(base, tmp_path, monkeypatch):
    real = subprocess.run

    def failing(args, **kwargs):
        if "--citeproc" in args:
            return subprocess.CompletedProcess(args, 83, "", "Error running filter: citeproc exploded\n")
        return real(args, **kwargs)

    monkeypatch.setattr(cites.subprocess, "run", failing)
    assert run(base, tmp_path) == [
        "pandoc:1: citeproc failed while formatting the citations: Error running filter: citeproc exploded; fix what pandoc names, or reinstall pypandoc-binary",
    ]
