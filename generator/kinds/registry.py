"""The dataset kinds, registered once here: a kind is its folder plus one line below. The order
is the order of sections on every site, of the home page's cards and of the tree page's columns."""

from __future__ import annotations

from functools import cache
from importlib import import_module

KIND_MODULES = [
    "generator.kinds.budget",
    "generator.kinds.poverty",
    "generator.kinds.land",
    "generator.kinds.reform",
    "generator.kinds.contributions",
    "generator.kinds.projects",
    "generator.kinds.supervision",
    "generator.kinds.fees",
    "generator.kinds.land_prices",
]


@cache
def all_kinds() -> tuple:
    """Every registered kind, each made once (its schema read once a process)."""
    return tuple(import_module(module).KIND() for module in KIND_MODULES)


def kind_folders() -> frozenset[str]:
    """The kinds' folder names: in a unit's folder, datasets; never units."""
    return frozenset(kind.folder for kind in all_kinds())


def find_kind(name: str):
    """A kind by its name or folder name, or None."""
    return next((kind for kind in all_kinds() if name in (kind.name, kind.folder)), None)
