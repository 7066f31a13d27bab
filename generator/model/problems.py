"""Problems found in staff data: one record per bad value, always in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.model.formatting import as_typed

ERROR = "error"
WARNING = "warning"

SEVERITY_LABELS = {ERROR: "LỖI", WARNING: "CẢNH BÁO"}


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one file. `row` counts lines as a spreadsheet shows them."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: str = ERROR

    def location(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột «{self.column}»")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{SEVERITY_LABELS[self.severity]}: {self.location()}: {self.message}"
        if self.value not in (None, ""):
            text += f" (giá trị: «{self.value}»)"
        return text

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "severity": self.severity,
            "message": self.message,
        }


def shown_value(value) -> str:
    """A value as staff typed it: decimal comma (never an exponent), dd/mm/yyyy dates."""
    return as_typed(value)


@dataclass
class Problems:
    """Collects every problem of a run, so staff see all of them at once, not only the first."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: str | Path, message: str, *, row=None, column=None, value=None, severity=ERROR):
        self.items.append(
            Problem(str(file), message, row=row, column=column,
                    value=None if value is None else shown_value(value), severity=severity)
        )

    def extend(self, other: "Problems | list[Problem]") -> None:
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
