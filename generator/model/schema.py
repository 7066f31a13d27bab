"""Table-Schema-like descriptions of data files, as each kind's schema.yaml declares them.

A schema file (YAML) describes a dataset's metadata fields and each of its tables, following
the Frictionless Table Schema: fields with `name`, `title`, `type`, `description`, `constraints`
(`required`, `minimum`, `maximum`, `pattern`) and `categories` (allowed values with labels).
Reading a cell by its field is input.cells'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.model.text import fold

# A text column's limit when its schema names none: a line of a form, not a document.
DEFAULT_MAX_LENGTH = 500


@dataclass(frozen=True, eq=False)  # one field is one column: compared and hashed as itself
class Field:
    name: str
    title: str
    type: str = "string"
    description: str = ""
    example: str = ""
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    categories: tuple[tuple[str, str], ...] = ()  # (value, Vietnamese label)
    # a number in whole units (amounts in đồng): «259,000» is refused as ambiguous
    whole: bool = False
    # a person's name: a date, an ethnicity or a health word in it is refused
    person_name: bool = False
    # the most digits a number may have after its decimal comma (4 for hectares: a square metre)
    decimals: int | None = None
    # the unit of an amount («đồng»): a table may state another (input.money_unit)
    unit: str = ""
    # đồng in one unit of the column as its file states it (1,000 for «nghìn đồng»), set by the
    # reader on a copy of the field; 1 in a schema
    scale: int = 1
    # the longest text the column takes, in letters (Frictionless maxLength); every text has one
    max_length: int = DEFAULT_MAX_LENGTH
    # several of its categories in one cell, separated by «;» (or a YAML list): a tuple of values
    multiple: bool = False

    @classmethod
    def from_dict(cls, data: dict) -> Field:
        constraints = data.get("constraints", {})
        categories = tuple(
            (str(c["value"]), c.get("label", str(c["value"]))) for c in data.get("categories", [])
        )
        return cls(
            name=data["name"],
            title=data.get("title", data["name"]),
            type=data.get("type", "string"),
            description=data.get("description", ""),
            example=str(data.get("example", "")),
            required=bool(constraints.get("required", False)),
            minimum=constraints.get("minimum"),
            maximum=constraints.get("maximum"),
            pattern=constraints.get("pattern"),
            categories=categories,
            whole=bool(data.get("whole", False)),
            person_name=bool(data.get("person_name", False)),
            unit=str(data.get("unit", "")),
            decimals=data.get("decimals"),
            max_length=int(constraints.get("maxLength", DEFAULT_MAX_LENGTH)),
            multiple=bool(data.get("multiple", False)),
        )

    def __post_init__(self):
        # label() runs for every category cell
        object.__setattr__(self, "_labels", dict(self.categories))

    def label(self, value) -> str:
        return self._labels.get(value, value)


@dataclass(frozen=True)
class TableSchema:
    name: str
    file: str  # file name stem inside the dataset folder, e.g. "thu" for thu.csv
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    required: bool = True
    # (code field, group field) of a table whose codes may show its levels, as official forms
    # number lines I, 1, a: input.outline places each line under its group
    outline: tuple[str, str] | None = None
    # the kind's checks place rows that add up others (land groups): checks.total_rows skips it
    sums_checked_by_kind: bool = False

    @classmethod
    def from_dict(cls, name: str, data: dict) -> TableSchema:
        key = data.get("primaryKey", ())
        return cls(
            name=name,
            file=data.get("file", name),
            title=data.get("title", name),
            fields=tuple(Field.from_dict(f) for f in data["fields"]),
            primary_key=tuple([key] if isinstance(key, str) else key),
            required=bool(data.get("required", True)),
            outline=tuple(data["outline"]) if data.get("outline") else None,
            sums_checked_by_kind=data.get("sums") == "kind",
        )

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def header_map(self) -> dict[str, Field]:
        """Folded header text -> field: a header may be the field name or its Vietnamese title."""
        mapping = {}
        for f in self.fields:
            mapping[fold(f.name)] = f
            mapping[fold(f.title)] = f
        return mapping


@dataclass(frozen=True)
class KindSchema:
    """Everything a dataset kind's schema.yaml says: metadata fields and tables."""

    metadata: tuple[Field, ...]
    tables: dict[str, TableSchema] = field(default_factory=dict)
    key: tuple[str, ...] = ()  # metadata fields that identify a dataset within a unit

    @classmethod
    def load(cls, path: Path, common_metadata: tuple[Field, ...] = ()) -> KindSchema:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        own = tuple(Field.from_dict(f) for f in data.get("metadata", {}).get("fields", []))
        tables = {
            name: TableSchema.from_dict(name, t) for name, t in data.get("tables", {}).items()
        }
        return cls(metadata=own + common_metadata, tables=tables, key=tuple(data.get("key", ())))

    def metadata_field(self, name: str) -> Field:
        return next(f for f in self.metadata if f.name == name)


def load_fields(path: Path) -> tuple[Field, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(Field.from_dict(f) for f in data["fields"])
