"""Authoring errors: collected over a whole build, then reported together."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

MAX_ECHO = 60  # characters of an author's value that a message repeats
MAX_MESSAGE = 400


def line_finder(text: str):
    """A function from an offset in ``text`` to its line number (1-based), without recounting
    the text's newlines for every offset asked about."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    return lambda offset: bisect.bisect_left(newlines, offset) + 1


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tidy(message: str) -> str:
    """One line, echoed values ('…') cut to MAX_ECHO characters, the whole at most MAX_MESSAGE."""
    message = " ".join(message.replace("\x00", "\\0").split())
    # A quoted value opens after a space or bracket and closes before punctuation or a space.
    message = re.sub(r"(?<![\w'])'([^']{%d,}?)'(?![\w])" % (MAX_ECHO + 1), lambda m: f"'{_short(m.group(1), MAX_ECHO)}'", message)
    return _short(message, MAX_MESSAGE)


@dataclass(frozen=True, order=True)
class AuthoringError:
    """One mistake an author can fix: where it is and what to do."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class ErrorLog:
    """Collects every authoring error of a build so the author sees all of them at once."""

    errors: list[AuthoringError] = field(default_factory=list)

    def add(self, path: str, line: int, message: str) -> None:
        self.errors.append(AuthoringError(path, max(1, int(line or 1)), tidy(message)))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def report(self) -> str:
        """All errors, one per line, sorted by file and line."""
        unique = sorted(set(self.errors))
        noun = "error" if len(unique) == 1 else "errors"
        lines = [f"{len(unique)} authoring {noun}:"] + [str(e) for e in unique]
        return "\n".join(lines)
