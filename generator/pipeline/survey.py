"""Surveying a unit: every dataset of every kind read once, checked and summarized once."""

from __future__ import annotations

import datetime as dt
import os
import pickle
from dataclasses import dataclass, field, replace

from generator.checks.datasets import published_about_itself
from generator.input.sources import UnitSources, own_files, sha256
from generator.kinds.registry import all_kinds
from generator.model.datasets import METADATA_FILE, Dataset
from generator.model.facts import UnitFacts
from generator.model.posting import NO_DEADLINE, PostingRecord
from generator.model.problems import Problems
from generator.model.units import Tree, Unit


def survey_unit(
    unit: Unit, sources: UnitSources | None = None, tree: Tree | None = None
) -> tuple[UnitFacts, Problems, dict[str, list[Dataset]]]:
    """(facts, problems, datasets by kind name) of a unit, its files read from `sources`. With the
    `tree`, a unit below the top reads the flowing-down kinds from the top unit (kinds/base.py)."""
    sources = sources or UnitSources(unit)
    problems = Problems()
    facts = UnitFacts(code=unit.code)
    datasets = {}
    top = holder_of(tree, unit) if tree is not None else None
    for kind in all_kinds():
        if kind.flows_down and top is not None:
            kind.load(unit, problems, sources)  # refuses a copy kept here
            found = datasets[kind.name] = _held(kind, tree, unit, top, problems)
            facts.summaries[kind.name] = kind.summarize(unit, found)
            continue  # the holder's disclosure, not this unit's
        below = tree.descendants(unit) if kind.flows_down and tree is not None else None
        found = datasets[kind.name] = kind.load(unit, problems, sources, datasets, below)
        facts.summaries[kind.name] = kind.summarize(unit, found)
        facts.disclosures.extend(kind.disclosures(found))
        if kind.periodicity not in ("yearly", "quarterly"):
            continue
        by_year = facts.postings[kind.name] = {}
        for dataset in found:
            record = dataset.first_posting
            if record is not None:
                late = record.late_days if record.deadline else NO_DEADLINE
                by_year[dataset.year] = max(by_year.get(dataset.year, NO_DEADLINE), late)

    posted = [d.posted for d in facts.disclosures]
    facts.newest_posted = max(posted) if posted else None
    return facts, problems, datasets


def holder_of(tree: Tree, unit: Unit) -> Unit | None:
    """The unit at the top of `unit`'s tree, holding the flowing-down kinds; None for the top."""
    ancestors = tree.ancestors(unit)
    return ancestors[0] if ancestors else None


# per process: a holder's folder -> (its files' stat signature, their digest, the UnitSources that
# made it, which keep the bytes read for it)
_FOLDER_DIGESTS: dict[str, tuple] = {}


def _folder_digest(holder: Unit, folder_name: str, cache=None) -> str:
    """The digest of a kind's folder in its holder: its files' names and SHA-256, hashed again
    only when a file's size, times or inode changed: within a process, and across builds through
    `cache` (pipeline.cache.FactsCache, which keeps the files' digests of the last build)."""
    folder = holder.folder / folder_name
    if not folder.is_dir():
        return "-"
    files = own_files(folder, with_folders=True)
    signature = tuple(
        (name, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        for name in files
        for info in (os.lstat(name),)
    )
    kept = _FOLDER_DIGESTS.get(str(folder))
    if kept is None or kept[0] != signature:
        sources = UnitSources(holder, files)
        if cache is not None:  # recorded beside the holder's own files' digests
            digest = cache.own_digest(f"{holder.code}.held-{folder_name}", sources)
        else:
            digest = sources.digest()
        kept = _FOLDER_DIGESTS[str(folder)] = (signature, digest, sources)
    return kept[1]


def held_digest(tree: Tree, unit: Unit, cache=None) -> str:
    """What a unit's survey reads beyond its own files, for its cache key: below the top, the
    flowing-down kinds' folders in the top unit; at the top, the units below it, which its
    flowing-down rows name. Empty when no kind flows down."""
    kinds = [k for k in all_kinds() if k.flows_down]
    if not kinds:
        return ""
    top = holder_of(tree, unit)
    if top is None:
        # with what the reform says of each: which frames may name it (land_prices.in_force_for)
        below = sorted(
            (u.code, u.type, u.name, repr(u.former), repr(u.replaces))
            for u in tree.descendants(unit)
        )
        return sha256(repr(below).encode())
    # and the units below the top: a unit added there can make the top's rows fail their check
    held = "|".join(f"{k.name} {_folder_digest(top, k.folder, cache)}" for k in kinds)
    return sha256(f"{held}|{held_digest(tree, top)}".encode())


# per process: a kind's name -> (what it was read from, the holder's datasets, whether they failed)
_HELD: dict[str, tuple] = {}


def _held(kind, tree: Tree, unit: Unit, top: Unit, problems: Problems) -> list[Dataset]:
    """`unit`'s parts of a flowing-down kind's datasets held by `top`, read once a process while
    they are unchanged. Their problems are the holder's; a unit below is told once that they
    stop its build (it keeps its published pages)."""
    read_from = (str(top.folder), _folder_digest(top, kind.folder), held_digest(tree, top))
    kept = _HELD.get(kind.name)
    if kept is None or kept[0] != read_from:
        found = Problems()
        # the bytes its digest was made from, when it was read in this process: read once
        kept_sources = _FOLDER_DIGESTS.get(str(top.folder / kind.folder), (None, None, None))[2]
        sources = kept_sources or UnitSources(top)
        datasets = kind.load(top, found, sources, below=tree.descendants(top))
        kept = _HELD[kind.name] = (read_from, datasets, bool(found.errors))
    if kept[2]:
        problems.add(unit.shown_folder, "dataset-held-broken", kind=kind.title, holder=top.in_text)
        return []
    return [part for d in kept[1] if (part := kind.held_part(unit, d)) is not None]


def about_itself(datasets: dict[str, list[Dataset]]) -> tuple[tuple[str, str, str], ...]:
    """(file, column, text) of every dataset's title, issuer and office."""
    return tuple(
        text
        for kind in all_kinds()
        for d in datasets.get(kind.name, [])
        for text in published_about_itself(
            f"{d.shown_folder}/{METADATA_FILE}", kind.schema, d.metadata
        )
    )


class SurveyedFacts:
    """Every surveyed unit's facts, held by the main process from the first pass to the second,
    each as the bytes a worker pickled it to (a few KB a commune; as objects, several times that),
    unpacked a parent's descendants at a time."""

    @staticmethod
    def pack(facts: UnitFacts) -> bytes:
        """In the worker: what travels to the main process and is kept there."""
        return pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)

    def __init__(self):
        self._packed: dict[str, bytes] = {}
        self.newest_posted: dt.date | None = None  # the newest disclosure of all

    def add(self, code: str, packed: bytes, newest_posted: dt.date | None) -> None:
        self._packed[code] = packed
        if newest_posted and (self.newest_posted is None or newest_posted > self.newest_posted):
            self.newest_posted = newest_posted

    def __contains__(self, code: str) -> bool:
        return code in self._packed

    def discard(self, code: str) -> None:
        """Forget a unit's figures (its site failed to build: what was published counts)."""
        self._packed.pop(code, None)

    def get(self, code: str) -> UnitFacts | None:
        packed = self._packed.get(code)
        return None if packed is None else pickle.loads(packed)


@dataclass
class Survey:
    """A unit's survey as the survey cache keeps it. Its facts and datasets stay pickled inside
    until asked for: an unchanged unit's build needs only its problems and what the main process
    keeps (`packed`), and a country's rebuild reads a thousand of them."""

    problems: Problems
    packed: bytes  # SurveyedFacts.pack: a leaf's facts without its disclosures, a parent's whole
    newest_posted: dt.date | None
    facts_pickle: bytes
    datasets_pickle: bytes | None  # a parent's (its pages are built from them in the second pass)
    # what its datasets say of who publishes them, checked against the tree at every build
    about_itself: tuple[tuple[str, str, str], ...] = ()
    # its postings and years published by kind: what its pages state of the build date
    records: tuple[PostingRecord, ...] = ()
    postings: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(
        cls, unit: Unit, facts: UnitFacts, problems: Problems, datasets: dict[str, list[Dataset]]
    ) -> Survey:
        # A leaf's disclosures are half of its facts; its pages are built in the first pass.
        kept = facts if unit.needs_below else replace(facts, disclosures=[])
        return cls(
            problems,
            SurveyedFacts.pack(kept),
            facts.newest_posted,
            pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL),
            pickle.dumps(datasets, protocol=pickle.HIGHEST_PROTOCOL) if unit.needs_below else None,
            about_itself(datasets),
            # with the statuses it shows of disclosures held above it (a land price frame)
            tuple(facts.disclosures)
            + tuple(
                d.posting
                for kind in all_kinds()
                if kind.flows_down
                for d in datasets.get(kind.name, [])
                if d.posting is not None and d.posting not in facts.disclosures
            ),
            facts.postings,
        )

    def facts(self) -> UnitFacts:
        return pickle.loads(self.facts_pickle)

    def datasets(self) -> dict[str, list[Dataset]] | None:
        return None if self.datasets_pickle is None else pickle.loads(self.datasets_pickle)
