"""The sample hierarchy: one province, its districts (possibly none), communes and villages.

Codes follow the pre-2025 pattern the loader accepts: province "99", districts 3 digits, communes
5 digits. Communes are numbered in blocks of 99 behind a 3-digit prefix: the districts' own
codes first ("991" -> "99101", "99102", ...), then further prefixes for communes directly under
the province. Prefixes run 991..999, then 990, 989, ... so codes stay unique at any size.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from generator.sample import names
from generator.slugs import slug
from generator.units import Village

PROVINCE_CODE = "99"
AREA_CODE = "0226"  # landline area code of the sample province
MAIL_DOMAIN = "binhson.gov.vn"
URBAN_TYPES = ("phường", "thị trấn")
_STREETS = ("Trần Hưng Đạo", "Lê Lợi", "Hùng Vương", "Quang Trung", "Nguyễn Trãi",
            "Lý Thường Kiệt", "Hai Bà Trưng", "Phan Đình Phùng")
_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu")
BLOCK_SIZE = 99


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

    def walk(self):
        """This unit, then its descendants, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()

    def as_yaml(self) -> dict:
        data = {"code": self.code, "type": self.type, "name": self.name, "sample": True}
        if self.level == "commune":
            data["villages"] = [{"code": v.code, "type": v.type, "name": v.name} for v in self.villages]
        data["office"] = self.office
        data["reception"] = self.reception
        return data


def _prefixes():
    yield from (str(p) for p in range(991, 1000))
    yield from (str(p) for p in range(990, 99, -1))


def plan_country(seed: int, districts: int, communes_per_district: int, direct_communes: int) -> SampleUnit:
    if min(districts, communes_per_district, direct_communes) < 0:
        raise ValueError("counts of units cannot be negative")
    if communes_per_district > BLOCK_SIZE:
        raise ValueError(f"at most {BLOCK_SIZE} communes per district (5-digit commune codes)")
    if districts + math.ceil(direct_communes / BLOCK_SIZE) > 900:
        raise ValueError("too many units for 3-digit district and 5-digit commune codes")
    rng = random.Random(f"{seed}/country")
    province = SampleUnit(PROVINCE_CODE, "tỉnh", names.PROVINCE_NAME, "province")
    place = _NameSource(rng)
    prefixes = _prefixes()
    for index in range(districts):
        district = SampleUnit(next(prefixes), "thị xã" if index % 3 == 1 else "huyện",
                              place.district(index), "district", parent=province)
        province.children.append(district)
        urban_count = math.ceil(communes_per_district * 0.6)
        for number in range(1, communes_per_district + 1):
            if district.type == "huyện":  # one thị trấn, the district seat
                kind = "thị trấn" if number == communes_per_district else "xã"
            else:
                kind = "phường" if number <= urban_count else "xã"
            _add_commune(district, f"{district.code}{number:02d}", kind, place.next())
    block, number = None, BLOCK_SIZE
    for index in range(direct_communes):
        if number == BLOCK_SIZE:
            block, number = next(prefixes), 0
        number += 1
        kind = "phường" if index == 0 or rng.random() < 0.25 else "xã"
        _add_commune(province, f"{block}{number:02d}", kind, place.ward(index))
    _fill_details(rng, province)
    return province


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
        labels = (rng.sample(names.TO_DAN_PHO_NAMES, count) if rng.random() < 0.3
                  else [str(n) for n in range(1, count + 1)])
    elif unit.mountain:
        kind, prefix = "bản", "B"
        labels = names.ban_names(rng, count)
    else:
        kind, prefix = "thôn", "T"
        labels = (rng.sample(names.THON_NAMES, count) if rng.random() < 0.7
                  else [str(n) for n in range(1, count + 1)])
    title = kind[:1].upper() + kind[1:]
    return [Village(f"{prefix}{n:02d}", kind, f"{title} {label}") for n, label in enumerate(labels, start=1)]


def _office(rng: random.Random, unit: SampleUnit, phones: set[str]) -> dict:
    if unit.level == "commune":
        address = f"{rng.choice(unit.villages).name}, {unit.lineage}"
    else:
        seat = _seat(unit)
        street = f"Số {rng.randint(1, 120)} đường {rng.choice(_STREETS)}"
        address = f"{street}, {seat.lineage}" if seat else f"{street}, {unit.lineage}"
    phone = None
    while phone is None or phone in phones:
        phone = f"{AREA_CODE} 3{rng.randint(600, 999)} {rng.randint(0, 999):03d}"
    phones.add(phone)
    # Names are unique in the country, so 'ubnd.andinh' cannot clash.
    mailbox = "ubnd" if unit.level == "province" else "ubnd." + slug(unit.name).replace("-", "")
    return {"name": f"Ủy ban nhân dân {unit.full_name}", "address": address, "phone": phone,
            "email": f"{mailbox}@{MAIL_DOMAIN}"}


def _seat(unit: SampleUnit) -> SampleUnit | None:
    """Where a district's or the province's offices stand: a ward if there is one, else a town."""
    # Communes directly under the unit come first: a province seat is not inside a district.
    communes = sorted((u for u in unit.walk() if u.level == "commune"), key=lambda c: c.parent is not unit)
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
        party = {"tỉnh": "Bí thư Tỉnh ủy", "thị xã": "Bí thư Thị ủy"}.get(unit.type, "Bí thư Huyện ủy")
    entries = [
        {"day": first_day, "time": "7:30 – 11:00", "place": place,
         "host": f"Chủ tịch Ủy ban nhân dân {unit.type}"},
        {"day": f"{rng.choice(_WEEKDAYS)} hằng tuần", "time": "13:30 – 17:00", "place": place,
         "host": f"Phó Chủ tịch Ủy ban nhân dân {unit.type}"},
        {"day": "Ngày 15 hằng tháng", "time": "7:30 – 11:30", "place": place, "host": party},
    ]
    return entries[: rng.randint(1, 3)]
