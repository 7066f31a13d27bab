"""Poor and near-poor households (hộ nghèo, hộ cận nghèo) of a commune, one list a year.

The first year's list is drawn; each later year is derived from the one before, as a yearly
review changes it: most households stay, some escape poverty and leave the list, some poor
households become near-poor ("mới thoát nghèo"), and newly poor households join.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from generator.model.text import fold as _fold
from generator.model.text import person_name_key
from generator.tools.sample.days import after, between
from generator.tools.sample.files import dataset_folder, kind_schema, write_table, write_yaml
from generator.tools.sample.metadata import Decision, decision_number, metadata
from generator.tools.sample.names import NamePicker
from generator.tools.sample.shares import cap_parts, split
from generator.tools.sample.units import SampleOptions, SampleUnit

# Names repeat across households and communes; caching their keys keeps big samples fast.
fold = lru_cache(maxsize=200_000)(_fold)
name_key = lru_cache(maxsize=200_000)(person_name_key)

KIND = "poverty"
POOR, NEAR_POOR = "ngheo", "can-ngheo"
KEPT, NEW, ESCAPED = "giu-nguyen", "moi-phat-sinh", "moi-thoat-ngheo"
SHARE_POOR = 0.4
SHARE_FEMALE_HEADS = 0.35
MEMBER_WEIGHTS = (8, 15, 20, 25, 16, 9, 4, 3)  # households of 1, 2, ... 8 people
LEAVE_LIST = 0.12  # escape poverty altogether and drop off the list
POOR_TO_NEAR = 0.2  # poor households that become near-poor
NEWLY_POOR = (0.06, 0.12)  # new households, as a share of last year's list
# Villages hold 150–600 households; poor and near-poor make up 3–15 % of each.
VILLAGE_SIZE = (150, 600)
VILLAGE_RATE = (0.03, 0.15)
LEGAL_BASIS = "Quyết định 24/2021/QĐ-TTg; Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15, Điều 11"


@dataclass(frozen=True)
class Household:
    head: str
    village: str  # village code from unit.yaml
    members: int
    category: str
    change: str


def standard(year: int) -> str:
    """The poverty standard a year's review applies (configuration in the real product)."""
    if year <= 2025:
        return "Nghị định 07/2021/NĐ-CP, chuẩn nghèo đa chiều giai đoạn 2022–2025"
    return "Nghị định 351/2025/NĐ-CP về chuẩn nghèo đa chiều"


class _Review:
    """Draws one commune's lists, year after year."""

    def __init__(self, rng: random.Random, unit: SampleUnit):
        self.rng = rng
        self.villages = [v.code for v in unit.villages]
        self.names = NamePicker(mountain=unit.mountain)
        self.sizes: dict[str, int] = {}

    def _cap(self, count: int) -> int:
        """Most listed households a village can hold and stay within 15 % of 600 households."""
        return max(int(VILLAGE_SIZE[1] * VILLAGE_RATE[1]), math.ceil(count / len(self.villages)))

    def first_year(self, count: int) -> list[Household]:
        cap = self._cap(count)
        weights = [self.rng.uniform(0.6, 1.4) for _ in self.villages]
        counts = cap_parts(split(count, weights, minimum=1), cap)
        taken: set[tuple[str, str]] = set()
        households = []
        for village, number in zip(self.villages, counts, strict=True):
            for _ in range(number):
                change = NEW if self.rng.random() < 0.1 else KEPT
                households.append(self._new_household(village, change, taken))
        return households

    def next_year(self, previous: list[Household]) -> list[Household]:
        rng, households = self.rng, []
        for household in previous:
            if rng.random() < LEAVE_LIST:
                continue
            members = household.members
            if rng.random() < 0.1:  # a birth, a death, a child moving out
                members = min(8, max(1, members + rng.choice((-1, 1))))
            if household.category == POOR and rng.random() < POOR_TO_NEAR:
                households.append(
                    replace(household, members=members, category=NEAR_POOR, change=ESCAPED)
                )
            else:
                households.append(replace(household, members=members, change=KEPT))
        taken = {(fold(h.head), h.village) for h in households}
        listed = {v: 0 for v in self.villages}
        for h in households:
            listed[h.village] += 1
        newcomers = round(len(previous) * rng.uniform(*NEWLY_POOR))
        cap = self._cap(len(households) + newcomers)
        for _ in range(newcomers):
            # Bigger villages get more newly poor households, up to what a village can hold.
            room = [v for v in self.villages if listed[v] < cap] or self.villages
            village = rng.choices(room, weights=[self.sizes[v] for v in room])[0]
            listed[village] += 1
            households.append(self._new_household(village, NEW, taken))
        return households

    def _new_household(self, village: str, change: str, taken: set) -> Household:
        female = self.rng.random() < SHARE_FEMALE_HEADS
        head = self.names.full_name(self.rng, female)
        # The list is keyed by head and village, compared without diacritics (Thủy = Thúy).
        while (fold(head), village) in taken:
            head = self.names.full_name(self.rng, female)
        taken.add((fold(head), village))
        members = self.rng.choices(range(1, 9), weights=MEMBER_WEIGHTS)[0]
        category = POOR if self.rng.random() < SHARE_POOR else NEAR_POOR
        return Household(head, village, members, category, change)

    def village_sizes(self, households: list[Household]) -> dict[str, int]:
        """All households of each village, so the list is 3–15 % of it; villages grow slowly."""
        listed = {v: 0 for v in self.villages}
        for h in households:
            listed[h.village] += 1
        sizes = {}
        for village, count in listed.items():
            low = max(VILLAGE_SIZE[0], math.ceil(count / VILLAGE_RATE[1]))
            high = max(low, min(VILLAGE_SIZE[1], math.floor(count / VILLAGE_RATE[0])))
            if village in self.sizes:
                wanted = round(self.sizes[village] * self.rng.uniform(1.0, 1.025))
            else:
                wanted = round(count / self.rng.uniform(0.05, 0.12))
            sizes[village] = min(high, max(low, wanted))
        self.sizes = sizes
        return sizes


def write_province(province: SampleUnit, out_dir: Path, options: SampleOptions) -> None:
    """Communes review their households; districts and provinces keep no lists."""
    for unit in province.walk():
        if unit.level == "commune":
            write(unit, unit.folder(out_dir), options.years, options.seed, options.households)


def alter(unit_folder: Path) -> bool:
    """A change staff make that moves figures up the tree: one near-poor household of the newest
    list becomes poor. False when the unit has no near-poor household to move."""
    lists = sorted(unit_folder.glob(f"{dataset_folder_name()}/*/danh-sach.csv"))
    if not lists:
        return False
    text = lists[-1].read_text(encoding="utf-8")
    changed = text.replace(f",{NEAR_POOR},", f",{POOR},", 1)
    lists[-1].write_text(changed, encoding="utf-8")
    return changed != text


def dataset_folder_name() -> str:
    return kind_schema(KIND)["folder"]


def write(
    unit: SampleUnit,
    unit_folder: Path,
    years: tuple[int, ...],
    seed: int,
    households: tuple[int, int],
) -> None:
    rng = random.Random(f"{seed}/{unit.code}/{KIND}")
    review = _Review(rng, unit)
    order = {code: index for index, code in enumerate(review.villages)}
    current: list[Household] = []
    for number, year in enumerate(years):
        current = (
            review.first_year(rng.randint(*households))
            if number == 0
            else review.next_year(current)
        )
        sizes = review.village_sizes(current)
        folder = dataset_folder(unit_folder, KIND, str(year))
        write_yaml(folder / "thong-tin.yaml", _metadata(rng, unit, year))
        # Published lists go village by village, people by given name.
        rows = sorted(current, key=lambda h: (order[h.village], name_key(h.head)))
        write_table(
            folder,
            KIND,
            "households",
            [
                {
                    "head_name": h.head,
                    "village": h.village,
                    "members": h.members,
                    "category": h.category,
                    "change": h.change,
                }
                for h in rows
            ],
        )
        write_table(
            folder,
            KIND,
            "villages",
            [{"village": code, "households": sizes[code]} for code in review.villages],
        )


def _metadata(rng: random.Random, unit: SampleUnit, year: int) -> dict:
    # The yearly review ends by 14 December; the chairperson then recognises the list.
    decision = Decision(
        decision_number(rng, "QĐ-UBND", "commune"),
        between(rng, dt.date(year, 12, 15), dt.date(year, 12, 24)),
        f"Ủy ban nhân dân {unit.full_name}",
    )
    village_word = ", ".join(dict.fromkeys(v.type for v in unit.villages)) or "thôn"
    return metadata(
        title=f"Danh sách hộ nghèo, hộ cận nghèo {unit.full_name} năm {year}",
        own={"year": year, "standard": standard(year)},
        legal_basis=LEGAL_BASIS,
        posted=after(rng, decision.date, 2, 7),
        office=f"Bộ phận Văn hóa – Xã hội, Ủy ban nhân dân {unit.full_name}",
        decision=decision,
        forms=("tru-so", "nha-van-hoa", "loa", "cong-thong-tin"),
        place=f"Bảng tin trụ sở Ủy ban nhân dân {unit.full_name} và nhà văn hóa các {village_word}",
        responsible="Công chức Văn hóa – Xã hội",
    )
