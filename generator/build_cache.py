"""What a unit's site depends on, as one digest, so that a build redoes only what changed.

A unit's site depends on its own files (not its children's), on the generator (code, schemas,
templates, theme overrides, shared docs, the MkDocs and Material versions) and on what its pages
show of other units: its ancestors' and children's names and places, and the rollup figures
of its descendants. The same digest means the same bytes, because builds are deterministic.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from importlib.metadata import version
from pathlib import Path

import generator
from generator.atomic import write_atomically
from generator.safe_yaml import load_yaml
from generator.units import UNIT_FILE, Tree, Unit, is_staff_own

REPO = Path(generator.__file__).resolve().parent.parent
# Not docs/: the guides are in the tree's top site alone (see guides_digest), and a typo fixed in
# one must not rebuild the country.
FINGERPRINT_SOURCES = [REPO / "generator", REPO / "theme_overrides", REPO / "mkdocs.yml"]


# The libraries whose versions shape the output: pages, numbers, dates, names' order, tables read.
OUTPUT_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "markupsafe", "babel",
                   "pyyaml", "python-slugify", "openpyxl")


def _hash_file(digest, path: Path, shown: str) -> None:
    digest.update(shown.encode("utf-8") + b"\0")
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    digest.update(b"\0")


def generator_fingerprint() -> str:
    digest = hashlib.sha256("|".join([generator.__version__, *(f"{name} {version(name)}" for name in OUTPUT_PACKAGES)]).encode())
    for source in FINGERPRINT_SOURCES:
        files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file()
                                                          and "__pycache__" not in p.parts)
        for path in files:
            _hash_file(digest, path, path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path))
    return digest.hexdigest()


def guides_digest() -> str:
    """The hand-written guides (docs/), part of the top site's key only: other sites link to the
    guides' index, never into a guide."""
    from generator.site_pages import SHARED_DOCS

    digest = hashlib.sha256()
    for path in sorted(p for p in SHARED_DOCS.rglob("*") if p.is_file()):
        _hash_file(digest, path, path.relative_to(SHARED_DOCS).as_posix())
    return digest.hexdigest()


def own_files(unit: Unit, folders: bool = False) -> list[str]:
    """The unit's own files: everything in its folder except the folders of units below it and
    staff's own folders (symlinks included, as themselves). Paths as text: this runs for every unit on every build.
    folders: with its folders too, each ending in "/" (an empty year folder is an error)."""
    found = []

    def walk(folder: str):
        with os.scandir(folder) as listing:  # entry types come with the listing: no stat each
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            if entry.is_symlink() or entry.is_file():
                found.append(entry.path)
            elif entry.is_dir():
                if is_staff_own(entry.name) or os.path.exists(os.path.join(entry.path, UNIT_FILE)):
                    continue  # never read, or another unit's
                if folders:
                    found.append(entry.path + "/")
                walk(entry.path)

    walk(str(unit.folder))
    return found


def own_files_digest(unit: Unit, files: list[str]) -> str:
    digest = hashlib.sha256()
    for text in files:
        path = Path(text)
        if text.endswith("/"):
            digest.update(f"folder {path.relative_to(unit.folder).as_posix()}\0".encode())
        elif path.is_symlink():
            digest.update(f"link {path.relative_to(unit.folder)}".encode())
        else:
            _hash_file(digest, path, path.relative_to(unit.folder).as_posix())
    return digest.hexdigest()


RACY_SECONDS = 2  # a file changed this recently may change again within its timestamp's tick


def stat_signature(files: list[str], now: float) -> list | None:
    """(name, size, modified and changed ns, inode) of each file, as git's index keeps them: a copy
    that puts the old modified time back (cp -p, rsync -t, an unpacked archive) still changes the
    file's ctime. None when a file is too fresh for its timestamp to prove it unchanged later."""
    signature = []
    for path in files:
        info = os.lstat(path)
        if now - max(info.st_mtime, info.st_ctime) < RACY_SECONDS:
            return None
        signature.append([path, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino])
    return signature


def site_key(fingerprint: str, own: str, context) -> str:
    """The digest a unit's built site is stored under; `context` is what it shows of others."""
    return hashlib.sha256(f"{fingerprint}|{own}|{context!r}".encode("utf-8")).hexdigest()


def unit_context(tree: Tree, unit: Unit, rollups: dict) -> tuple:
    ancestors = tuple((a.title, a.url_path) for a in tree.ancestors(unit))
    children = tuple((c.title, c.url_path, len(c.children)) for c in (tree.units[x] for x in unit.children))
    own_rollups = tuple((kind, rollup) for (code, kind), rollup in sorted(rollups.items()) if code == unit.code)
    return unit.url_path, ancestors, children, own_rollups


def tree_context(tree: Tree, newest) -> tuple:
    return tuple((u.code, u.title, u.url_path, u.sample) for u in tree), newest  # sample: the top site's banner


class ParsedYaml:
    """Parsed YAML files kept between builds while a file's size, time and inode are unchanged
    (its stat_signature, as for own_digest) and the generator is the same: finding the tree reads every unit.yaml of
    the country on every build, a third of a one-commune rebuild's time before the cache. Each is
    kept as its pickled bytes, unpickled when asked for: a country's unit.yaml files held as
    objects were a third of the main process's memory at 3,321 communes, and every forked worker
    counted them again."""

    def __init__(self, path: Path, fingerprint: str):
        self.path, self.fingerprint = path, fingerprint
        try:
            stored_for, self.entries = pickle.loads(path.read_bytes())
        except Exception:  # absent or damaged: every file is read
            stored_for, self.entries = None, {}
        if stored_for != fingerprint:
            self.entries = {}
        self.kept: dict = {}  # what this build read and may keep: files gone since are dropped

    def load(self, file: Path):
        name = str(file)
        signature = stat_signature([name], time.time())
        kept = self.entries.get(name)
        if signature is not None and kept and kept[0] == signature:
            self.kept[name] = kept
            return pickle.loads(kept[1])
        data = load_yaml(file)
        if signature is not None:
            self.kept[name] = (signature, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        return data

    def save(self) -> None:
        if self.kept != self.entries:
            write_atomically(self.path, pickle.dumps((self.fingerprint, self.kept)))


class FactsCache:
    """Survey results per unit, reused while the unit's files and the generator are unchanged."""

    def __init__(self, folder: Path, fingerprint: str):
        self.folder = folder
        self.fingerprint = fingerprint

    def get(self, unit: Unit, own: str):
        path = self.folder / f"{unit.code}.pickle"
        if not path.is_file():
            return None
        try:
            key, value = pickle.loads(path.read_bytes())
        except Exception:  # a damaged cache entry is only a miss
            return None
        return value if key == (self.fingerprint, own) else None

    def own_digest(self, unit: Unit) -> str:
        """own_files_digest, read from the cache when no file's size, time or inode changed:
        a build after a one-commune change then reads that commune's files only."""
        files = own_files(unit, folders=True)
        signature = stat_signature(files, time.time())
        record = self.folder / f"{unit.code}.files.json"
        if signature is not None and record.is_file():
            try:
                stored = json.loads(record.read_text(encoding="utf-8"))
                if stored["signature"] == signature:
                    return stored["digest"]
            except (ValueError, KeyError):
                pass
        digest = own_files_digest(unit, files)
        if signature is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            record.write_text(json.dumps({"signature": signature, "digest": digest}), encoding="utf-8")
        return digest

    def put(self, unit: Unit, own: str, value) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{unit.code}.pickle").write_bytes(pickle.dumps(((self.fingerprint, own), value)))
