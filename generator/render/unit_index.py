"""The list of units published at the top of the output tree (don-vi.csv): open data giving
every unit's code, name, parent and address, and the record by which a later build knows the
published units without its work folder: where a unit's pages are by its code, wherever they were
(a unit renamed or moved gets a new address; its old pages are still under the old one), and who
a unit whose unit.yaml no longer reads was."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import NamedTuple

from generator.model.pages import Download
from generator.model.slugs import is_valid_slug
from generator.model.units import Tree

UNIT_INDEX = "don-vi.csv"
HEADER = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại",
    "Tên",
    "Mã đơn vị cấp trên",
    "Đường dẫn",
    "Thư mục dữ liệu",
]


class PublishedUnit(NamedTuple):
    title: str
    type: str
    name: str
    path: str  # its folder in the output tree, e.g. "tinh-a/xa-b/"
    data_folder: str  # its folder in the data, as staff name it

    @property
    def identity(self) -> dict:
        """As units.remembered_units keeps it (the code aside)."""
        return {"type": self.type, "name": self.name, "slug": self.path[:-1].rsplit("/", 1)[-1]}


def unit_index(tree: Tree) -> Download:
    """The list of units, offered beside the tree's top page."""
    return Download(
        "Danh sách đơn vị",
        UNIT_INDEX,
        header=tuple(HEADER),
        rows=tuple(
            (u.code, u.title, u.type, u.name, u.parent or "", u.url_path, u.shown_folder)
            for u in tree
        ),
    )


def published_units(output: Path) -> dict[str, PublishedUnit]:
    """Unit code -> what the published list says of it; empty when the tree has no readable list
    (published before there was one, or damaged: the build then does without it)."""
    try:
        rows = csv.reader(
            io.StringIO((output / UNIT_INDEX).read_text(encoding="utf-8-sig"), newline="")
        )
        if next(rows, None) != HEADER:
            return {}
        return {
            row[0]: PublishedUnit(row[1], row[2], row[3], row[5], row[6])
            for row in rows
            if len(row) == len(HEADER) and _is_unit_folder(row[5])
        }
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}


def remembered_from(listed: dict[str, PublishedUnit]) -> dict:
    """The published units as units.discover's `known` (data folder -> identity), for a build
    without the work folder's own memory."""
    return {
        unit.data_folder: {"code": code, **unit.identity}
        for code, unit in listed.items()
        if unit.data_folder
    }


def _is_unit_folder(path: str) -> bool:
    """A path this module writes: slugs, each followed by '/'; nothing that leaves the tree."""
    return path.endswith("/") and all(map(is_valid_slug, path[:-1].split("/")))


def child_folders(paths: dict[str, str], folder: str) -> set[str]:
    """Names of the unit folders directly inside `folder`, as the published list says."""
    names = set()
    for path in paths.values():
        rest = path[len(folder) :]
        if path.startswith(folder) and rest.count("/") == 1:
            names.add(rest[:-1])
    return names
