"""Collecting validation problems: every one, never stopping at the first. Each problem is of a
type from the catalogue (`loaders/model/problem_types.py`); nothing else is accepted."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from loaders.model.problem_types import INVALID_VALUE, ProblemType, hint
from loaders.model.records import Problem, Severity


def closest(value: str, allowed: Iterable[str | None]) -> str | None:
    """The allowed value nearest to `value`, if any is near enough to be a likely typo."""
    options = [a for a in allowed if a]
    lowered = {a.lower(): a for a in options}
    if value.strip().lower() in lowered:
        return lowered[value.strip().lower()]
    match = difflib.get_close_matches(value.strip().lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def unknown_fields(what: str, value: str, allowed: Iterable[str | None]) -> dict[str, str]:
    """The fields of an `UNKNOWN_VALUE` problem ('unknown X 'v'; did you mean 'w'? (allowed: a,
    b, c)'), the nearest allowed value suggested."""
    options = [a for a in allowed if a]
    return {
        "what": what,
        "value": value,
        "hint": hint(closest(value, options)),
        "allowed": ", ".join(options),
    }


class Report:
    """An ordered list of problems, with helpers to add one and to ask whether any is an error."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, line: int, field: str, kind: ProblemType, /, **fields: object) -> None:
        """Add a problem of type `kind` (a catalogue entry) at `path`, `line` and `field`; its
        message is the type's template filled with `fields`, its severity the type's."""
        if not isinstance(kind, ProblemType):
            raise TypeError(f"a problem's type must be a catalogue entry, not {kind!r}")
        self.problems.append(kind.at(path, line, field, **fields))

    def add_invalid(self, label: str, line: int, exc, values: dict, prefix: str = "") -> None:
        """One problem per field a pydantic model refused, quoting the value it was given."""
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "row"
            got = values.get(field, "")
            self.add(label, line, prefix + field, INVALID_VALUE, reason=f"{got!r}: {err['msg']}")

    def extend(self, other: Report) -> None:
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.error]

    def __len__(self) -> int:
        return len(self.problems)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]
