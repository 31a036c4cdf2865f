"""Collecting validation problems: every one, never stopping at the first."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from loaders.model.records import Problem, Severity


def closest(value: str, allowed: Iterable[str | None]) -> str | None:
    """The allowed value nearest to `value`, if any is near enough to be a likely typo."""
    options = [a for a in allowed if a]
    lowered = {a.lower(): a for a in options}
    if value.strip().lower() in lowered:
        return lowered[value.strip().lower()]
    match = difflib.get_close_matches(value.strip().lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def unknown_message(kind: str, value: str, allowed: Iterable[str | None]) -> str:
    """'unknown X: 'v'; did you mean 'w'? allowed: a, b, c' — the message for a bad enum value."""
    names = [a for a in allowed if a]
    hint = closest(value, names)
    text = f"unknown {kind} {value!r}"
    if hint:
        text += f"; did you mean {hint!r}?"
    return f"{text} (allowed: {', '.join(names)})"


class Report:
    """An ordered list of problems, with helpers to add one and to ask whether any is an error."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self,
        path: str,
        line: int,
        field: str,
        type_: str,
        message: str,
        severity: Severity = Severity.error,
    ) -> None:
        self.problems.append(
            Problem(
                path=path, line=line, field=field, type=type_, message=message, severity=severity
            )
        )

    def add_invalid(self, label: str, line: int, exc, values: dict, prefix: str = "") -> None:
        """One problem per field a pydantic model refused, quoting the value it was given."""
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "row"
            got = values.get(field, "")
            self.add(label, line, prefix + field, "invalid-value", f"{got!r}: {err['msg']}")

    def extend(self, other: Report) -> None:
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.error]

    def __len__(self) -> int:
        return len(self.problems)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]
