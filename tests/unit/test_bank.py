"""The chapter bank model: valid banks load; every authoring mistake gets an exact message."""

from __future__ import annotations

import textwrap

import pytest

from textbook.bank import load_bank, load_library
from textbook.errors import ErrorLog

HEAD = """\
chapter: 1
title: A chapter
objectives:
  - id: o1
    text: Do a thing.
questions:
"""  # the first question starts on line 7

GOOD_SINGLE = """\
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
    explanation: See [@Bordin1979].
"""


def load(tmp_path, text: str, name: str = "01-test.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    log = ErrorLog()
    bank = load_bank(path, f"quizzes/{name}", log)
    return bank, [str(e) for e in sorted(log.errors)]


def test_a_valid_bank_loads_with_defaults(tmp_path):
    bank, errors = load(tmp_path, HEAD + GOOD_SINGLE)
    assert errors == []
    question = bank.questions[0]
    assert (bank.name, bank.chapter, question.id, question.shuffle, question.line) == ("01-test", 1, "q1", True, 7)
    assert [o["correct"] for o in question.body["options"]] == [True, False]
    assert bank.reflections == [] and bank.terms == []


def test_the_version_changes_when_the_question_changes(tmp_path):
    first, _ = load(tmp_path, HEAD + GOOD_SINGLE)
    second, _ = load(tmp_path, HEAD + GOOD_SINGLE.replace("prompt: Which?", "prompt: Which one?"))
    same, _ = load(tmp_path, HEAD + GOOD_SINGLE.replace("See [@Bordin1979].", "See also [@Bordin1979]."))
    assert first.questions[0].version != second.questions[0].version
    assert first.questions[0].version == same.questions[0].version  # explanations may be edited freely


def q(body: str) -> str:
    """A bank whose only question is ``body`` (starting on line 7)."""
    return HEAD + textwrap.indent(textwrap.dedent(body), "  ")


CASES = {
    "yaml syntax": (
        "chapter: 1\ntitle: [unclosed\n",
        ["quizzes/01-test.yml:3: YAML syntax error: did not find expected ',' or ']'; fix the YAML syntax"],
    ),
    "duplicate key": (
        "chapter: 1\nchapter: 2\n",
        ["quizzes/01-test.yml:2: duplicate key 'chapter'; remove one of them"],
    ),
    "unknown type": (
        q("- id: q1\n  type: singel\n  objectives: [o1]\n  prompt: P\n  explanation: E\n"),
        ["quizzes/01-test.yml:8: question 'q1' has unknown type 'singel'; did you mean 'single'?"],
    ),
    "misspelt key": (
        q("""\
        - id: q1
          type: single
          objectives: [o1]
          prompt: P
          options:
            - text: A
              corect: true
              feedback: F
            - text: B
              feedback: F
          explanation: E
        """),
        [
            "quizzes/01-test.yml:7: question 'q1' has no correct option; mark one option with correct: true",
            "quizzes/01-test.yml:13: question 'q1' 'options' item 1 has an unknown key 'corect'; did you mean 'correct'?",
        ],
    ),
    "empty prompt": (
        q(GOOD_SINGLE.replace("prompt: Which?", "prompt: ''").replace("  - id", "- id", 1).replace("\n    ", "\n  ")),
        ["quizzes/01-test.yml:10: question 'q1' 'prompt' is empty; write the text or remove the key"],
    ),
    "empty option": (
        q("""\
        - id: q1
          type: single
          objectives: [o1]
          prompt: P
          options:
            - text: ' '
              correct: true
              feedback: F
            - text: B
              feedback: F
          explanation: E
        """),
        ["quizzes/01-test.yml:12: question 'q1' 'options' item 1 'text' is empty; write the text or remove the key"],
    ),
    "single without correct": (
        q("""\
        - id: q1
          type: single
          objectives: [o1]
          prompt: P
          options:
            - text: A
              feedback: F
            - text: B
              feedback: F
          explanation: E
        """),
        ["quizzes/01-test.yml:7: question 'q1' has no correct option; mark one option with correct: true"],
    ),
    "single with two correct": (
        q("""\
        - id: q1
          type: single
          objectives: [o1]
          prompt: P
          options:
            - text: A
              correct: true
              feedback: F
            - text: B
              correct: true
              feedback: F
          explanation: E
        """),
        ["quizzes/01-test.yml:7: question 'q1' is single choice but has 2 correct options; mark exactly one, or use type: multiple"],
    ),
    "multiple without correct": (
        q("""\
        - id: q1
          type: multiple
          objectives: [o1]
          prompt: P
          options:
            - text: A
              feedback: F
            - text: B
              feedback: F
          explanation: E
        """),
        ["quizzes/01-test.yml:7: question 'q1' has no correct option; mark one option with correct: true"],
    ),
    "option without feedback": (
        q("""\
        - id: q1
          type: multiple
          objectives: [o1]
          prompt: P
          options:
            - text: A
              correct: true
            - text: B
              feedback: F
          explanation: E
        """),
        ["quizzes/01-test.yml:12: question 'q1' 'options' item 1 has no 'feedback'; add feedback: (Why this option is right or wrong.)"],
    ),
    "fill without answers": (
        q("""\
        - id: q1
          type: fill
          objectives: [o1]
          prompt: P
          feedback_correct: F
          feedback_incorrect: F
          explanation: E
        """),
        ["quizzes/01-test.yml:7: question 'q1' has no accepted answer; add answers: or pattern:"],
    ),
    "fill with invalid pattern": (
        q("""\
        - id: q1
          type: fill
          objectives: [o1]
          prompt: P
          pattern: '(bond'
          feedback_correct: F
          feedback_incorrect: F
          explanation: E
        """),
        ["quizzes/01-test.yml:7: question 'q1' has a pattern the quiz cannot use: missing ), unterminated subpattern at position 0; fix the regular expression"],
    ),
    "order with one item": (
        q("""\
        - id: q1
          type: order
          objectives: [o1]
          prompt: P
          items: [only]
          feedback_correct: F
          feedback_incorrect: F
          explanation: E
        """),
        ["quizzes/01-test.yml:7: question 'q1' has fewer than two items to order; add items"],
    ),
    "order with duplicates": (
        q("""\
        - id: q1
          type: order
          objectives: [o1]
          prompt: P
          items: [one, two, one]
          feedback_correct: F
          feedback_incorrect: F
          explanation: E
        """),
        ["quizzes/01-test.yml:7: question 'q1' lists the item 'one' twice; each item must be different"],
    ),
    "match item without partner": (
        q("""\
        - id: q1
          type: match
          objectives: [o1]
          prompt: P
          pairs:
            - item: Working alliance
              feedback: F
            - item: Helping alliance
              match: Luborsky
              feedback: F
          explanation: E
        """),
        ["quizzes/01-test.yml:12: question 'q1' 'pairs' item 1 has no 'match'; add match: (Its partner.)"],
    ),
    "classify with unknown category": (
        q("""\
        - id: q1
          type: classify
          objectives: [o1]
          prompt: P
          categories: [Withdrawal, Confrontation]
          items:
            - text: '"Whatever."'
              category: Withdrawl
              feedback: F
            - text: '"This is useless."'
              category: Confrontation
              feedback: F
          explanation: E
        """),
        ["quizzes/01-test.yml:13: question 'q1' puts '\"Whatever.\"' in unknown category 'Withdrawl'; use one of: Withdrawal, Confrontation"],
    ),
    "unknown objective": (
        q(GOOD_SINGLE.replace("[o1]", "[o2]").replace("  - id", "- id", 1).replace("\n    ", "\n  ")),
        ["quizzes/01-test.yml:9: question 'q1' tests unknown objective 'o2'; objectives of this bank: o1"],
    ),
    "missing explanation": (
        q(GOOD_SINGLE.replace("    explanation: See [@Bordin1979].\n", "").replace("  - id", "- id", 1).replace("\n    ", "\n  ")),
        ["quizzes/01-test.yml:7: question 'q1' has no 'explanation'; add explanation: (Shown after checking; cite your sources.)"],
    ),
    "true/false answer not boolean": (
        q("""\
        - id: q1
          type: truefalse
          objectives: [o1]
          prompt: P
          answer: maybe
          feedback_true: F
          feedback_false: F
          explanation: E
        """),
        ["quizzes/01-test.yml:11: question 'q1' 'answer' must be true or false, not 'maybe'"],
    ),
    "bad id characters": (
        q(GOOD_SINGLE.replace("id: q1", "id: q 1").replace("  - id", "- id", 1).replace("\n    ", "\n  ")),
        ["quizzes/01-test.yml:7: question 'q 1' 'id' 'q 1' may contain only letters, digits, '-' and '_'"],
    ),
    "yes is not a boolean": (
        q("""\
        - id: q1
          type: single
          objectives: [o1]
          prompt: P
          options:
            - text: Yes
              correct: yes
              feedback: F
            - text: B
              feedback: F
          explanation: E
        """),
        [
            "quizzes/01-test.yml:7: question 'q1' has no correct option; mark one option with correct: true",
            "quizzes/01-test.yml:13: question 'q1' 'options' item 1 'correct' must be true or false, not 'yes'",
        ],
    ),
    "unknown top-level key": (
        "chapter: 1\ntitle: T\nobjectives: []\nquizes: []\n",
        ["quizzes/01-test.yml:4: the bank has an unknown key 'quizes'; allowed keys: chapter, title, objectives, terms, questions, reflections, instructor"],
    ),
    "reflection without prompt": (
        "chapter: 1\ntitle: T\nobjectives: []\nreflections:\n  - id: r1\n    title: A title\n",
        ["quizzes/01-test.yml:5: the bank 'reflections' item 1 has no 'prompt'; add prompt: (The prompt (Markdown; citations allowed).)"],
    ),
    "duplicate objective": (
        "chapter: 1\ntitle: T\nobjectives:\n  - id: o1\n    text: A\n  - id: o1\n    text: B\n",
        ["quizzes/01-test.yml:6: objective 'o1' is defined twice (first on line 4); give each a unique id"],
    ),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_authoring_mistakes_are_reported_exactly(tmp_path, text, expected):
    _, errors = load(tmp_path, text)
    assert errors == expected


def test_duplicate_ids_across_the_book_are_reported_with_both_places(tmp_path):
    (tmp_path / "01-a.yml").write_text(HEAD + GOOD_SINGLE, encoding="utf-8")
    (tmp_path / "02-b.yml").write_text(HEAD + GOOD_SINGLE, encoding="utf-8")
    log = ErrorLog()
    load_library(tmp_path, "quizzes", log)
    assert [str(e) for e in log.errors] == [
        "quizzes/02-b.yml:7: question id 'q1' is already used at quizzes/01-a.yml:7; ids must be unique across the book"
    ]


def test_every_mistake_of_a_file_is_reported_together(tmp_path):
    text = q("""\
    - id: q1
      type: single
      objectives: [o1]
      prompt: ''
      options:
        - text: A
          feedback: F
      explanation: E
    """)
    _, errors = load(tmp_path, text)
    assert len(errors) == 3  # empty prompt, fewer than two options, no correct option


def test_a_long_file_written_out_in_full_is_not_an_alias_bomb():
    """The alias guard counts only what aliases add: 5,000 questions written out load, with or without a small alias."""
    from textbook.yamlsource import YAMLSyntaxError, load

    long = "questions:\n" + "".join(f"  - id: q{i}\n    prompt: Question {i}\n    options: [a, b, c]\n" for i in range(5000))
    assert len(load(long)["questions"]) == 5000
    assert len(load("shared: &s [x, y]\n" + long + "  - id: last\n    options: *s\n")["questions"]) == 5001
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    with pytest.raises(YAMLSyntaxError, match="through aliases"):
        load(long + bomb.replace("\n", "\n"))
