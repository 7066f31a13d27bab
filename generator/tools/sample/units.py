"""The sample hierarchy: provinces (one by default), their districts (possibly none), communes
and villages.

Codes follow the pre-2025 pattern the loader accepts: provinces "99", "98", ..., districts 3
digits, communes 5 digits. Communes are numbered in blocks of 99 behind a 3-digit prefix: the
districts' own codes first ("991" -> "99101", "99102", ...), then further prefixes for communes
directly under a province. Prefixes run 991..999, then 990, 989, ... across the whole country,
so codes stay unique at any size.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.slugs import slug
from generator.model.units import Village
from generator.tools.sample import names

PROVINCE_CODE = "99"  # the first province's; the next are 98, 97, ...
COMMUNES_PER_PROVINCE = 98  # 3,321 communes in 34 provinces since July 2025
MAX_PROVINCES = 74  # two-digit codes, and landline area codes from 0226 (the first's) to 0299
URBAN_TYPES = ("phường", "thị trấn")
_STREETS = (
    "Trần Hưng Đạo",
    "Lê Lợi",
    "Hùng Vương",
    "Quang Trung",
    "Nguyễn Trãi",
    "Lý Thường Kiệt",
    "Hai Bà Trưng",
    "Phan Đình Phùng",
)
_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu")
BLOCK_SIZE = 99


@dataclass(frozen=True)
class SampleOptions:
    """What every kind's part of the sample country is made with (same options, same files)."""

    seed: int
    years: tuple[int, ...]
    households: tuple[int, int]  # a commune's poor and near-poor households, at least and at most


@dataclass
class SampleUnit:
    code: str
    type: str
    name: str
    level: str  # "province", "district" or "commune": decides which datasets a unit gets
    parent: SampleUnit | None = None
    children: list[SampleUnit] = field(default_factory=list)
    villages: list[Village] = field(default_factory=list)
    mountain: bool = False  # villages are bản; families mostly Tày or Thái
    office: dict = field(default_factory=dict)
    reception: list[dict] = field(default_factory=list)
    area_code: str = ""  # a province's; its units' phone numbers and mail domain follow it
    mail_domain: str = ""
    # the 2025 reform: the units it replaced, its own former addresses, and the years it has data
    replaces: list[dict] = field(default_factory=list)
    former_addresses: list[dict] = field(default_factory=list)
    since: int | None = None
    until: int | None = None
    earlier_parent: SampleUnit | None = None  # the unit it was under before the reform

    def parent_in(self, year: int) -> SampleUnit | None:
        """The unit it was under in `year`: a ward moved or merged in 2025 was under its district
        before (a 2024 decision names the district)."""
        if self.earlier_parent is not None and year < REFORM_DAY.year:
            return self.earlier_parent
        return self.parent

    def has_year(self, year: int) -> bool:
        return (self.since or year) <= year <= (self.until or year)

    @property
    def full_name(self) -> str:
        """As written inside a sentence: 'xã An Định', 'thị xã Phú Mỹ'."""
        return f"{self.type} {self.name}"

    @property
    def slug(self) -> str:
        return slug(self.full_name)  # the loader's default slug, so no `slug:` key is needed

    @property
    def urban(self) -> bool:
        return self.type in URBAN_TYPES

    @property
    def lineage(self) -> str:
        """'xã An Định, huyện An Lạc, tỉnh Bình Sơn': the tail of a postal address."""
        chain, unit = [], self
        while unit is not None:
            chain.append(unit.full_name)
            unit = unit.parent
        return ", ".join(chain)

    def folder(self, root: Path) -> Path:
        parts, unit = [], self
        while unit is not None:
            parts.append(unit.slug)
            unit = unit.parent
        return root.joinpath(*reversed(parts))

    @property
    def province(self) -> SampleUnit:
        unit = self
        while unit.parent is not None:
            unit = unit.parent
        return unit

    def walk(self):
        """This unit, then its descendants, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()

    def as_yaml(self) -> dict:
        data = {"code": self.code, "type": self.type, "name": self.name, "sample": True}
        if self.level == "commune":
            data["villages"] = [
                {"code": v.code, "type": v.type, "name": v.name} for v in self.villages
            ]
        data["office"] = self.office
        data["reception"] = self.reception
        # a made-up organisation's team a unit: what `congkhai codeowners` turns into CODEOWNERS
        data["owners"] = [f"@{SAMPLE_ORGANISATION}/{self.slug}"]
        if self.replaces:
            data["replaces"] = self.replaces
        if self.former_addresses:
            data["former_addresses"] = self.former_addresses
        return data

    @property
    def address(self) -> str:
        """Where its site is published, from the tree's top: 'tinh-binh-son/thi-xa-phu-my'."""
        parts, unit = [], self
        while unit is not None:
            parts.append(unit.slug)
            unit = unit.parent
        return "/".join(reversed(parts))


SAMPLE_ORGANISATION = "congkhai-mau"


def _prefixes():
    yield from (str(p) for p in range(991, 1000))
    yield from (str(p) for p in range(990, 99, -1))


def plan_country(
    seed: int, districts: int, communes_per_district: int, direct_communes: int, provinces: int = 1
) -> list[SampleUnit]:
    """The provinces of the sample. The first holds the districts; the `direct_communes` are
    shared out evenly, each province's directly under it. One province gives the sample of
    earlier versions unchanged (data/ is its output)."""
    if min(districts, communes_per_district, direct_communes) < 0:
        raise ValueError("counts of units cannot be negative")
    if not 1 <= provinces <= MAX_PROVINCES:
        raise ValueError(f"between 1 and {MAX_PROVINCES} provinces")
    if communes_per_district > BLOCK_SIZE:
        raise ValueError(f"at most {BLOCK_SIZE} communes per district (5-digit commune codes)")
    if districts + math.ceil(direct_communes / BLOCK_SIZE) + provinces > 900:
        raise ValueError("too many units for 3-digit district and 5-digit commune codes")
    rng = random.Random(f"{seed}/country")
    place = _NameSource(rng)
    prefixes = _prefixes()
    country = []
    for index in range(provinces):
        name = names.PROVINCE_NAME if index == 0 else place.next()
        province = SampleUnit(
            f"{int(PROVINCE_CODE) - index:02d}",
            "tỉnh",
            name,
            "province",
            area_code=f"02{26 + index:02d}",
            mail_domain=f"{slug(name).replace('-', '')}.gov.vn",
        )
        if index == 0:
            _add_districts(province, districts, communes_per_district, place, prefixes)
        share = direct_communes // provinces + (index < direct_communes % provinces)
        _add_direct_communes(province, share, rng, place, prefixes)
        _fill_details(rng, province)
        if index == 0 and districts >= 2 and communes_per_district >= 2:
            _reorganise(province, random.Random(f"{seed}/reform"), place)
        country.append(province)
    return country


REFORM_DAY = dt.date(2025, 7, 1)
REFORM_RESOLUTION = (
    "Nghị quyết số 1689/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội "
    "(số hiệu mẫu, để minh họa)"
)


def _reorganise(province: SampleUnit, rng: random.Random, place: _NameSource) -> None:
    """The 2025 reform in the sample, as the first province lived it on 01/07/2025: its second
    district dissolved, its communes placed directly under the province, the first two merged
    into a new one (the former communes' data kept inside the new one's folder). Units before it
    keep their data byte for byte: it runs after every other unit is made, with its own random
    numbers."""
    district = province.children[1]
    first, second, *moved = district.children
    day = REFORM_DAY.strftime("%d/%m/%Y")
    record = {"date": day, "resolution": REFORM_RESOLUTION}
    name = f"{first.name.split()[0]} {second.name.split()[-1]}"
    if not place._take(name):
        name = place.next()
    merged = SampleUnit(
        f"{district.code}{len(district.children) + 1:02d}", first.type, name, "commune"
    )
    for unit in (first, second, *moved):
        unit.earlier_parent = district
    for unit in moved:
        unit.former_addresses = [{"path": unit.address, **record}]
    merged.replaces = [
        {"code": u.code, "type": u.type, "name": u.name, "path": u.address, **record}
        for u in (first, second)
    ]
    province.replaces = [
        {"code": district.code, "type": district.type, "name": district.name}
        | {"path": district.address, **record}
    ]
    for unit in (first, second):
        unit.parent, unit.until = merged, REFORM_DAY.year - 1
    merged.children = [first, second]
    merged.since = REFORM_DAY.year
    district.children, district.until = [], REFORM_DAY.year - 1
    at = province.children.index(district) + 1
    for unit in (merged, *moved):
        unit.parent = province
    province.children[at:at] = [merged, *moved]
    merged.villages = _villages(rng, merged)
    phones = {u.office["phone"] for u in province.walk() if u.office}
    for unit in (merged, *moved):
        unit.office = _office(rng, unit, phones)
        unit.reception = _reception(rng, unit)


def _add_districts(
    province: SampleUnit, districts: int, communes_per_district: int, place: _NameSource, prefixes
) -> None:
    for index in range(districts):
        district = SampleUnit(
            next(prefixes),
            "thị xã" if index % 3 == 1 else "huyện",
            place.district(index),
            "district",
            parent=province,
        )
        province.children.append(district)
        urban_count = math.ceil(communes_per_district * 0.6)
        for number in range(1, communes_per_district + 1):
            if district.type == "huyện":  # one thị trấn, the district seat
                kind = "thị trấn" if number == communes_per_district else "xã"
            else:
                kind = "phường" if number <= urban_count else "xã"
            _add_commune(district, f"{district.code}{number:02d}", kind, place.next())


def _add_direct_communes(
    province: SampleUnit, count: int, rng: random.Random, place: _NameSource, prefixes
) -> None:
    block, number = None, BLOCK_SIZE
    for index in range(count):
        if number == BLOCK_SIZE:
            block, number = next(prefixes), 0
        number += 1
        kind = "phường" if index == 0 or rng.random() < 0.25 else "xã"
        _add_commune(province, f"{block}{number:02d}", kind, place.ward(index))


class _NameSource:
    """Distinct names across the whole country, compared by slug (no 'An Lạc' twice)."""

    def __init__(self, rng: random.Random):
        self._stream = names.place_names(rng)
        self._used = {slug(names.PROVINCE_NAME)}

    def _take(self, name: str) -> bool:
        key = slug(name)
        if key in self._used:
            return False
        self._used.add(key)
        return True

    def district(self, index: int) -> str:
        return self._listed(names.DISTRICT_NAMES, index)

    def ward(self, index: int) -> str:
        return self._listed(names.WARD_NAMES, index)

    def _listed(self, listed: tuple[str, ...], index: int) -> str:
        if index < len(listed) and self._take(listed[index]):
            return listed[index]
        return self.next()

    def next(self) -> str:
        for name in self._stream:
            if self._take(name):
                return name
        raise ValueError("the sample has run out of commune names")


def _add_commune(parent: SampleUnit, code: str, kind: str, name: str) -> None:
    parent.children.append(SampleUnit(code, kind, name, "commune", parent=parent))


# -- villages, offices, reception ------------------------------------------------------------------


def _fill_details(rng: random.Random, province: SampleUnit) -> None:
    phones: set[str] = set()
    units = list(province.walk())
    for unit in units:
        if unit.level == "commune":
            unit.mountain = unit.type == "xã" and unit.parent.type == "huyện" and rng.random() < 0.2
            unit.villages = _villages(rng, unit)
    for unit in units:
        unit.office = _office(rng, unit, phones)
        unit.reception = _reception(rng, unit)


def _villages(rng: random.Random, unit: SampleUnit) -> list[Village]:
    count = rng.randint(5, 8)
    if unit.urban:
        kind, prefix = "tổ dân phố", "T"
        labels = (
            rng.sample(names.TO_DAN_PHO_NAMES, count)
            if rng.random() < 0.3
            else [str(n) for n in range(1, count + 1)]
        )
    elif unit.mountain:
        kind, prefix = "bản", "B"
        labels = names.ban_names(rng, count)
    else:
        kind, prefix = "thôn", "T"
        labels = (
            rng.sample(names.THON_NAMES, count)
            if rng.random() < 0.7
            else [str(n) for n in range(1, count + 1)]
        )
    title = kind[:1].upper() + kind[1:]
    return [
        Village(f"{prefix}{n:02d}", kind, f"{title} {label}")
        for n, label in enumerate(labels, start=1)
    ]


def _office(rng: random.Random, unit: SampleUnit, phones: set[str]) -> dict:
    if unit.level == "commune":
        address = f"{rng.choice(unit.villages).name}, {unit.lineage}"
    else:
        seat = _seat(unit)
        street = f"Số {rng.randint(1, 120)} đường {rng.choice(_STREETS)}"
        address = f"{street}, {seat.lineage}" if seat else f"{street}, {unit.lineage}"
    phone = None
    while phone is None or phone in phones:
        phone = f"{unit.province.area_code} 3{rng.randint(600, 999)} {rng.randint(0, 999):03d}"
    phones.add(phone)
    # Names are unique in the country, so 'ubnd.andinh' cannot clash.
    mailbox = "ubnd" if unit.level == "province" else "ubnd." + slug(unit.name).replace("-", "")
    return {
        "name": f"Ủy ban nhân dân {unit.full_name}",
        "address": address,
        "phone": phone,
        "email": f"{mailbox}@{unit.province.mail_domain}",
    }


def _seat(unit: SampleUnit) -> SampleUnit | None:
    """Where a district's or the province's offices stand: a ward if there is one, else a town."""
    # Communes directly under the unit come first: a province seat is not inside a district.
    communes = sorted(
        (u for u in unit.walk() if u.level == "commune"), key=lambda c: c.parent is not unit
    )
    for kind in ("phường", "thị trấn"):
        seat = next((c for c in communes if c.type == kind), None)
        if seat:
            return seat
    return communes[0] if communes else None


def _reception(rng: random.Random, unit: SampleUnit) -> list[dict]:
    # Heads of the People's Committee and of the Party committee receive citizens on fixed days.
    if unit.level == "commune":
        place = f"Trụ sở Ủy ban nhân dân {unit.type}"
        first_day = f"{rng.choice(_WEEKDAYS)} hằng tuần"
        party = f"Bí thư Đảng ủy {unit.type}"
    else:
        place = f"Trụ sở Tiếp công dân {unit.full_name}"
        first_day = f"Ngày {rng.choice((5, 10, 20))} hằng tháng"
        party = {"tỉnh": "Bí thư Tỉnh ủy", "thị xã": "Bí thư Thị ủy"}.get(
            unit.type, "Bí thư Huyện ủy"
        )
    entries = [
        {
            "day": first_day,
            "time": "7:30 – 11:00",
            "place": place,
            "host": f"Chủ tịch Ủy ban nhân dân {unit.type}",
        },
        {
            "day": f"{rng.choice(_WEEKDAYS)} hằng tuần",
            "time": "13:30 – 17:00",
            "place": place,
            "host": f"Phó Chủ tịch Ủy ban nhân dân {unit.type}",
        },
        {"day": "Ngày 15 hằng tháng", "time": "7:30 – 11:30", "place": place, "host": party},
    ]
    return entries[: rng.randint(1, 3)]
