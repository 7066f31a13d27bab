"""A dataset: one disclosure of one kind by one unit (a budget stage, a year's list of poor
households), as read from its folder: metadata, tables and the digests of its source files."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model.posting import PostingRecord
from generator.model.tables import Table
from generator.model.versions import Version

METADATA_FILE = "thong-tin.yaml"


@dataclass
class Dataset:
    kind: str
    shown_folder: str  # the folder as staff name it, relative to the data root
    metadata: dict
    tables: dict[str, Table]
    key: tuple  # the values of the kind's key fields, e.g. (2025, "du-toan")
    sources: dict[str, str] = field(default_factory=dict)  # shown path -> SHA-256 of its bytes
    posting: PostingRecord | None = None  # when, where and how long it is posted
    versions: list[Version] = field(default_factory=list)  # earlier published ones, oldest first
    earlier_postings: list[PostingRecord] = field(default_factory=list)  # the versions' postings

    @property
    def first_posting(self) -> PostingRecord | None:
        """Its first publication: the one its deadline applies to."""
        return self.earlier_postings[0] if self.earlier_postings else self.posting

    @property
    def slug(self) -> str:
        return "-".join(str(part) for part in self.key)

    @property
    def year(self) -> int:
        return self.key[0]

    def shown(self, table: Table) -> str:
        """The path of a table's file as staff name it."""
        return f"{self.shown_folder}/{table.path.name}"
