"""Problems found in staff data, as Frictionless reports them: each has a stable code, the file,
the row (as a spreadsheet numbers it), the column and the value; its Vietnamese message is the
code's template (model/messages.yaml, and each kind's `problems:` in its schema.yaml) filled in
with the problem's details. Tools and tests read codes; people read messages."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.model.formatting import as_typed
from generator.model.text import unseen

_LINE_BREAKS = {"Zl", "Zp"}  # a line or paragraph separator would break a message's line


ERROR = "error"
WARNING = "warning"

SEVERITY_LABELS = {ERROR: "LỖI", WARNING: "CẢNH BÁO"}
# What a template may name without being told: a spreadsheet cell (a YAML entry says «mục»).
DEFAULTS = {"place": "ô"}

_TEMPLATES: dict[str, tuple[str, str]] = {}  # code -> (severity, Vietnamese template)


def register_messages(entries: dict, prefix: str = "") -> None:
    """Add message templates: {code: template, or {text: template, severity: warning}}; a kind
    registers its own under its name (`budget.group-sum`)."""
    for code, entry in entries.items():
        text, severity = (
            (entry, ERROR)
            if isinstance(entry, str)
            else (entry["text"], entry.get("severity", ERROR))
        )
        _TEMPLATES[f"{prefix}{code}"] = (severity, text)


def known_codes() -> set[str]:
    return set(_TEMPLATES)


def render(code: str, params: dict) -> str:
    """The message of a problem with this code and these details."""
    return _TEMPLATES[code][1].format(**{**DEFAULTS, **params})


register_messages(
    yaml.safe_load((Path(__file__).parent / "messages.yaml").read_text(encoding="utf-8"))
)


class Coded(Exception):
    """A problem raised where it is found (a cell, a file that cannot be read): its code and the
    details its message names, for whoever reports it to add where it is."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(render(code, params))


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one file. `row` counts lines as a spreadsheet shows them."""

    code: str
    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: str = ERROR
    details: tuple[tuple[str, str], ...] = ()  # what its message names: (name, value) pairs

    def location(self) -> str:
        # a folder's name may hold what reorders the line it is printed on
        parts = [self.file if self.file.isascii() else _visible(self.file)]
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột «{self.column}»")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{SEVERITY_LABELS[self.severity]}: {self.location()}: {self.message}"
        if self.value not in (None, ""):
            text += f" (giá trị: «{self.value}»)"
        # the stable code, to look up in the guide or to tell the technical staff
        return f"{text} [mã lỗi: {self.code}]"

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "severity": self.severity,
            "message": self.message,
            "details": dict(self.details),
        }


# A value in a message is cut to this many letters: a megabyte cell would bury every other message.
SHOWN_VALUE_LENGTH = 120


def shown_value(value) -> str:
    """A value as staff typed it (decimal comma, never an exponent; dd/mm/yyyy dates), what cannot
    be seen or reorders the line written as <U+XXXX>, and cut to SHOWN_VALUE_LENGTH letters."""
    text = as_typed(value)
    cut = len(text) > SHOWN_VALUE_LENGTH
    text = text[:SHOWN_VALUE_LENGTH]
    if not (text.isascii() and text.isprintable()):
        text = _visible(text)
    return text + "…" if cut else text


def _visible(text: str) -> str:
    """What cannot be seen or reorders the line written as <U+XXXX>."""
    return "".join(
        f"<U+{ord(c):04X}>" if unseen(c) or unicodedata.category(c) in _LINE_BREAKS else c
        for c in text
    )


@dataclass
class Problems:
    """Collects every problem of a run, so staff see all of them at once, not only the first."""

    items: list[Problem] = field(default_factory=list)

    def add(
        self, file: str | Path, code: str, /, *, row=None, column=None, value=None, **params
    ) -> None:
        """A problem with this code in this place; `params` fill in its message."""
        severity = _TEMPLATES[code][0]
        details = tuple(sorted((name, str(detail)) for name, detail in params.items()))
        self.items.append(
            Problem(
                code,
                str(file),
                render(code, params),
                row=row,
                column=column,
                value=None if value is None else shown_value(value),
                severity=severity,
                details=details,
            )
        )

    def add_raised(
        self, file: str | Path, problem: Coded, /, *, row=None, column=None, value=None, **params
    ) -> None:
        """A problem raised where it was found, reported in this place (`params` add details); a
        problem raised with the line it is on (`at_line`: a YAML file's) is reported on that row."""
        row = problem.params.get("at_line") if row is None else row
        self.add(
            file, problem.code, row=row, column=column, value=value, **{**problem.params, **params}
        )

    def extend(self, other: Problems | list[Problem]) -> None:
        self.items.extend(other.items if isinstance(other, Problems) else other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == WARNING]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
