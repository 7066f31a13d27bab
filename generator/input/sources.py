"""A unit's own files, each read at most once a build: the digest that says whether the unit
changed and the rows its tables hold come from the same bytes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from generator.model.units import UNIT_FILE, Unit, is_staff_own


def own_files(folder: Path, with_folders: bool = False) -> list[str]:
    """A unit's own files: everything in its folder except the folders of units below it and
    staff's own folders (symlinks included, as themselves), as paths in name order.
    with_folders: its folders too, each ending in "/" (an empty year folder is an error)."""
    found = []

    def walk(at: str):
        with os.scandir(at) as listing:  # entry types come with the listing: no stat each
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            if entry.is_symlink() or entry.is_file():
                found.append(entry.path)
            elif entry.is_dir():
                if is_staff_own(entry.name) or os.path.exists(os.path.join(entry.path, UNIT_FILE)):
                    continue  # never read, or another unit's
                if with_folders:
                    found.append(entry.path + "/")
                walk(entry.path)

    walk(str(folder))
    return found


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


KEPT_BYTES = 32 * 1024 * 1024  # above every reader's limit: a larger file is hashed, never held


class UnitSources:
    """The own files of one unit. `data` reads a file the first time it is asked for and keeps
    its bytes and digest; `digest` is the unit's, made from every file's digest, each known from
    an earlier build (`known`) or read now."""

    def __init__(self, unit: Unit, files: list[str] | None = None):
        self.folder = unit.folder
        self.files = own_files(unit.folder, with_folders=True) if files is None else files
        self._data: dict[str, bytes | None] = {}
        self._sha256: dict[str, str] = {}
        if unit.file_sha256:  # read when the tree was found
            self._sha256[str(unit.folder / UNIT_FILE)] = unit.file_sha256

    def data(self, path: Path | str) -> bytes | None:
        """The file's bytes, read once; None for a file too large for any reader (its readers
        refuse it by its size, without reading it)."""
        name = str(path)
        if name not in self._data:
            with open(name, "rb") as handle:
                if os.fstat(handle.fileno()).st_size > KEPT_BYTES:
                    digest = hashlib.sha256()
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
                    self._data[name], self._sha256[name] = None, digest.hexdigest()
                else:
                    self._data[name] = handle.read()
                    self._sha256[name] = sha256(self._data[name])
        return self._data[name]

    def sha256(self, path: Path | str) -> str:
        name = str(path)
        if name not in self._sha256:
            self.data(name)
        return self._sha256[name]

    def know(self, digests: dict[str, str]) -> None:
        """File digests from an earlier build, for files whose size and times are unchanged."""
        for name, digest in digests.items():
            self._sha256.setdefault(name, digest)

    def digests(self) -> dict[str, str]:
        """Every own file's digest (a link stands for itself: it is never read)."""
        return {
            name: self.sha256(name)
            for name in self.files
            if not name.endswith("/") and not os.path.islink(name)
        }

    def digest(self, digests: dict[str, str] | None = None) -> str:
        """The unit's own digest: its files' names (relative to the unit) and digests, its folders
        and its links, in name order."""
        digests = self.digests() if digests is None else digests
        lines = []
        for name in self.files:
            shown = Path(name).relative_to(self.folder).as_posix()
            if name.endswith("/"):
                lines.append(f"folder {shown}/")
            elif name in digests:
                lines.append(f"file {shown} {digests[name]}")
            else:
                lines.append(f"link {shown}")
        return sha256("\n".join(lines).encode("utf-8"))

    def size(self) -> int:
        """Bytes of the unit's own files: what its build time follows."""
        return sum(os.lstat(name).st_size for name in self.files if not name.endswith("/"))
