"""SHA256SUMS for the whole output tree, so anyone can check a copy of the site with
`sha256sum -c SHA256SUMS` from the tree's top folder."""

from __future__ import annotations

import hashlib
import heapq
import json
from collections.abc import Iterable
from pathlib import Path

MANIFEST = "SHA256SUMS"
STAGE_SUMS = ".congkhai-sha256"  # inside a staged site: its files' digests; never published


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stage_sums(stage: Path) -> dict[str, str]:
    """Digests of a staged site's files, by path inside it. Staged files are never changed in
    place, so the digests are computed once, when the site is staged, and kept inside the stage
    to be swapped with it: a build after a one-commune change hashes that commune only."""
    record = stage / STAGE_SUMS
    if record.is_file():
        return json.loads(record.read_text(encoding="utf-8"))
    sums = {p.relative_to(stage).as_posix(): file_digest(p)
            for p in sorted(stage.rglob("*")) if p.is_file() and p.name != STAGE_SUMS}
    record.write_text(json.dumps(sums, sort_keys=True), encoding="utf-8")
    return sums


def write_manifest(root: Path, listings: Iterable[tuple[str, dict[str, str]]]) -> Path:
    """SHA256SUMS listing the files of every (folder, {path inside it: SHA-256}) in `listings`,
    in path order. Written as it is merged: a country has a quarter of a million files, and a list
    of its lines (and their text joined) was the largest thing a build held."""
    def lines(at: str, digests: dict[str, str]):
        prefix = f"{at}/" if at else ""
        for parts, path in sorted(((prefix + path).split("/"), path) for path in digests):
            yield parts, f"{digests[path]}  {prefix}{path}\n"

    target = root / MANIFEST
    with target.open("w", encoding="utf-8") as manifest:
        manifest.writelines(line for _, line in heapq.merge(*(lines(*listing) for listing in listings),
                                                              key=lambda item: item[0]))
    return target
