"""The entries a district's or province's search index takes from its communes' staged sites:
each page's title and address, so that a commune's budget or household list is found from the
sites above it. Titles only, without the pages' headings or text: a province of a hundred
communes would otherwise load every commune's index with its own."""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable
from pathlib import Path

from generator.model.units import Tree, Unit

INDEX = Path("search") / "search_index.json"
HOME_BOOST = 2


def pages_below(
    tree: Tree,
    unit: Unit,
    stage_of: Callable[[str], Path],
    left_out: frozenset[str] = frozenset(),
) -> list[dict[str, str]]:
    """An entry for every page of every commune below `unit`, its address relative to the
    unit's site and its title naming the commune where the page's own title does not. Communes
    `left_out` failed with no published pages to keep: whatever their stage holds is not theirs
    to show (a failed commune that keeps its pages has them staged before this, publish/run.py)."""
    entries = []
    for leaf in (d for d in tree.descendants(unit) if d.is_leaf and d.code not in left_out):
        index = stage_of(leaf.code) / INDEX
        try:
            stat = index.stat()
        except OSError:
            continue  # a commune not built yet or never published: nothing of it to find
        prefix = leaf.url_path.removeprefix(unit.url_path)
        name = html.escape(leaf.title, quote=False)
        # a commune's index also lists its former units' pages: they are read from their own
        below = tuple(f"{tree.units[c].slug}/" for c in leaf.formers)
        for location, title in _pages(str(index), stat.st_ino, stat.st_mtime_ns, stat.st_size):
            if below and location.startswith(below):
                continue
            if name.casefold() not in title.casefold():
                title = f"{title} – {name}"
            found = {"location": prefix + location, "title": title, "text": ""}
            if not location:  # the commune's home first when its name is typed
                found["boost"] = HOME_BOOST
            entries.append(found)
    return entries


@functools.lru_cache(maxsize=4096)
def _pages(index: str, inode: int, mtime_ns: int, size: int) -> tuple[tuple[str, str], ...]:
    """(address, title) of each page in a commune's search index, read once a build although
    its district and its province both list them (the file's inode, time and size in the key)."""
    try:
        docs = json.loads(Path(index).read_text("utf-8"))["docs"]
    except (OSError, ValueError, KeyError, TypeError):
        return ()
    return tuple(
        (d.get("location", ""), d["title"])
        for d in docs
        if "#" not in d.get("location", "") and isinstance(d.get("title"), str)
    )
