"""Digests of files, and of a staged site's files kept inside it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.pipeline.atomic import write_atomically

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
        try:
            kept = json.loads(record.read_text(encoding="utf-8"))
            if isinstance(kept, dict):
                return kept
        except (ValueError, UnicodeDecodeError):
            pass  # cut short by a killed build: computed again below
    sums = {
        p.relative_to(stage).as_posix(): file_digest(p)
        for p in sorted(stage.rglob("*"))
        if p.is_file() and not p.name.startswith(STAGE_SUMS)
    }
    write_atomically(record, json.dumps(sums, sort_keys=True).encode())
    return sums
