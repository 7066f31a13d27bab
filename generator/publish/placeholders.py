"""Stage 6, the addresses of units that failed with nothing published: a page at each address the
units above link to (its home, its sections, its contacts), never over a published file."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.kinds.registry import kind_folders
from generator.model.units import Tree
from generator.pipeline.mkdocs_config import PORTAL_NAME
from generator.publish.assembly import Placement, published_paths, staged_site
from generator.render.placeholder import placeholder_html
from generator.render.posting_pages import FOLDER as POSTING_FOLDER
from generator.render.site_pages import CONTACTS_PAGE

FOLDER = "placeholders"  # in the work folder: staged like a site, placed at the tree's top


def stage_placeholders(
    tree: Tree, codes: list[str], placements: dict[str, Placement], folder: Path
) -> Placement | None:
    """Write the pages of the units `codes` (failed, nothing kept) into `folder` (emptied first);
    their placement, or None."""
    if folder.exists():
        shutil.rmtree(folder)
    published = published_paths(placements)
    sections = ["", *(f"{name}/" for name in sorted(kind_folders()) + [POSTING_FOLDER])]
    sections.append(CONTACTS_PAGE.removesuffix(".md") + "/")
    written = False
    for code in codes:
        unit = tree.units.get(code)
        if unit is None or unit.former:
            continue
        parent = tree.units.get(unit.parent) if unit.parent else None
        for section in sections:
            page = f"{unit.url_path}{section}index.html"
            if page in published:
                continue
            depth = page.count("/")
            up = "../" * depth + (parent.url_path if parent else "")
            target = folder / page
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                placeholder_html(unit.title, up or "./", parent.title if parent else PORTAL_NAME),
                encoding="utf-8",
            )
            written = True
    return staged_site(folder, "") if written else None
