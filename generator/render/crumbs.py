"""Where a page sits, from the province down: each unit above it, its own unit's home, its
section, and the page itself (not linked). Every page of a unit's site carries them, so a reader
who arrives from a search or a QR code can go up a level."""

from __future__ import annotations

from generator.model.pages import PageSpec
from generator.model.units import Unit
from generator.render import links


def section_titles(nav: list[dict[str, str]]) -> dict[str, str]:
    """The title of each section of a site's navigation (a folder's index page), by folder."""
    return {
        path.split("/", 1)[0]: title
        for entry in nav
        for title, path in entry.items()
        if isinstance(path, str) and path.count("/") == 1 and path.endswith("/index.md")
    }


def crumbs(
    page: PageSpec, unit: Unit, ancestors: list[Unit], sections: dict[str, str]
) -> list[list[str]]:
    """[title, relative URL] from the top unit down to `page` (its own entry has no URL)."""
    trail = [[a.title, links.to_unit(page.path, unit, a)] for a in ancestors]
    home = links.to_site_root(page.path) or "./"
    if page.path == "index.md":
        return [*trail, [unit.title, ""]]
    trail.append([unit.title, home])
    folder = page.path.split("/", 1)[0] if "/" in page.path else ""
    if folder in sections and page.path == f"{folder}/index.md":
        return [*trail, [sections[folder], ""]]
    if folder in sections:
        trail.append([sections[folder], links.to_site_root(page.path) + f"{folder}/"])
    return [*trail, [page.nav_title, ""]]
