"""Authoring errors: collected over a whole build, then reported together."""

from __future__ import annotations

from dataclasses import dataclass, field


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
        self.errors.append(AuthoringError(path, line, message))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def report(self) -> str:
        """All errors, one per line, sorted by file and line."""
        unique = sorted(set(self.errors))
        noun = "error" if len(unique) == 1 else "errors"
        lines = [f"{len(unique)} authoring {noun}:"] + [str(e) for e in unique]
        return "\n".join(lines)
