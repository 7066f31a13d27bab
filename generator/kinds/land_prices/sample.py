"""The province's land price frames (bảng giá đất): one in force from the first sample year to the
end of the last, and the new frame of Land Law 2024 from the next 1 January, each commune's prices
raised by its own factor over the same roads, segments and positions.

Each commune gets a few roads (streets in a town, the commune's main road, inter-village roads and
a provincial road elsewhere), each cut into segments, each segment priced at 3 or 4 positions
falling from the road front (vị trí 1) inwards; and its farm land by position. Prices are whole
thousands of đồng per m².
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from generator.tools.sample.days import after, between
from generator.tools.sample.files import dataset_folder, write_table, write_yaml
from generator.tools.sample.metadata import Decision, decision_number, metadata
from generator.tools.sample.units import SampleOptions, SampleUnit

KIND = "land_prices"
POSITIONS = (1.0, 0.55, 0.38, 0.25)  # a position's price against the road front's
STREETS = ("Trần Hưng Đạo", "Lê Lợi", "Hùng Vương", "Quang Trung", "Nguyễn Trãi", "Lý Thường Kiệt")
# (land code, road front price from–to in đồng/m², where found)
FARM = (
    ("LUA", (45_000, 90_000), None),
    ("HNK", (40_000, 80_000), None),
    ("CLN", (45_000, 95_000), None),
    ("NTS", (35_000, 70_000), "lowland"),
    ("RSX", (8_000, 20_000), "mountain"),
)
RAISE = (1.3, 1.9)  # the new frame against the old one


def write_province(province: SampleUnit, out_dir: Path, options: SampleOptions) -> None:
    """Two frames at the province: the old one for the sample years, the new one after them."""
    rng = random.Random(f"{options.seed}/{province.code}/{KIND}")
    communes = [u for u in province.walk() if u.level == "commune"]
    old = []
    for unit in communes:
        old += _commune_rows(random.Random(f"{options.seed}/{unit.code}/{KIND}"), unit)
    raised = {}
    for unit in communes:
        raised[unit.full_name] = rng.uniform(*RAISE)
    new = [{**row, "price": _round(row["price"] * raised[row["commune"]])} for row in old]
    first, last = options.years[0], options.years[-1]
    # each frame lists the communes of its time (the 2025 reform merged some)
    then = {u.full_name for u in communes if u.has_year(first)}
    now = {u.full_name for u in communes if u.has_year(last + 1)}
    old = [row for row in old if row["commune"] in then]
    new = [row for row in new if row["commune"] in now]
    folder = province.folder(out_dir)
    frames = (
        (first, dt.date(first, 1, 1), dt.date(last, 12, 31), old, "Luật Đất đai 45/2013/QH13"),
        (last + 1, dt.date(last + 1, 1, 1), None, new, "Luật Đất đai 31/2024/QH15, Điều 159"),
    )
    for year, start, end, rows, basis in frames:
        target = dataset_folder(folder, KIND, str(year))
        decided = between(rng, start - dt.timedelta(days=40), start - dt.timedelta(days=10))
        decision = Decision(
            f"{decision_number(rng, 'QĐ-UBND', 'province').split('/')[0]}/{decided.year}/QĐ-UBND",
            decided,
            f"Ủy ban nhân dân {province.full_name}",
        )
        own = {"year": year, "valid_from": start.strftime("%d/%m/%Y")}
        if end:
            own["valid_to"] = end.strftime("%d/%m/%Y")
        write_yaml(
            target / "thong-tin.yaml",
            metadata(
                title=f"Bảng giá đất {province.full_name} áp dụng từ ngày {start:%d/%m/%Y}",
                own=own,
                legal_basis=basis,
                posted=after(rng, decided, 2, 8),
                office=f"Sở Nông nghiệp và Môi trường {province.full_name}",
                decision=decision,
                forms=("tru-so", "cong-thong-tin"),
                place=f"Trụ sở Ủy ban nhân dân {province.full_name} và trụ sở các xã, phường",
                responsible="Giám đốc Sở Nông nghiệp và Môi trường",
            ),
        )
        write_table(target, KIND, "prices", rows)


def _round(price: float) -> int:
    """To the thousand đồng, as frames are written."""
    return max(1000, round(price / 1000) * 1000)


def _commune_rows(rng: random.Random, unit: SampleUnit) -> list[dict]:
    rows = []
    villages = [v.name[:1].lower() + v.name[1:] for v in unit.villages]
    if unit.urban:
        code, front = "ODT", (6_000_000, 30_000_000)
        roads = [f"Đường {s}" for s in rng.sample(STREETS, rng.randint(3, 4))]
    else:
        code, front = "ONT", (900_000, 4_500_000)
        roads = [f"Đường trục {unit.type}", "Đường tỉnh 293"]
        roads += [f"Đường liên thôn {v}" for v in rng.sample(villages, min(2, len(villages)))]
    for road in roads:
        top = rng.uniform(*front)
        marks = rng.sample(villages, min(len(villages), 3)) if villages else ["Cầu Đông"]
        stops = [f"Ngã ba {marks[0]}", *(f"Cầu {m}" for m in marks[1:])]
        for start, stop in zip(stops, stops[1:], strict=False):
            positions = POSITIONS if unit.urban else POSITIONS[:3]
            for position, share in enumerate(positions, 1):
                rows.append(_row(code, unit, road, start, stop, position, _round(top * share)))
            top *= rng.uniform(0.6, 0.85)  # further from the centre, cheaper
    for code, (low, high), where in FARM:
        if where == "mountain" and not unit.mountain or where == "lowland" and unit.mountain:
            continue
        top = rng.uniform(low, high) * (1.2 if unit.urban else 1.0)
        for position, share in enumerate((1.0, 0.85, 0.7), 1):
            price = _round(top * share)
            rows.append(_row(code, unit, f"Toàn {unit.type}", None, None, position, price))
    return rows


def _row(code, unit, road, start, stop, position, price) -> dict:
    return {
        "land_code": code,
        "commune": unit.full_name,
        "road": road,
        "segment_from": start,
        "segment_to": stop,
        "position": position,
        "price": price,
    }
