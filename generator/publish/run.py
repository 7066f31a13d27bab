"""A whole build, published: the units' sites built into the work folder (pipeline.build), then
put together with the shared theme files into the output tree, swapped in whole."""

from __future__ import annotations

from pathlib import Path

from generator.model.units import Tree
from generator.pipeline.atomic import recover
from generator.pipeline.build import BuildOptions, BuildResult, build, remember, remembered
from generator.pipeline.lock import exclusive
from generator.pipeline.mkdocs import THEME_FOLDER
from generator.pipeline.work import ROOT_KEY, WorkFolder
from generator.publish.assembly import assemble, copied_files, staged_site
from generator.publish.keep import keep_published
from generator.publish.placeholders import FOLDER as PLACEHOLDERS
from generator.publish.placeholders import stage_placeholders
from generator.publish.redirects import FOLDER as REDIRECTS
from generator.publish.redirects import stage_redirects
from generator.render.unit_index import published_units, remembered_from


def run(options: BuildOptions, progress=None, on_total=None) -> BuildResult:
    """Build and publish. With `options.shard`, only that shard's leaves are built, into the work
    folder, and nothing is published: `merge` brings shards' work folders together."""
    with exclusive(options.work):
        recover(options.output)
        listed = published_units(options.output)
        # Without the work folder's memory (a runner without build/), the published list says who
        # the published units were: a unit whose unit.yaml no longer reads keeps its pages there
        # too.
        known = remembered(options.work)
        known = remembered_from(listed) if known is None else known
        work = WorkFolder(options.work)
        paths = {code: unit.path for code, unit in listed.items()}
        why: dict[str, str | None] = {}

        def keep(tree, codes) -> list[str]:
            """Give each failed unit what is published of it as its stage; those that have it."""
            for code in codes:
                if code not in why or why[code] == "":
                    kept, why_not = keep_published(
                        tree, tree.units[code], work, options.output, paths
                    )
                    why[code] = None if kept else (why_not or "")
            return [code for code in codes if why[code] is None]

        result = build(options, known, progress, on_total, keep=None if options.shard else keep)
        if options.shard:
            return result
        failed = [c for c in result.failed if c in result.tree.units]
        for code in keep(result.tree, failed):
            result.kept.append(code)
        for code in failed:
            if why[code]:
                result.failed[code] = [*result.failed[code], why[code]]
        result.removed = [
            (code, unit.title, unit.path)
            for code, unit in listed.items()
            if code not in result.tree.units
            and (options.output / unit.path / "index.html").is_file()
        ]
        held = placements(result.tree, work, result.theme_files)
        moved = stage_redirects(result.tree, held, work.root / REDIRECTS, options.site_url)
        if moved is not None:
            held[REDIRECTS] = moved
        # the units above link to a failed unit with nothing published: a page says why
        waiting = [c for c in failed if c not in result.kept and c not in held]
        placed = stage_placeholders(result.tree, waiting, held, work.root / PLACEHOLDERS)
        if placed is not None:
            held[PLACEHOLDERS] = placed
        assemble(held, work.assembly_records, options.output)
        remember(options.work, result.tree, known)
        return result


def placements(tree: Tree, work: WorkFolder, theme_files: list[tuple[str, Path]]) -> dict:
    """What the output tree holds: each unit's staged site at its place, the theme files once."""
    held = {}
    for code, at in [(ROOT_KEY, "")] + [(u.code, u.url_path.rstrip("/")) for u in tree]:
        stage = work.stage(code)
        if stage.is_dir():
            held[code] = staged_site(stage, at)
    held[THEME_FOLDER] = copied_files(theme_files, THEME_FOLDER)
    return held
