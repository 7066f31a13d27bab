"""Finding the tree of units as a build reads it: every unit.yaml, read and checked, with the
registered kinds' folders taken for datasets."""

from __future__ import annotations

from pathlib import Path

from generator.checks.units import UNIT_CHECKS, former_addresses
from generator.input.units import discover, read_yaml_file
from generator.kinds.registry import kind_folders
from generator.model.problems import Problems
from generator.model.text import fold
from generator.model.units import Tree
from generator.pipeline.open_data import FOLDER as OPEN_DATA_FOLDER
from generator.render.posting_pages import FOLDER as POSTING_FOLDER
from generator.render.reorganisation import MAPPING_PAGE
from generator.render.site_pages import CONTACTS_PAGE, GUIDES_FOLDER

# The folders a unit's site (or the tree's top) keeps its own pages in, besides its kinds':
# never a unit's folder name, nor inside a former address.
SITE_FOLDERS = frozenset(
    {
        POSTING_FOLDER,
        OPEN_DATA_FOLDER,
        GUIDES_FOLDER,
        "search",  # MkDocs's search plugin
        CONTACTS_PAGE.removesuffix(".md"),
        MAPPING_PAGE.split("/")[0],
    }
)


def read_tree(
    data_root: Path, problems: Problems, known: dict | None = None, load=read_yaml_file
) -> Tree:
    """Every unit under data_root (see input.units.discover), its unit.yaml checked as published."""
    tree = discover(data_root, problems, kind_folders(), known, load, UNIT_CHECKS)
    former_addresses(tree, problems, kind_folders() | SITE_FOLDERS)
    return tree


def unit_names(tree: Tree) -> frozenset[str]:
    """Every unit's «type name» (xã An Định), folded: what datasets may not name but their own."""
    return frozenset(fold(unit.in_text) for unit in tree)
