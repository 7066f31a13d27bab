"""Stage 6, assemble: the staged sites and the shared theme files become the output tree.

A reader only ever sees a whole tree: the next one is prepared beside the live one and swapped in
at once (renameat2 exchange). Preparing it from nothing means creating every folder of every site
again, which for a country is most of a small rebuild's time. So the tree swapped out is kept
(`site.prev/`) with a record of what it holds, and the next build brings it up to date by
replacing only the sites that changed since, before swapping it in.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.pipeline.atomic import exchange, link_or_copy, replace_dir
from generator.pipeline.checksums import file_digest, stage_sums
from generator.publish.manifest import MANIFEST, write_manifest


@dataclass
class Placement:
    """Files that go to one place in the tree: a staged site (hard-linked: staged files never
    change in place), or the theme files (copied)."""

    at: str  # folder in the tree, "" for its top
    digests: dict[str, str]  # path inside `at` -> SHA-256
    # a staged site: each file is folder/path (not a path kept per file, for a country)
    folder: str = ""
    copied: dict[str, str] | None = None  # otherwise: path inside `at` -> file to copy there

    def source(self, path: str) -> str:
        return self.copied[path] if self.copied is not None else f"{self.folder}/{path}"

    @cached_property
    def signature(self) -> str:
        return hashlib.sha256(
            json.dumps([self.at, sorted(self.digests.items())]).encode()
        ).hexdigest()


def published_paths(placements: dict[str, Placement]) -> set[str]:
    """Every file the placements put in the tree, by its path from the tree's top."""
    return {f"{p.at}/{path}" if p.at else path for p in placements.values() for path in p.digests}


def staged_site(stage: Path, at: str) -> Placement:
    return Placement(at, stage_sums(stage), folder=str(stage))


def copied_files(files: list[tuple[str, Path]], at: str) -> Placement:
    return Placement(
        at,
        {path: file_digest(source) for path, source in files},
        copied={path: str(source) for path, source in files},
    )


def assemble(placements: dict[str, Placement], records: Path, output: Path) -> None:
    """Make `output` hold exactly `placements` (by name), swapped in whole. `records`: the work
    folder's records of what each kept tree holds (WorkFolder.assembly_records)."""
    spare = output.with_name(output.name + ".prev")
    held = _read_record(records, spare)
    if held is None:
        if spare.exists():
            shutil.rmtree(spare)
        spare.mkdir(parents=True)
        held = {}
    _forget(records, spare)  # while it changes, its record does not hold
    for name in sorted(held.keys() - placements.keys()):
        _remove(spare, held[name])
    changed = [
        (name, p)
        for name, p in placements.items()
        if not (held.get(name) and held[name]["signature"] == p.signature)
    ]
    # Every changed placement's old files go before any new file comes: a page that moves from
    # one placement to another (a redirect at a former address, then a unit's page there again)
    # is otherwise added, then removed with the placement that held it last.
    for name, _ in changed:
        if held.get(name):
            _remove(spare, held[name])
    for _, placement in changed:
        _add(spare, placement)
    manifest = spare / MANIFEST
    if manifest.exists():
        manifest.unlink()
    write_manifest(spare, [(p.at, p.digests) for p in placements.values()])
    record = {
        name: {"at": p.at, "signature": p.signature, "files": sorted(p.digests)}
        for name, p in placements.items()
    }
    _write_record(records, spare, record)  # kept by the folder's inode, so it follows the swap
    if output.exists() and exchange(spare, output):
        return  # `spare` now holds the tree that was live until now, and its record still holds
    if output.exists():  # no atomic exchange on this system: swap the slow way
        fresh = spare.with_name(output.name + ".new")
        os.replace(spare, fresh)
        replace_dir(fresh, output)
    else:
        os.replace(spare, output)
    # No tree was swapped out to keep: make the spare for the next build now, linked to the same
    # files (the first build's assembly costs twice; every later one, only what changed).
    _link_tree(output, spare)
    _write_record(records, spare, record)


def _link_tree(source: Path, copy: Path) -> None:
    for folder, _, names in os.walk(source):
        target = copy / Path(folder).relative_to(source)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.link(Path(folder) / name, target / name)


def _add(tree: Path, placement: Placement) -> None:
    made: set[Path] = set()
    put = link_or_copy if placement.copied is None else shutil.copy2
    for path in placement.digests:
        destination = tree / placement.at / path
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
        if os.path.lexists(destination):  # never written through: a link to a staged file
            destination.unlink()
        put(placement.source(path), destination)


def _remove(tree: Path, held: dict) -> None:
    """Remove a placement's files, and the folders they leave empty (not other placements')."""
    base = tree / held["at"]
    folders = set()
    placed = set(held["files"])
    for path in held["files"]:
        target = base / path
        target.unlink(missing_ok=True)
        # and its compressed copy, made after the build for a web server (publish/nginx.py):
        # never served for a file that changed or left
        if f"{path}.gz" not in placed:
            target.with_name(target.name + ".gz").unlink(missing_ok=True)
        folders.update(p for p in target.parents if p != base and base in p.parents)
    # Then the placement's own folder and, once they are empty, those above it (a district moved
    # after its communes: its old folder held only theirs), never the tree itself.
    above = [p for p in base.parents if tree in p.parents]
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True) + [base, *above]:
        if folder == tree:
            break
        try:
            folder.rmdir()
        except OSError:  # not empty: another placement's files, or a child unit's folder
            if folder == base or folder in above:
                break


def _record_path(records: Path, tree: Path) -> Path:
    return records / f"{os.stat(tree).st_ino}.json"


def _read_record(records: Path, tree: Path) -> dict | None:
    """What `tree` holds, if it is still the tree the record was written for: same folder
    (inode) and the same manifest bytes."""
    if not tree.is_dir() or not (tree / MANIFEST).is_file():
        return None
    try:
        record = json.loads(_record_path(records, tree).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("manifest") != file_digest(tree / MANIFEST):
        return None
    return record["placements"]


def _write_record(records: Path, tree: Path, placements: dict) -> None:
    records.mkdir(parents=True, exist_ok=True)
    live = tree.with_name(tree.name.removesuffix(".prev"))
    keep = {_record_path(records, t).name for t in (tree, live) if t.is_dir()}
    for stale in records.glob("*.json"):
        if stale.name not in keep:
            stale.unlink()
    _record_path(records, tree).write_text(
        json.dumps({"manifest": file_digest(tree / MANIFEST), "placements": placements}),
        encoding="utf-8",
    )


def _forget(records: Path, tree: Path) -> None:
    if tree.is_dir():
        _record_path(records, tree).unlink(missing_ok=True)
