"""Units (province, district, commune, ...) and the tree they form; read by input.units.

The hierarchy is data: a unit is any folder holding a `unit.yaml`, its parent is the nearest
folder above holding one. Nothing here assumes a number of levels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.text import clean

UNIT_FILE = "unit.yaml"
UNIT_TYPES = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu")
VILLAGE_TYPES = ("thôn", "bản", "ấp", "làng", "buôn", "tổ dân phố", "khu phố", "khối", "tổ")


@dataclass(frozen=True)
class Village:
    code: str
    type: str
    name: str


@dataclass(frozen=True)
class FormerUnit:
    """A unit this one replaced (the 2025 reform merged communes and dissolved districts): who it
    was, where its site was published, and the decision that ended it."""

    code: str
    type: str
    name: str
    path: tuple[str, ...]  # its former address, slugs from the tree's top (empty: never published)
    date: dt.date  # the first day of the unit that replaced it
    resolution: str

    @property
    def title(self) -> str:
        return f"{self.type[:1].upper()}{self.type[1:]} {self.name}"

    @property
    def in_text(self) -> str:
        return f"{self.type} {self.name}"


@dataclass(frozen=True)
class FormerAddress:
    """Where a unit that was moved or renamed was published before, and since when it is not."""

    path: tuple[str, ...]
    date: dt.date
    resolution: str = ""


@dataclass
class Unit:
    code: str
    type: str
    name: str
    slug: str
    folder: Path
    shown_folder: str  # the folder as staff name it, relative to the data root
    sample: bool = False
    villages: tuple[Village, ...] = ()
    office: dict = field(default_factory=dict)
    reception: tuple[dict, ...] = ()
    owners: tuple[str, ...] = ()  # GitHub accounts or teams that may change its folder
    replaces: tuple[FormerUnit, ...] = ()  # the units merged into it, or dissolved into it
    former_addresses: tuple[FormerAddress, ...] = ()  # its own, before a move or a new name
    parent: str | None = None
    children: list[str] = field(default_factory=list)  # the current units below it
    # Former units whose data it keeps (their folders inside its own): each its own site under
    # this one's, counted in rollups for the years this unit has no figures of its own.
    formers: list[str] = field(default_factory=list)
    former: FormerUnit | None = None  # for a former unit: what its successor says of it
    path: tuple[str, ...] = ()  # slugs from the top of the tree down to this unit
    # "type name" of the units from the top of the tree down to this one («tỉnh Bình Sơn», …)
    lineage: tuple[str, ...] = ()
    # other units its data may name (the 2025 reform): the units it was under before a move, the
    # units merged into it, those merged with it
    also_named: tuple[str, ...] = ()
    broken: list = field(default_factory=list)  # problems of a unit.yaml that cannot be read now
    file_sha256: str = ""  # of its unit.yaml, from the bytes read when the tree was found

    @property
    def title(self) -> str:
        return f"{self.type[:1].upper()}{self.type[1:]} {self.name}"

    @property
    def in_text(self) -> str:
        """The name inside a sentence: "của xã Đông Hưng", the type in lower case, as Decree
        30/2020/NĐ-CP writes names of administrative units ("Xã Đông Hưng" starts a line)."""
        return f"{self.type} {self.name}"

    @property
    def village_word(self) -> str:
        """What the unit's villages are called, for headings and sentences: "thôn", "tổ dân
        phố" in a phường, "thôn, bản" where both are kept."""
        kinds = list(dict.fromkeys(v.type for v in self.villages if v.type))
        return ", ".join(kinds) or "thôn"

    @property
    def depth(self) -> int:
        return len(self.path)

    @property
    def url_path(self) -> str:
        """Where the unit's site lives inside the output tree, e.g. 'tinh-a/huyen-b/xa-c/'."""
        return "".join(f"{s}/" for s in self.path)

    @property
    def is_leaf(self) -> bool:
        """No current units below it: its own figures are what rollups count."""
        return not self.children

    @property
    def needs_below(self) -> bool:
        """Its pages show figures of units below it (rollups, or its former units' history), so
        its site is built once theirs are surveyed."""
        return bool(self.children or self.formers or self.replaces)

    def village(self, text: str) -> Village | None:
        """A village by its code or its name, as staff may write either."""
        return self.village_index().get(clean(text).casefold())

    def village_index(self) -> dict[str, Village]:
        """Villages by their codes and names in lower case (the first village of a name wins)."""
        index: dict[str, Village] = {}
        for v in self.villages:
            index.setdefault(v.code.casefold(), v)
            index.setdefault(v.name.casefold(), v)
        return index


@dataclass
class Tree:
    units: dict[str, Unit]
    roots: list[str]

    def __iter__(self):
        """Units in tree order: each parent before its children, siblings by name."""

        def walk(code):
            yield self.units[code]
            for child in self.units[code].children + self.units[code].formers:
                yield from walk(child)

        for root in self.roots:
            yield from walk(root)

    def ancestors(self, unit: Unit) -> list[Unit]:
        chain = []
        while unit.parent:
            unit = self.units[unit.parent]
            chain.append(unit)
        return chain[::-1]

    def descendants(self, unit: Unit) -> list[Unit]:
        """Every unit below `unit`, former units included."""
        found = []
        for child in unit.children + unit.formers:
            found.append(self.units[child])
            found.extend(self.descendants(self.units[child]))
        return found

    def successor(self, unit: Unit) -> Unit | None:
        """The unit a former unit was merged or dissolved into."""
        return self.units[unit.parent] if unit.former and unit.parent else None

    def subtree(self, code: str) -> list[Unit]:
        unit = self.units[code]
        return [unit, *self.descendants(unit)]


def is_staff_own(name: str) -> bool:
    """A folder staff keep for themselves (templates, notes, an old copy): "_" or "." first. Never
    read, wherever it is in the data."""
    return name.startswith(("_", "."))
