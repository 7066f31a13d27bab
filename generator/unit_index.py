"""The list of units published at the top of the output tree (don-vi.csv): open data giving
every unit's code, name, parent and address, and the record by which a later build finds a
unit's published pages by its code, wherever they were (a unit renamed or moved gets a new
address; its old pages are still under the old one)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from generator.downloads import values_csv
from generator.slugs import is_valid_slug
from generator.units import Tree

UNIT_INDEX = "don-vi.csv"
HEADER = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Đường dẫn"]


def unit_index_csv(tree: Tree) -> bytes:
    return values_csv(HEADER, ([u.code, u.title, u.parent or "", u.url_path] for u in tree))


def published_units(output: Path) -> dict[str, tuple[str, str]] | None:
    """Unit code -> (name, folder in the output tree), as the published list says; None when the
    tree has no readable list (published before there was one)."""
    try:
        text = (output / UNIT_INDEX).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    rows = csv.reader(io.StringIO(text, newline=""))
    if next(rows, None) != HEADER:
        return None
    return {row[0]: (row[1], row[3]) for row in rows if len(row) == len(HEADER) and _is_unit_folder(row[3])}


def _is_unit_folder(path: str) -> bool:
    """A path this module writes: slugs, each followed by '/'; nothing that leaves the tree."""
    return path.endswith("/") and all(map(is_valid_slug, path[:-1].split("/")))


def child_folders(paths: dict[str, str], folder: str) -> set[str]:
    """Names of the unit folders directly inside `folder`, as the published list says."""
    names = set()
    for path in paths.values():
        rest = path[len(folder):]
        if path.startswith(folder) and rest.count("/") == 1:
            names.add(rest[:-1])
    return names
