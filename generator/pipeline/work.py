"""The work folder (build/ by default) and the one object that knows its layout: every path in
it is made here, so a change of layout is a change of this file alone.

    stage/<code>/          a unit's built site, whole (swapped in when a build of it succeeds)
    stage/<code>.new/      a unit's site while MkDocs builds it
    stage/<code>.key       the digest of all the staged site was built from (see cache.site_key)
    stage/<code>.facts     a commune's figures as its staged site shows them
    units/<code>/          a unit's generated Markdown pages and MkDocs configuration
    facts/<code>.pickle    a unit's survey (figures and problems; a parent's datasets too)
    facts/<code>.files.json  its files' sizes and times with their digests, from the last build
    templates/             compiled Jinja templates, shared by the workers
    units.json, unit-files.pickle, theme-files.json, assembled/, shard.json, .lock, congkhai-loi.log
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from generator.pipeline.atomic import copy_dir, link_or_copy

ROOT_KEY = "_root"  # the tree's top site, staged beside the units'


class WorkFolder:
    def __init__(self, root: Path):
        self.root = root

    # -- staged sites ------------------------------------------------------------------------

    def stage(self, code: str) -> Path:
        return self.root / "stage" / code

    def fresh_stage(self, code: str) -> Path:
        """Where MkDocs builds a unit's site, beside its staged one until the swap."""
        return self.root / "stage" / f"{code}.new"

    def stage_key_file(self, code: str) -> Path:
        return self.root / "stage" / f"{code}.key"

    def stage_facts_file(self, code: str) -> Path:
        return self.root / "stage" / f"{code}.facts"

    def stage_is_current(self, code: str, key: str) -> bool:
        stored = self.stage_key_file(code)
        return self.stage(code).is_dir() and stored.is_file() and stored.read_text() == key

    def store_key(self, code: str, key: str) -> None:
        self.stage_key_file(code).write_text(key)

    def store_published_facts(self, code: str, packed: bytes) -> None:
        """Beside a leaf's staged site, the figures it was built from: while the leaf's data has
        errors its published pages stay, and its district and province keep rolling up these."""
        self.stage_facts_file(code).write_bytes(packed)

    def published_facts(self, code: str):
        """A leaf's figures as its staged site shows them (see store_published_facts): its packed
        facts and their newest disclosure date, or None without a staged site or its figures."""
        stored = self.stage_facts_file(code)
        if not self.stage(code).is_dir() or not stored.is_file():
            return None
        packed = stored.read_bytes()
        try:
            return packed, pickle.loads(packed).newest_posted
        except Exception:  # noqa: BLE001 - damaged: the leaf is then shown without figures
            return None

    # -- generated pages, caches -------------------------------------------------------------

    def unit_folder(self, code: str) -> Path:
        """A unit's generated docs/ and mkdocs.yml."""
        return self.root / "units" / code

    @property
    def facts_folder(self) -> Path:
        return self.root / "facts"

    def facts_file(self, code: str) -> Path:
        return self.facts_folder / f"{code}.pickle"

    def files_record(self, code: str) -> Path:
        return self.facts_folder / f"{code}.files.json"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def memory(self) -> Path:
        """Identities of the last good units, for units whose unit.yaml breaks."""
        return self.root / "units.json"

    @property
    def unit_files_cache(self) -> Path:
        """Parsed unit.yaml files, reused while unchanged."""
        return self.root / "unit-files.pickle"

    @property
    def theme_files_cache(self) -> Path:
        """The theme's static files, listed again when the theme changes."""
        return self.root / "theme-files.json"

    @property
    def assembly_records(self) -> Path:
        """What each output tree kept by the assembly holds."""
        return self.root / "assembled"

    @property
    def shard_record(self) -> Path:
        return self.root / "shard.json"

    @property
    def error_log(self) -> Path:
        return self.root / "congkhai-loi.log"

    def naive_site(self, code: str) -> Path:
        """Where the bench builds a unit's site the naive way."""
        return self.root / "naive" / code

    # -- housekeeping ------------------------------------------------------------------------

    def forget_units_except(self, codes) -> None:
        """Drop what is kept for units not in `codes` (a commune removed, or given another code):
        a new unit given a freed code must never be published with the old unit's pages or count
        its figures."""
        for folder in (self.root / "stage", self.facts_folder, self.root / "units"):
            if not folder.is_dir():
                continue
            for entry in folder.iterdir():
                code = entry.name.split(".", 1)[0]
                if code in codes or code == ROOT_KEY:
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()

    def import_unit(self, other: WorkFolder, code: str) -> bool:
        """Take a unit's staged site, key, figures and survey from another work folder (a shard's);
        False when it has no staged site there."""
        key, source = other.stage_key_file(code), other.stage(code)
        if not (key.is_file() and source.is_dir()):
            return False
        copy_dir(source, self.stage(code), copy_function=link_or_copy)
        shutil.copyfile(key, self.stage_key_file(code))
        if other.stage_facts_file(code).is_file():
            shutil.copyfile(other.stage_facts_file(code), self.stage_facts_file(code))
        return True

    def import_survey(self, other: WorkFolder, code: str) -> None:
        if other.facts_file(code).is_file():
            self.facts_folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(other.facts_file(code), self.facts_file(code))
