"""What stays published for a unit whose build failed: its last good pages, wherever they are."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.model.units import Tree, Unit
from generator.pipeline.atomic import copy_dir
from generator.pipeline.mkdocs import built_for_depth
from generator.pipeline.work import WorkFolder
from generator.render.unit_index import child_folders


def keep_published(
    tree: Tree, unit: Unit, work: WorkFolder, output: Path, paths: dict[str, str]
) -> tuple[bool, str | None]:
    """A failed unit with nothing staged (say, `build/` was cleaned) keeps what is published:
    its own files in the output tree, without its children's folders, become its stage (placed
    at its address now). `paths`: each unit's folder as the published list of units says.
    Returns whether it keeps pages, and why not when it has some it cannot."""
    stage = work.stage(unit.code)
    if stage.is_dir():
        if built_for_depth(stage, unit.depth):
            return True, None
        # built for the level it has left: placed at its new one, its links would be wrong
        shutil.rmtree(stage)
        return False, _moved_level()
    # Its pages are where the published list of units says, even if it has been renamed or moved
    # since; else (a list older than the unit's address) at its address now, unless that is
    # another unit's.
    others = {path for code, path in paths.items() if code != unit.code}
    for at in dict.fromkeys(filter(None, (paths.get(unit.code), unit.url_path))):
        published = output / at
        if at in others or not (published / "index.html").is_file():
            continue
        # Built for another level, its relative links to the theme and other units would be wrong.
        if not built_for_depth(published, unit.depth):
            return False, _moved_level(at)
        below = unit.children + unit.formers  # its former units' history sites are theirs
        children = child_folders(paths, at) | {tree.units[c].slug for c in below}
        copy_dir(published, stage, ignore=_leaving_out(published, children))
        return True, None
    return False, None


def _leaving_out(top: Path, names: set[str]):
    """A copy_dir ignore: these entries of the top folder (its children's sites), nothing below."""
    return lambda folder, entries: [n for n in entries if Path(folder) == top and n in names]


def _moved_level(at: str = "") -> str:
    return (
        f"trang đã đăng{f' ở {at}' if at else ''} không giữ được vì đơn vị đã chuyển sang cấp "
        "khác; hãy sửa lỗi ở trên để trang được xây dựng lại ở địa chỉ mới"
    )
