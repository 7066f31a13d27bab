"""SHA256SUMS for the whole output tree, so anyone can check a copy of the site with
`sha256sum -c SHA256SUMS` from the tree's top folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

MANIFEST = "SHA256SUMS"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(root: Path) -> Path:
    lines = [f"{file_digest(p)}  {p.relative_to(root).as_posix()}"
             for p in sorted(root.rglob("*")) if p.is_file() and p.name != MANIFEST]
    target = root / MANIFEST
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
