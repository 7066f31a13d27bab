"""Surveying a unit: every dataset of every kind read once, checked and summarized once."""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass, field, replace

from generator.checks.datasets import published_about_itself
from generator.input.sources import UnitSources
from generator.kinds.registry import all_kinds
from generator.model.datasets import METADATA_FILE, Dataset
from generator.model.facts import UnitFacts
from generator.model.posting import NO_DEADLINE, PostingRecord
from generator.model.problems import Problems
from generator.model.units import Unit


def survey_unit(
    unit: Unit, sources: UnitSources | None = None
) -> tuple[UnitFacts, Problems, dict[str, list[Dataset]]]:
    """(facts, problems, datasets by kind name) of a unit, its files read from `sources`."""
    sources = sources or UnitSources(unit)
    problems = Problems()
    facts = UnitFacts(code=unit.code)
    datasets = {}
    for kind in all_kinds():
        found = datasets[kind.name] = kind.load(unit, problems, sources, datasets)
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
        kept = replace(facts, disclosures=[]) if unit.is_leaf else facts
        return cls(
            problems,
            SurveyedFacts.pack(kept),
            facts.newest_posted,
            pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL),
            None if unit.is_leaf else pickle.dumps(datasets, protocol=pickle.HIGHEST_PROTOCOL),
            about_itself(datasets),
            tuple(facts.disclosures),
            facts.postings,
        )

    def facts(self) -> UnitFacts:
        return pickle.loads(self.facts_pickle)

    def datasets(self) -> dict[str, list[Dataset]] | None:
        return None if self.datasets_pickle is None else pickle.loads(self.datasets_pickle)
