"""A table read from one file: typed rows, each with the line number staff see in the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.model.schema import TableSchema


@dataclass
class Table:
    schema: TableSchema
    path: Path | None  # None: an optional table the dataset does not have
    rows: list[dict] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)

    def numbered(self):
        """(row, line number) pairs, in the file's order."""
        return zip(self.rows, self.line_numbers, strict=True)
