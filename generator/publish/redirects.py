"""Stage 6, the addresses the 2025 reform moved: a small page at every former address of a page
that a former, moved or renamed unit published, sending its reader to where that page is now.

Made from the staged sites, after the build: a former address's pages are those its unit's site
has now (a commune moved under its province keeps its pages; a former commune's history site has
the pages it had), and the pages of its successor's site it never had (a dissolved district's
rollups lead to its province's). A redirect never covers a page that is published."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.kinds.registry import kind_folders
from generator.model.units import Tree
from generator.publish.assembly import Placement, published_paths, staged_site
from generator.render.posting_pages import FOLDER as POSTING_FOLDER
from generator.render.reorganisation import former_sentence, moved_sentence, redirect_html

FOLDER = "redirects"  # in the work folder: staged like a site, placed at the tree's top
REFUSED = ("unit-former-", "unit-replaces-")  # the codes of refused reform entries


@dataclass(frozen=True)
class Redirect:
    """A page at `old` (a file in the tree) that sends its reader to folder `new` (in the tree)."""

    old: str
    new: str
    sentence: str


def _pages(placement: Placement | None) -> list[str]:
    """The directory pages of a staged site: 'index.html', '<kind>/2024/index.html', ..."""
    if placement is None:
        return []
    return sorted(p for p in placement.digests if p == "index.html" or p.endswith("/index.html"))


def _folder(page: str) -> str:
    return page.removesuffix("index.html")


def redirects(tree: Tree, placements: dict[str, Placement]) -> list[Redirect]:
    """Every redirect the tree's former addresses call for, the most specific address first."""
    wanted: list[tuple[int, Redirect]] = []

    def add(old_base: tuple[str, ...], new_base: str, pages: list[str], sentence: str) -> None:
        base = "".join(f"{s}/" for s in old_base)
        for page in pages:
            if base + page != new_base + page:
                wanted.append(
                    (len(old_base), Redirect(base + page, new_base + _folder(page), sentence))
                )

    current = {u.path: u for u in tree if not u.former}

    def taken(path: tuple[str, ...], owner) -> bool:
        """Where a current unit is published (checks.units refuses it): never redirected."""
        there = current.get(path)
        return there is not None and there is not owner

    for unit in tree:
        if any(getattr(p, "code", "").startswith(REFUSED) for p in unit.broken):
            continue  # its reform entries were refused (checks/units.py): none is followed
        own = _pages(placements.get(unit.code))
        for address in unit.former_addresses:
            if taken(address.path, unit):
                continue
            sentence = moved_sentence(unit, address, tree)
            # its pages, and those of every unit below it, which moved with it
            for below in tree.subtree(unit.code):
                rest = below.path[len(unit.path) :]
                add(
                    address.path + rest,
                    below.url_path,
                    _pages(placements.get(below.code)),
                    sentence,
                )
        for record in unit.replaces:
            former = tree.units.get(record.code)
            if not record.path or taken(record.path, unit):
                continue
            sentence = former_sentence(record, unit)
            history = _pages(placements.get(record.code)) if former and former.former else []
            if history:
                add(record.path, former.url_path, history, sentence)
            # What the former unit had that its history lacks leads to its successor: a
            # dissolved district's sections and rollups; every page of one with no history.
            kept, sections = set(history), kind_folders() | {POSTING_FOLDER}
            rest = [
                p for p in own if p not in kept and (not history or p.split("/")[0] in sections)
            ]
            add(record.path, unit.url_path, rest, sentence)
    published = published_paths(placements)
    chosen: dict[str, Redirect] = {}
    for _, redirect in sorted(wanted, key=lambda w: -w[0]):
        if redirect.old not in published:
            chosen.setdefault(redirect.old, redirect)
    return [chosen[old] for old in sorted(chosen)]


def stage_redirects(
    tree: Tree, placements: dict[str, Placement], folder: Path, site_url: str = ""
) -> Placement | None:
    """Write the redirect pages into `folder` (emptied first); their placement, or None."""
    found = redirects(tree, placements)
    if folder.exists():
        shutil.rmtree(folder)
    if not found:
        return None
    for redirect in found:
        target = folder / redirect.old
        target.parent.mkdir(parents=True, exist_ok=True)
        up = "../" * redirect.old.count("/")
        canonical = site_url + redirect.new if site_url else up + redirect.new
        target.write_text(
            redirect_html(up + redirect.new or "./", canonical or "./", redirect.sentence),
            encoding="utf-8",
        )
    return staged_site(folder, "")
