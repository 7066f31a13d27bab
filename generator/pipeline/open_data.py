"""A province's open data: each table its communes offer for download, joined across the
province per kind, table and year, with a dictionary of their columns.

Read from the communes' staged sites (each one's datapackage.json lists its tables and their
types), after the first pass built them: the joined tables are what the communes publish, row
for row. Lists of named people are never joined: the law publishes them to the commune, not to a
province-wide file. Nor are a kind's that flows down (the land price frame): it is the province's
own table already."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generator.kinds.registry import all_kinds
from generator.model.pages import Download, PageSpec
from generator.model.units import Tree, Unit
from generator.render.data_package import PACKAGE_FILE
from generator.render.downloads import FORMULA_STARTS, PEOPLE_SUFFIX, json_keys

FOLDER = "du-lieu-mo"
TITLE = "Dữ liệu mở"
# A dataset page's table file, "<year>-<table file>.csv" (an earlier version's has more between)
_TABLE_FILE = re.compile(r"(\d{4})-([a-z0-9-]+)\.csv")
UNIT_COLUMNS = ("Mã đơn vị", "Đơn vị", "Đơn vị cấp trên")
TYPE_WORDS = {
    "string": "văn bản",
    "integer": "số nguyên",
    "number": "số",
    "date": "ngày (năm-tháng-ngày)",
    "boolean": "có / không",
}


@dataclass
class JoinedTable:
    """One table of every commune of the province for one year."""

    kind_title: str
    folder: str  # the kind's folder
    table: str  # the table's file stem
    title: str
    year: str
    columns: list[str]  # the communes' headers, in the order first met
    types: dict[str, str]  # header -> Frictionless type
    rows: list[tuple]
    communes: int = 0

    @property
    def name(self) -> str:
        return f"{self.folder}-{self.table}-{self.year}.csv"


def leaf_packages(
    tree: Tree, unit: Unit, stage_of, left_out: frozenset[str] = frozenset()
) -> list[tuple[Unit, Path]]:
    """Each commune below the unit with the package of its staged site, but those `left_out`
    (failed, with no published pages to keep)."""
    found = []
    for leaf in (d for d in tree.descendants(unit) if d.is_leaf and d.code not in left_out):
        package = stage_of(leaf.code) / PACKAGE_FILE
        if package.is_file():
            found.append((leaf, package))
    return found


def joined_tables(tree: Tree, unit: Unit, packages: list[tuple[Unit, Path]]) -> list[JoinedTable]:
    """The communes' tables joined per kind, table and year, in the tree's order."""
    import pandas  # only a province's job joins tables: no other worker pays its import

    kinds = {k.folder: k for k in all_kinds()}
    tables: dict[tuple[str, str, str], JoinedTable] = {}
    records: dict[tuple[str, str, str], list[dict]] = {}
    # titles by address, the former units' too: where a former unit's rows were published
    addresses = {u.path: u.title for u in tree}
    addresses |= {f.path: f.title for u in tree for f in u.replaces if f.path}
    for leaf, package in packages:
        resources = json.loads(package.read_text(encoding="utf-8"))["resources"]
        parent = _parent_then(tree, leaf, addresses)
        for resource in resources:
            place = _place(resource, kinds)
            if place is None:
                continue
            kind, year, table_file = place
            key = (kind.folder, table_file, year)
            fields = resource["schema"]["fields"]
            joined = tables.setdefault(
                key,
                JoinedTable(
                    kind.title,
                    kind.folder,
                    table_file,
                    kind.schema.tables[_table_name(kind, table_file)].title,
                    year,
                    [],
                    {},
                    [],
                ),
            )
            _merge_columns(joined, fields)
            # rows as records, one frame a joined table below: a province has thousands of
            # communes' tables, and a frame each is the costly part of building a frame
            text = (package.parent / resource["path"]).read_text(encoding="utf-8-sig")
            lines = csv.reader(io.StringIO(text))
            header = next(lines, [])
            if set(header) & set(UNIT_COLUMNS):  # a commune's column would overwrite the unit's
                raise ValueError(f"{resource['path']}: một cột trùng tên cột đơn vị {UNIT_COLUMNS}")
            unit = dict(zip(UNIT_COLUMNS, (leaf.code, leaf.title, parent), strict=True))
            records.setdefault(key, []).extend(
                {**unit, **dict(zip(header, line, strict=False))} for line in lines
            )
            joined.communes += 1
    found = []
    for key, joined in tables.items():
        header = [*UNIT_COLUMNS, *joined.columns]
        # one frame a joined table: its columns the union of the communes', in order, a cell a
        # commune's file lacks left empty
        frame = pandas.DataFrame.from_records(records[key], columns=header).fillna("")
        casts = [_cast("string")] * len(UNIT_COLUMNS) + [
            _cast(joined.types[c]) for c in joined.columns
        ]
        joined.rows = [
            tuple(cast(value) for cast, value in zip(casts, row, strict=True))
            for row in frame.itertuples(index=False, name=None)
        ]
        joined.columns = header
        found.append(joined)
    return sorted(found, key=lambda t: (t.folder, t.table, t.year))


def _merge_columns(joined: JoinedTable, fields: list[dict]) -> None:
    """Add a commune's columns: a new one right after the column before it in that commune's
    file (a budget's stages stay in order), a type widened where communes differ (whole numbers
    in one, decimals in another: a number)."""
    before = None
    for f in fields:
        name, kind = f["name"], f["type"]
        if name not in joined.types:
            at = joined.columns.index(before) + 1 if before in joined.columns else 0
            joined.columns.insert(at if before is not None else len(joined.columns), name)
            joined.types[name] = kind
        elif joined.types[name] != kind:
            numbers = {joined.types[name], kind} <= {"integer", "number"}
            joined.types[name] = "number" if numbers else "string"
        before = name


def _place(resource: dict, kinds: dict):
    """(kind, year, table file) of a commune's table file; None for what is not joined."""
    if resource["format"] != "csv" or PEOPLE_SUFFIX in resource["path"]:
        return None
    folder, _, name = resource["path"].partition("/")
    kind = kinds.get(folder)
    matched = _TABLE_FILE.fullmatch(name)
    # a kind that flows down (a land price frame) is the province's own table already
    if kind is None or kind.flows_down or matched is None:
        return None
    name = _table_name(kind, matched.group(2))
    if name is None:  # an earlier version's file
        return None
    if any(f.person_name for f in kind.schema.tables[name].fields):  # named people, whatever
        return None  # the file is called
    return kind, matched.group(1), matched.group(2)


def _table_name(kind, table_file: str) -> str | None:
    return next((n for n, t in kind.schema.tables.items() if t.file == table_file), None)


def _cast(kind: str):
    """A CSV cell back to its value, as the commune's package types it."""
    if kind == "integer":
        return lambda v: int(v) if v != "" else None
    if kind == "number":
        return lambda v: Decimal(v) if v != "" else None
    if kind == "date":
        return lambda v: dt.date.fromisoformat(v) if v != "" else None
    if kind == "boolean":
        return lambda v: {"có": True, "không": False}.get(v)
    # a neutralised formula keeps its apostrophe in CSV only: the downloads add it back
    return lambda v: (
        None if v == "" else v[1:] if v.startswith("'") and v[1:].startswith(FORMULA_STARTS) else v
    )


def open_data_pages(tree: Tree, unit: Unit, packages: list[tuple[Unit, Path]]) -> list[PageSpec]:
    """The province's open-data page (every joined table to download) and its dictionary."""
    tables = joined_tables(tree, unit, packages)
    if not tables:
        return []
    index = PageSpec(
        f"{FOLDER}/index.md",
        "open_data.md.j2",
        {"unit": unit, "tables": tables, "communes": len(packages)},
        "Các bảng",
        title=f"{TITLE}: các bảng của toàn {unit.type}",
        downloads=[
            Download(
                f"{t.kind_title}: {t.title} năm {t.year}",
                t.name,
                header=tuple(t.columns),
                rows=tuple(t.rows),
                workbook=False,  # CSV and JSON: a province's whole tables, see Download
            )
            for t in tables
        ],
    )
    dictionary = PageSpec(
        f"{FOLDER}/tu-dien-du-lieu.md",
        "data_dictionary.md.j2",
        {"unit": unit, "tables": _dictionary(tables), "type_words": TYPE_WORDS},
        "Từ điển dữ liệu",
        title=f"{TITLE}: từ điển dữ liệu",
        # out of the site search: its column names would outrank the pages a reader looks for
        meta={"search": {"exclude": True}},
    )
    return [index, dictionary]


@dataclass(frozen=True)
class DictionaryEntry:
    """A joined table's columns as the dictionary explains them, one entry a kind and table."""

    kind_title: str
    title: str
    files: tuple[str, ...]
    columns: tuple[tuple[str, str, str, str], ...]  # (header, JSON name, type, what it holds)


def _dictionary(tables: list[JoinedTable]) -> list[DictionaryEntry]:
    kinds = {k.folder: k for k in all_kinds()}
    entries: dict[tuple[str, str], DictionaryEntry] = {}
    for t in tables:
        kind = kinds[t.folder]
        schema = kind.schema.tables[_table_name(kind, t.table)]
        described = {f.title: f.description for f in schema.fields}
        unit_words = {
            UNIT_COLUMNS[0]: "Mã đơn vị hành chính của xã, phường, thị trấn",
            UNIT_COLUMNS[1]: "Tên đơn vị cấp xã công bố bảng",
            UNIT_COLUMNS[2]: "Đơn vị trực tiếp ở trên (huyện, thị xã; hoặc tỉnh)",
        }
        columns = tuple(
            (c, key, t.types.get(c, "string"), unit_words.get(c) or described.get(c, ""))
            for c, key in zip(t.columns, json_keys(t.columns), strict=True)
        )
        key = (t.folder, t.table)
        earlier = entries.get(key)
        files = (*(earlier.files if earlier else ()), t.name)
        if earlier and len(earlier.columns) >= len(columns):
            columns = earlier.columns
        entries[key] = DictionaryEntry(t.kind_title, t.title, files, columns)
    return list(entries.values())


def _parent_then(tree, leaf, addresses: dict) -> str:
    """The unit a commune's rows were published under: its parent, or for a former unit (the
    2025 reform) the unit above its former address (`addresses`: titles by address), which its
    rows of those years belong to."""
    if leaf.former and leaf.former.path:
        title = addresses.get(leaf.former.path[:-1])
        if title:
            return title
    return tree.units[leaf.parent].title if leaf.parent else ""
