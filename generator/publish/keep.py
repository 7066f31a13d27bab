"""What stays published for a unit whose build failed: its last good pages, wherever they are."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.model.units import Tree, Unit
from generator.pipeline.atomic import copy_dir
from generator.pipeline.checksums import file_digest, stage_sums
from generator.pipeline.mkdocs import built_for_depth
from generator.pipeline.work import WorkFolder
from generator.render.placeholder import PLACEHOLDER_MARK
from generator.render.unit_index import child_folders


def keep_published(
    tree: Tree, unit: Unit, work: WorkFolder, output: Path, paths: dict[str, str]
) -> tuple[bool, str | None]:
    """A failed unit with nothing staged (say, `build/` was cleaned) keeps what is published:
    its own files in the output tree, without its children's folders, become its stage (placed
    at its address now). `paths`: each unit's folder as the published list of units says.
    Returns whether it keeps pages, and why not when it has some it cannot."""
    stage = work.stage(unit.code)
    # Its pages are where the published list of units says, even if it has been renamed or moved
    # since; else (a list older than the unit's address) at its address now, unless that is
    # another unit's.
    others = {path for code, path in paths.items() if code != unit.code}
    below = unit.children + unit.formers  # its former units' history sites are theirs
    found = [
        (at, child_folders(paths, at) | {tree.units[c].slug for c in below})
        for at in dict.fromkeys(filter(None, (paths.get(unit.code), unit.url_path)))
        if at not in others and _published_page(output / at / "index.html")
    ]
    if stage.is_dir():
        if not built_for_depth(stage, unit.depth):
            # built for the level it has left: placed at its new one, its links would be wrong
            shutil.rmtree(stage)
            return False, _moved_level()
        if not found or _same_files(stage, output / found[0][0]):
            return True, None
        # What is published is not what this work folder staged (a build cache restored from an
        # older run): the published pages stay, and the figures staged with the older ones go.
        shutil.rmtree(stage)
        work.stage_facts_file(unit.code).unlink(missing_ok=True)
    for at, children in found:
        published = output / at
        # Built for another level, its relative links to the theme and other units would be wrong.
        if not built_for_depth(published, unit.depth):
            return False, _moved_level(at)
        copy_dir(published, stage, ignore=_leaving_out(published, children))
        return True, None
    return False, None


def _published_page(home: Path) -> bool:
    """A unit's published home page: not the page saying it has none (publish/placeholders.py)."""
    if not home.is_file():
        return False
    with home.open("rb") as head:
        return PLACEHOLDER_MARK.encode() not in head.read(2048)


def _same_files(stage: Path, published: Path) -> bool:
    """Whether each staged file is published as it is (files placed beside them by others, such
    as redirects or compressed copies, aside)."""
    for name, digest in stage_sums(stage).items():
        there = published / name
        if not there.is_file() or file_digest(there) != digest:
            return False
    return True


def _leaving_out(top: Path, names: set[str]):
    """A copy_dir ignore: these entries of the top folder (its children's sites), nothing below."""
    return lambda folder, entries: [n for n in entries if Path(folder) == top and n in names]


def _moved_level(at: str = "") -> str:
    return (
        f"trang đã đăng{f' ở {at}' if at else ''} không giữ được vì đơn vị đã chuyển sang cấp "
        "khác; hãy sửa lỗi ở trên để trang được xây dựng lại ở địa chỉ mới"
    )
