"""The per-unit MkDocs configuration: inherits the repository's mkdocs.yml, adds name and nav."""

from __future__ import annotations

import html
from pathlib import Path

import yaml

from generator.render.unit_index import UNIT_INDEX

BASE_CONFIG = Path(__file__).resolve().parents[2] / "mkdocs.yml"
THEME_OVERRIDES = BASE_CONFIG.parent / "theme_overrides"
PORTAL_NAME = "Cổng công khai"
UNIT_LIST = UNIT_INDEX.removesuffix(".csv") + ".json"  # the JSON form render/downloads.py writes


def unit_config(
    site_name: str,
    site_dir: Path,
    nav: list,
    depth: int,
    sample: bool,
    unit_code: str | None,
    site_url: str = "",
    former: dict | None = None,
) -> dict:
    config = {
        "INHERIT": str(BASE_CONFIG),
        # MkDocs themes print site_name without escaping it, and unit names come from data files.
        # Its apostrophe is left (Đắk R'Lấp, Ia H'Drai): every attribute it lands in is in double
        # quotes, and Material escapes it once more in the logo's title.
        "site_name": html.escape(site_name, quote=False).replace('"', "&quot;"),
        "docs_dir": "docs",
        "theme": {
            "name": "material",
            "custom_dir": str(THEME_OVERRIDES),
        },  # paths resolve from here
        "site_dir": str(site_dir),
        "nav": nav,
        # Guides are links to the tree's top site, outside this site's docs.
        "validation": {"nav": {"not_found": "info"}},
        "extra": {
            # how far below the tree's top this site is; see pipeline/mkdocs.py
            "tree_depth": depth,
            "sample": sample,
            "unit_code": unit_code,
            # the tree's list of units, read by the 404 page's script to suggest the closest
            "unit_list": UNIT_LIST,
            # a former unit's history: the sentence and link every page starts with
            "former": former,
        },
    }
    if site_url:  # canonical links, sitemap.xml, and the 404 page's links under a project path
        config["site_url"] = site_url
    return config


def write_config(folder: Path, config: dict) -> Path:
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
