"""Fill-in answers: the one normalisation rule, and patterns that the browser can run.

``quiz.mjs`` checks fill-in answers in the browser, so what the build accepts must mean the
same thing there. ``normalise_answer`` has a line-for-line twin, ``normalise`` in ``quiz.mjs``;
both are tested with the same table (``tests/data/normalisation.json``). ``pattern_problem``
rejects what JavaScript's RegExp (with the ``iu`` flags the quiz uses) would reject or read
differently from Python.
"""

from __future__ import annotations

import re
import unicodedata

# Accents of Latin, Greek and Cyrillic letters (Unicode's combining diacritical mark blocks).
# Marks of other scripts (Devanagari vowel signs, Arabic harakat…) are part of the letter and stay.
_DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Punctuation a reader may type around an answer: full stops, commas, quotes, brackets.
_EDGE_PUNCTUATION = ".,;:!?¡¿\"'“”‘’«»()[]{}…"


def normalise_answer(text: str) -> str:
    """What fill-in answers are compared on.

    1. decompose (NFD); 2. drop Latin/Greek/Cyrillic accents; 3. lower case; 4. recompose (NFC);
    5. collapse runs of white space to one space; 6. trim white space and the punctuation in
    ``_EDGE_PUNCTUATION`` at both ends.
    """
    text = _DIACRITICS.sub("", unicodedata.normalize("NFD", text)).lower()
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return text.strip(_EDGE_PUNCTUATION + " ")


# Patterns ---------------------------------------------------------------------------------------

_SYNTAX = set("^$\\.*+?()[]{}|/")  # characters that may be escaped in a /u pattern
_CLASS_ESCAPES = set("dDwWsSbBfnrtv0") | {"-"}
_ATOM_ESCAPES = set("dDwWsSbBfnrtv0")
_GROUP_OPENERS = ("(?:", "(?=", "(?!", "(?<=", "(?<!")


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used in the browser, or None when it can.

    Checked against JavaScript's syntax with the ``u`` flag (the strict one the quiz uses) and
    against Python's, so that both read it the same way.
    """
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    i, n, in_class, names, atom = 0, len(pattern), False, set(), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                return "it ends with a lone backslash"
            e = pattern[i + 1]
            if e in "pP" and pattern.startswith("{", i + 2):
                close = pattern.find("}", i + 3)
                if close < 0:
                    return f"'\\{e}{{' is not closed"
                i, atom = close + 1, True
                continue
            if e == "x":
                if not re.fullmatch(r"[0-9A-Fa-f]{2}", pattern[i + 2 : i + 4]):
                    return "'\\x' needs two hex digits"
                i, atom = i + 4, True
                continue
            if e == "u":
                m = re.match(r"\{[0-9A-Fa-f]{1,6}\}|[0-9A-Fa-f]{4}", pattern[i + 2 :])
                if not m:
                    return "'\\u' needs four hex digits or {…}"
                i, atom = i + 2 + m.end(), True
                continue
            if e == "c":
                if not (i + 2 < n and pattern[i + 2].isascii() and pattern[i + 2].isalpha()):
                    return "'\\c' needs a letter"
                i, atom = i + 3, True
                continue
            if e == "k":
                m = re.match(r"<([A-Za-z_$][\w$]*)>", pattern[i + 2 :])
                if not m:
                    return "'\\k' needs a group name: \\k<name>"
                i, atom = i + 2 + m.end(), True
                continue
            if e.isdigit() and e != "0":
                i, atom = i + 2, True
                while i < n and pattern[i].isdigit():
                    i += 1
                continue
            if e == "0" and i + 2 < n and pattern[i + 2].isdigit():
                return "'\\0' followed by a digit is an octal escape, which JavaScript's /u patterns refuse"
            allowed = _CLASS_ESCAPES if in_class else _ATOM_ESCAPES
            if e not in allowed and e not in _SYNTAX:
                if e in "AZzG":
                    return f"'\\{e}' is Python-only; use ^ or $"
                return f"'\\{e}' is not a valid escape in the browser; write the character without the backslash"
            i, atom = i + 2, True
            continue
        if in_class:
            if c == "]":
                in_class = False
                atom = True
            elif c == "[" and pattern.startswith("[:", i):
                return "POSIX classes like [:alpha:] do not work in the browser"
            i += 1
            continue
        if c == "[":
            in_class, atom = True, False
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                return "'[]' (an empty class) means something else in the browser; escape the ] as \\]"
            continue
        if c == "(":
            if pattern.startswith("(?", i):
                if pattern.startswith("(?P<", i) or pattern.startswith("(?P=", i):
                    return "'(?P<name>…)' is Python-only; write '(?<name>…)'"
                m = re.match(r"\(\?<([A-Za-z_$][\w$]*)>", pattern[i:])
                if m:
                    if m.group(1) in names:
                        return f"the group name '{m.group(1)}' is used twice"
                    names.add(m.group(1))
                    i, atom = i + m.end(), False
                    continue
                opener = next((g for g in _GROUP_OPENERS if pattern.startswith(g, i)), None)
                if opener is None:
                    return f"'{pattern[i:i + 3]}…' (inline flags, comments, atomic or conditional groups) does not work in the browser"
                i, atom = i + len(opener), False
                continue
            i, atom = i + 1, False
            continue
        if c == ")":
            i, atom = i + 1, True
            continue
        if c in "*+?":
            if not atom:
                return f"'{c}' has nothing to repeat"
            i += 1
            if i < n and pattern[i] == "+":
                return "possessive quantifiers (*+, ++, ?+) are Python-only"
            if i < n and pattern[i] == "?":
                i += 1
            atom = False
            continue
        if c == "{":
            m = re.match(r"\{(\d+)(,(\d*))?\}", pattern[i:])
            if not m:
                return "a lone '{' must be escaped as \\{ in the browser"
            if not atom:
                return f"'{m.group(0)}' has nothing to repeat"
            i += m.end()
            if i < n and pattern[i] == "+":
                return "possessive quantifiers are Python-only"
            if i < n and pattern[i] == "?":
                i += 1
            atom = False
            continue
        if c in "}]":
            return f"a lone '{c}' must be escaped as \\{c} in the browser"
        atom = c not in "^$|"
        i += 1
    return None
