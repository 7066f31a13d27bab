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
from generator.input.sources import UnitSources
from generator.input.units import read_yaml_file
from generator.model.units import Tree, Unit
from generator.pipeline.atomic import write_atomically
from generator.pipeline.work import WorkFolder

REPO = Path(generator.__file__).resolve().parent.parent
# Not docs/: the guides are in the tree's top site alone (see guides_digest), and a typo fixed in
# one must not rebuild the country. Not the tools (sample country, bench, scaffolding): no build
# runs them.
FINGERPRINT_SOURCES = [REPO / "generator", REPO / "theme_overrides", REPO / "mkdocs.yml"]
NOT_IN_FINGERPRINT = ("tools", "sample.py", "README.md", "__pycache__")


# The libraries whose versions shape the output: pages, numbers, dates, names' order, tables read.
OUTPUT_PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "markupsafe",
    "babel",
    "pyyaml",
    "python-slugify",
    "openpyxl",
    "xlsxwriter",
    "pandas",
    "icalendar",
    "segno",
)


def _hash_file(digest, path: Path, shown: str) -> None:
    digest.update(shown.encode("utf-8") + b"\0")
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    digest.update(b"\0")


def generator_fingerprint() -> str:
    digest = hashlib.sha256(
        "|".join(
            [generator.__version__, *(f"{name} {version(name)}" for name in OUTPUT_PACKAGES)]
        ).encode()
    )
    for source in FINGERPRINT_SOURCES:
        files = (
            [source]
            if source.is_file()
            else sorted(
                p
                for p in source.rglob("*")
                if p.is_file() and not any(part in NOT_IN_FINGERPRINT for part in p.parts)
            )
        )
        for path in files:
            _hash_file(
                digest,
                path,
                path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path),
            )
    return digest.hexdigest()


def guides_digest() -> str:
    """The hand-written guides (docs/), part of the top site's key only: other sites link to the
    guides' index, never into a guide."""
    from generator.render.site_pages import SHARED_DOCS

    digest = hashlib.sha256()
    for path in sorted(p for p in SHARED_DOCS.rglob("*") if p.is_file()):
        _hash_file(digest, path, path.relative_to(SHARED_DOCS).as_posix())
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
    return hashlib.sha256(f"{fingerprint}|{own}|{context!r}".encode()).hexdigest()


def unit_context(tree: Tree, unit: Unit, rollups: dict) -> tuple:
    """What a unit's pages show of other units: its place, its ancestors and children, and the
    rollups of the units below it (kind name -> Rollup). A parent's home page also gives the
    site search every unit below by name: they are here through the rollups, which have a row
    for each in every kind."""
    ancestors = tuple((a.title, a.url_path) for a in tree.ancestors(unit))
    children = tuple(
        (c.title, c.url_path, len(c.children)) for c in (tree.units[x] for x in unit.children)
    )
    # what the reform changed: its banner, its sentences, its former addresses
    reform = (unit.former, unit.replaces, unit.former_addresses)
    return unit.url_path, ancestors, children, tuple(sorted(rollups.items())), reform


def tree_context(tree: Tree, newest, latest: dict) -> tuple:
    """What the tree's top page shows: every unit (whether it is sample data: the banner; until
    when a former unit was one), the newest disclosure, and each unit's newest year of each kind."""
    return (
        tuple((u.code, u.title, u.url_path, u.sample, u.former, latest.get(u.code)) for u in tree),
        newest,
    )


class ParsedYaml:
    """Parsed YAML files kept between builds while a file's size, time and inode are unchanged
    (its stat_signature) and the generator is the same: finding the tree reads every unit.yaml of
    the country on every build, much of a one-commune rebuild's time. Each is kept as its pickled
    bytes, unpickled when asked for: a country's unit.yaml files held as objects would be a large
    part of the main process's memory, inherited by every forked worker."""

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
        """A YAML file's data and the SHA-256 of its bytes, as input.units.read_yaml_file gives."""
        name = str(file)
        signature = stat_signature([name], time.time())
        kept = self.entries.get(name)
        if signature is not None and kept and kept[0] == signature:
            self.kept[name] = kept
            return pickle.loads(kept[2]), kept[1]
        data, digest = read_yaml_file(file)
        if signature is not None:
            self.kept[name] = (
                signature,
                digest,
                pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL),
            )
        return data, digest

    def save(self) -> None:
        if self.kept != self.entries:
            write_atomically(self.path, pickle.dumps((self.fingerprint, self.kept)))


class FactsCache:
    """Survey results per unit, reused while the unit's files and the generator are unchanged."""

    def __init__(self, work: WorkFolder, fingerprint: str):
        self.work = work
        self.fingerprint = fingerprint

    def get(self, code: str, own: str):
        path = self.work.facts_file(code)
        if not path.is_file():
            return None
        try:
            key, value = pickle.loads(path.read_bytes())
        except Exception:  # a damaged cache entry is only a miss
            return None
        return value if key == (self.fingerprint, own) else None

    def own_digest(self, code: str, sources: UnitSources) -> str:
        """The unit's own digest (UnitSources.digest), its files' digests taken from the last
        build for files whose size, times and inode did not change: a build after a one-commune
        change then reads that commune's files only."""
        signature = stat_signature(sources.files, time.time())
        record = self.work.files_record(code)
        if signature is not None and record.is_file():
            try:
                stored = json.loads(record.read_text(encoding="utf-8"))
                if stored["signature"] == signature:
                    sources.know(stored["files"])
                    return stored["digest"]
            except (ValueError, KeyError, TypeError):
                pass
        digests = sources.digests()
        digest = sources.digest(digests)
        if signature is not None:
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(
                json.dumps({"signature": signature, "digest": digest, "files": digests}),
                encoding="utf-8",
            )
        return digest

    def put(self, code: str, own: str, value) -> None:
        self.work.facts_folder.mkdir(parents=True, exist_ok=True)
        self.work.facts_file(code).write_bytes(pickle.dumps(((self.fingerprint, own), value)))
