"""Relative URLs between pages and between unit sites in the one output tree.

Sites use directory URLs: docs page 'a/b.md' is served at 'a/b/', 'a/index.md' at 'a/'.
Every link is relative, so the tree works wherever it is hosted.
"""

from __future__ import annotations

from generator.model.pages import served_depth as page_depth
from generator.model.units import Unit


def to_site_root(docs_path: str) -> str:
    return "../" * page_depth(docs_path)


def to_unit(docs_path: str, source: Unit | None, target: Unit | None) -> str:
    """From a page of `source`'s site (None: the tree's top page) to `target`'s home (None: top)."""
    up = source.depth if source else 0
    common = 0
    if source and target:
        while (
            common < min(len(source.path), len(target.path))
            and source.path[common] == target.path[common]
        ):
            common += 1
        up = source.depth - common
    down = "".join(f"{s}/" for s in target.path[common:]) if target else ""
    return (to_site_root(docs_path) + "../" * up + down) or "./"
