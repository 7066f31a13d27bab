"""SHA256SUMS for the whole output tree, so anyone can check a copy of the site with
`sha256sum -c SHA256SUMS` from the tree's top folder."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from pathlib import Path

MANIFEST = "SHA256SUMS"


def write_manifest(root: Path, listings: Iterable[tuple[str, dict[str, str]]]) -> Path:
    """SHA256SUMS listing the files of every (folder, {path inside it: SHA-256}) in `listings`,
    in path order. Written as it is merged: a country has a quarter of a million files, and a list
    of its lines (and their text joined) would be the largest thing a build holds."""

    def lines(at: str, digests: dict[str, str]):
        prefix = f"{at}/" if at else ""
        for parts, path in sorted(((prefix + path).split("/"), path) for path in digests):
            yield parts, f"{digests[path]}  {prefix}{path}\n"

    target = root / MANIFEST
    with target.open("w", encoding="utf-8") as manifest:
        manifest.writelines(
            line
            for _, line in heapq.merge(
                *(lines(*listing) for listing in listings), key=lambda item: item[0]
            )
        )
    return target
