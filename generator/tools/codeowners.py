"""The repository's `.github/CODEOWNERS`, made from the `owners:` lists of the units' unit.yaml:
each unit's folder is owned by its own staff, so that with branch protection («require review
from code owners») a commune's staff can change their own folder and no other."""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.model.units import Tree

HEADER = """\
# Written by `congkhai codeowners` from the owners: lists in data/**/unit.yaml: do not edit by
# hand, change a unit.yaml and run `make codeowners`. On GitHub the last pattern that matches a
# file decides its owners, so a commune's line, after its district's and province's, gives its
# folder to its own staff alone.
"""


def codeowners(tree: Tree, data_folder: str = "data", default: tuple[str, ...] = ()) -> str:
    """The file's text: the default owners of everything, then a line a unit with owners, each
    unit after the units above it."""
    lines = [HEADER]
    if default:
        lines.append(f"* {' '.join(default)}")
    for unit in tree:  # the tree's order: parents before their children
        if unit.owners:
            folder = str(PurePosixPath("/", data_folder, unit.shown_folder)).replace(" ", "\\ ")
            lines.append(f"{folder}/ {' '.join(unit.owners)}")
    return "\n".join(lines) + "\n"
