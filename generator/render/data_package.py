"""A unit's `datapackage.json` (Frictionless Data Package v1): every table its site offers for
download, in each format, with its columns' types, its size and its SHA-256, so that a data portal
or a script can find, check and read them without scraping the pages."""

from __future__ import annotations

import functools
import json

from slugify import slugify

from generator.model.units import Unit
from generator.render.downloads import Column, PageFiles, TableFile

PACKAGE_FILE = "datapackage.json"
_MEDIA = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def resources(folder: str, files: PageFiles) -> list[dict]:
    """The resources of one page's downloads; `folder`: the page's folder in the unit's site."""
    sizes = {f.name: f for f in files.offered}
    prefix = f"{folder}/" if folder else ""
    found = []
    sheets = {id(s.table): (book, s.name) for book, held in files.workbooks.items() for s in held}
    for table in files.tables:
        stem = slugify(f"{folder}-{table.stem}")
        formats = [("csv", "title", {}), ("json", "key", {})]
        if id(table) in sheets:  # not every table is in a workbook (see Download.workbook)
            formats.append(("xlsx", "title", {"excel": {"sheet": sheets[id(table)][1]}}))
        for fmt, header, dialect in formats:
            name = sheets[id(table)][0] if fmt == "xlsx" else f"{table.stem}.{fmt}"
            offered = sizes[name]
            resource = {
                "profile": "tabular-data-resource",
                "name": f"{stem}-{fmt}",
                "title": table.title,
                "path": prefix + name,
                "format": fmt,
                "mediatype": _MEDIA[fmt],
                "bytes": offered.size,
                "hash": f"sha256:{offered.sha256}",
                "schema": _schema(table, header),
            }
            if fmt == "csv":
                resource["encoding"] = "utf-8-sig"
            if fmt == "json":  # Frictionless cannot count what its JSON parser reads: stated
                del resource["bytes"], resource["hash"]  # on the page only
            if dialect:
                resource["dialect"] = dialect
            found.append(resource)
    return found


def _schema(table: TableFile, header: str) -> dict:
    """The table's Table Schema, its fields named as the file's header row names them."""
    return {"fields": [_field(c, getattr(c, header)) for c in table.columns]}


def _field(column: Column, name: str) -> dict:
    field = {"name": name, "type": column.type}
    if column.title != name:  # a CSV's or a workbook's header is already the title
        field["title"] = column.title
    if column.unit and f"({column.unit})" not in column.title:
        field["description"] = f"Đơn vị: {column.unit}"
    if column.type == "boolean":
        field |= {"trueValues": ["có", "true"], "falseValues": ["không", "false"]}
    return field


def data_package(unit: Unit, found: list[dict]) -> bytes:
    """The package of a unit's site."""
    package = {
        "profile": "tabular-data-package",
        "name": slugify(f"congkhai-{unit.code}-{unit.slug}"),
        "title": f"Dữ liệu công khai của {unit.title}",
        "description": (
            f"Các bảng số liệu {unit.in_text} công khai theo Luật Thực hiện dân chủ ở cơ sở "
            "(10/2022/QH15), mỗi bảng ở ba dạng: CSV (UTF-8), JSON và Excel."
        ),
        "resources": found,
    }
    # a resource a line, without padding: a readable diff between builds at a third of the
    # size indented JSON takes (the package lists every table three times)
    compact = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    head = compact({k: v for k, v in package.items() if k != "resources"})[:-1]
    lines = ",\n".join(compact(resource) for resource in found)
    return f'{head},"resources":[\n{lines}\n]}}\n'.encode()
