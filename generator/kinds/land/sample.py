"""Yearly land-use plans (kế hoạch sử dụng đất) of communes and districts.

Areas are kept in whole hundredths of a hectare so that group rows, the change column and a
district's totals add up exactly. Land only moves between types: the natural area is the same
before and after, so the current and planned columns have equal totals. Next year's plan starts
from this year's planned areas, and a district's plan is the sum of its communes' plans.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.model.text import fold
from generator.tools.sample.days import after, between
from generator.tools.sample.files import dataset_folder, hectares, write_table, write_yaml, yes_no
from generator.tools.sample.metadata import Decision, decision_number, metadata
from generator.tools.sample.shares import split
from generator.tools.sample.units import SampleOptions, SampleUnit

KIND = "land"
PERIOD = "2021–2030"
NAMES = {
    "NNP": "Nhóm đất nông nghiệp",
    "LUA": "Đất trồng lúa",
    "HNK": "Đất trồng cây hằng năm khác",
    "CLN": "Đất trồng cây lâu năm",
    "RSX": "Đất rừng sản xuất",
    "RPH": "Đất rừng phòng hộ",
    "RDD": "Đất rừng đặc dụng",
    "NTS": "Đất nuôi trồng thủy sản",
    "NKH": "Đất nông nghiệp khác",
    "PNN": "Nhóm đất phi nông nghiệp",
    "ONT": "Đất ở tại nông thôn",
    "ODT": "Đất ở tại đô thị",
    "TSC": "Đất xây dựng trụ sở cơ quan",
    "CQP": "Đất quốc phòng",
    "CAN": "Đất an ninh",
    "DGT": "Đất giao thông",
    "DTL": "Đất thủy lợi",
    "DGD": "Đất xây dựng cơ sở giáo dục và đào tạo",
    "DYT": "Đất xây dựng cơ sở y tế",
    "DVH": "Đất xây dựng cơ sở văn hóa",
    "DTT": "Đất xây dựng cơ sở thể dục, thể thao",
    "DCH": "Đất chợ",
    "TMD": "Đất thương mại, dịch vụ",
    "SKC": "Đất cơ sở sản xuất phi nông nghiệp",
    "NTD": "Đất nghĩa trang, nhà tang lễ, cơ sở hỏa táng",
    "SON": "Đất sông, ngòi, kênh, rạch, suối",
    "MNC": "Đất có mặt nước chuyên dùng",
    "CSD": "Nhóm đất chưa sử dụng",
    "BCS": "Đất bằng chưa sử dụng",
    "DCS": "Đất đồi núi chưa sử dụng",
    "NCS": "Núi đá không có rừng cây",
}
MOUNTAIN, RURAL = "mountain", "rural"  # a land type or project only some communes have
# Members of each group with rough weights[, where found]; "RES" is residential land, ONT or ODT.
GROUPS = {
    "NNP": (
        ("LUA", 45),
        ("HNK", 12),
        ("CLN", 18),
        ("RSX", 15),
        ("RPH", 8, MOUNTAIN),
        ("RDD", 4, MOUNTAIN),
        ("NTS", 7),
        ("NKH", 0.5),
    ),
    "PNN": (
        ("RES", 30),
        ("TSC", 1),
        ("CQP", 0.8),
        ("CAN", 0.3),
        ("DGT", 25),
        ("DTL", 12),
        ("DGD", 2),
        ("DYT", 0.5),
        ("DVH", 1),
        ("DTT", 1.5),
        ("DCH", 0.5),
        ("TMD", 1.5),
        ("SKC", 5),
        ("NTD", 4),
        ("SON", 17),
        ("MNC", 3),
    ),
    "CSD": (("BCS", 80), ("DCS", 20), ("NCS", 10, MOUNTAIN)),
}
ORDER = [code for group, members in GROUPS.items() for code in (group, *(c for c, *_ in members))]
ORDER[ORDER.index("RES") : ORDER.index("RES") + 1] = ["ONT", "ODT"]
GROUP_OF = {code: group for group, members in GROUPS.items() for code, *_ in members}
GROUP_OF.update(ONT="PNN", ODT="PNN")
# Land given up for new works: rice and annual crops first, then perennials and unused land.
SOURCES = (("LUA", 45), ("HNK", 20), ("CLN", 15), ("BCS", 20))
# (land code, project name, hectares from–to, land recovery needed[, where found])
PROJECTS = (
    ("DGT", "Mở rộng đường trục {type}", (0.8, 3.0), True),
    ("DGT", "Nâng cấp đường giao thông {village}", (0.3, 1.5), True),
    ("DGT", "Xây dựng cầu {village}", (0.1, 0.4), True),
    ("DGT", "Cứng hóa đường giao thông nội đồng {village}", (0.3, 1.2), False, RURAL),
    ("DGT", "Xây dựng bãi đỗ xe {village}", (0.2, 0.6), True),
    ("DGD", "Xây dựng trường mầm non {village}", (0.3, 0.8), True),
    ("DGD", "Mở rộng trường tiểu học {name}", (0.2, 0.6), True),
    ("DGD", "Xây dựng nhà lớp học trường trung học cơ sở {name}", (0.1, 0.4), False),
    ("DYT", "Mở rộng trạm y tế {type}", (0.1, 0.3), False),
    ("DVH", "Xây dựng nhà văn hóa {village}", (0.1, 0.3), False),
    ("DVH", "Xây dựng trung tâm văn hóa {type}", (0.3, 0.8), True),
    ("DTT", "Xây dựng sân thể thao {village}", (0.3, 1.2), True),
    ("DCH", "Xây dựng chợ {name}", (0.3, 1.0), True),
    ("TMD", "Khu thương mại, dịch vụ {name}", (0.5, 3.0), True),
    ("TMD", "Cửa hàng xăng dầu {village}", (0.1, 0.3), False),
    ("RES", "Khu dân cư mới {village}", (0.8, 4.0), True),
    ("RES", "Đấu giá quyền sử dụng đất ở {village}", (0.3, 1.5), False),
    ("RES", "Khu tái định cư {village}", (0.5, 2.0), True),
    ("DTL", "Kiên cố hóa kênh mương nội đồng {village}", (0.2, 1.5), False, RURAL),
    ("DTL", "Xây dựng trạm bơm tưới tiêu {village}", (0.05, 0.2), True, RURAL),
    ("NTD", "Mở rộng nghĩa trang nhân dân {village}", (0.5, 2.0), True),
    ("TSC", "Mở rộng trụ sở Ủy ban nhân dân {type}", (0.1, 0.4), False),
    ("CAN", "Xây dựng trụ sở Công an {type}", (0.1, 0.3), False),
    ("CQP", "Xây dựng thao trường huấn luyện dân quân {type}", (0.5, 2.0), True),
    ("MNC", "Xây dựng hồ điều hòa {village}", (0.5, 2.0), True),
    ("SKC", "Cụm công nghiệp {name}", (5.0, 15.0), True),
)
PROJECTS_PER_YEAR = (9, 15)  # a commune's list; with the land types about 40 rows a year
DISTRICT_PROJECTS = (8, 12)  # a district lists its communes' largest works


@dataclass(frozen=True)
class Project:
    name: str
    land_code: str
    area: int  # hundredths of a hectare
    location: str
    land_recovery: bool


@dataclass
class Plan:
    """One year's plan: areas by member land code, now and at the end of the year."""

    current: dict[str, int]
    planned: dict[str, int]
    projects: list[Project]


def commune_plans(unit: SampleUnit, years: tuple[int, ...], seed: int) -> list[Plan]:
    rng = random.Random(f"{seed}/{unit.code}/{KIND}")
    current = _current_areas(rng, unit)
    plans = []
    for _ in years:
        projects = _projects(rng, unit)
        plans.append(Plan(current, _planned(current, projects), projects))
        current = plans[-1].planned
    return plans


def district_plans(
    unit: SampleUnit, commune_plans_by_code: dict[str, list[Plan]], seed: int
) -> list[Plan]:
    """A district's plan adds up its communes' plans; its project list keeps their largest works."""
    rng = random.Random(f"{seed}/{unit.code}/{KIND}")
    communes = [c for c in unit.children if c.code in commune_plans_by_code]
    plans = []
    for year_index in range(len(commune_plans_by_code[communes[0].code])):
        current, planned, candidates = {}, {}, []
        for commune in communes:
            plan = commune_plans_by_code[commune.code][year_index]
            for code, area in plan.current.items():
                current[code] = current.get(code, 0) + area
                planned[code] = planned.get(code, 0) + plan.planned[code]
            candidates += [
                replace(
                    p,
                    name=_named_in_district(p.name, commune),
                    location=f"{p.location}, {commune.full_name}",
                )
                for p in plan.projects
            ]
        candidates.sort(key=lambda p: (-p.area, p.location, p.name))
        projects, names, wanted = [], set(), rng.randint(*DISTRICT_PROJECTS)
        for project in candidates:
            if len(projects) < wanted and fold(project.name) not in names:  # keyed by name
                names.add(fold(project.name))
                projects.append(project)
        plans.append(Plan(current, planned, projects))
    return plans


def _named_in_district(name: str, commune: SampleUnit) -> str:
    """In a district's list a project names its commune: 'Mở rộng đường trục xã An Định'."""
    if commune.name in name:
        return name
    if name.endswith(f" {commune.type}"):
        return f"{name} {commune.name}"
    return f"{name}, {commune.full_name}"


def _current_areas(rng: random.Random, unit: SampleUnit) -> dict[str, int]:
    total = rng.randint(800_00, 3000_00)
    if unit.urban:
        shares = {"NNP": rng.uniform(0.25, 0.50), "CSD": rng.uniform(0.005, 0.02)}
    else:
        shares = {"NNP": rng.uniform(0.60, 0.80), "CSD": rng.uniform(0.01, 0.06)}
    group_areas = {"NNP": round(total * shares["NNP"]), "CSD": round(total * shares["CSD"])}
    group_areas["PNN"] = total - group_areas["NNP"] - group_areas["CSD"]
    areas = {}
    for group, members in GROUPS.items():
        present = [(code, weight) for code, weight, *where in members if _found(unit, where)]
        codes = [_code(unit, code) for code, _ in present]
        weights = [_weight(unit, code, weight) * rng.uniform(0.6, 1.4) for code, weight in present]
        areas.update(zip(codes, split(group_areas[group], weights, minimum=5), strict=True))
    return areas


def _found(unit: SampleUnit, where: Sequence[str]) -> bool:
    """Protection forest and bare rock belong to hill communes; field canals not to towns."""
    if MOUNTAIN in where:
        return unit.mountain
    if RURAL in where:
        return not unit.urban
    return True


def _code(unit: SampleUnit, code: str) -> str:
    return ("ODT" if unit.urban else "ONT") if code == "RES" else code


def _weight(unit: SampleUnit, code: str, weight: float) -> float:
    if unit.mountain:  # hill communes: forest and upland, little rice
        return weight * {"RSX": 4, "LUA": 0.4, "DCS": 4}.get(code, 1)
    return weight


def _projects(rng: random.Random, unit: SampleUnit) -> list[Project]:
    choices = [p for p in PROJECTS if _found(unit, p[4:])]
    projects = []
    for code, template, (low, high), recovery, *_ in rng.sample(
        choices, rng.randint(*PROJECTS_PER_YEAR)
    ):
        village = rng.choice(unit.villages).name
        name = template.format(
            type=unit.type, name=unit.name, village=village[:1].lower() + village[1:]
        )
        area = round(rng.uniform(low, high) * 100)
        projects.append(Project(name, _code(unit, code), area, village, recovery))
    return projects


def _planned(current: dict[str, int], projects: list[Project]) -> dict[str, int]:
    planned = dict(current)
    for project in projects:
        planned[project.land_code] += project.area
    needed = sum(p.area for p in projects)
    taken = split(needed, [weight for _, weight in SOURCES])
    for (code, _), amount in zip(SOURCES, taken, strict=True):
        amount = min(amount, planned[code])  # never below zero; the rest comes from rice land
        planned[code] -= amount
        needed -= amount
    for code, _ in sorted(SOURCES, key=lambda s: -planned[s[0]]):
        amount = min(needed, planned[code])
        planned[code] -= amount
        needed -= amount
    assert needed == 0, "not enough farm and unused land for the planned works"
    return planned


# -- files ---------------------------------------------------------------------------------------


def write_province(province: SampleUnit, out_dir: Path, options: SampleOptions) -> None:
    """Write the communes' land plans, then the districts', which add up their communes'."""
    years, seed = options.years, options.seed
    plans: dict[str, list[Plan]] = {}
    for unit in province.walk():
        if unit.level == "commune":
            plans[unit.code] = commune_plans(unit, years, seed)
            write(unit, unit.folder(out_dir), years, plans[unit.code], seed)
    for unit in province.walk():
        if unit.level == "district" and unit.children:
            write(unit, unit.folder(out_dir), years, district_plans(unit, plans, seed), seed)


def write(
    unit: SampleUnit, unit_folder: Path, years: tuple[int, ...], plans: list[Plan], seed: int
) -> None:
    rng = random.Random(f"{seed}/{unit.code}/{KIND}/metadata")
    for year, plan in zip(years, plans, strict=True):
        folder = dataset_folder(unit_folder, KIND, str(year))
        write_yaml(folder / "thong-tin.yaml", _metadata(rng, unit, year))
        write_table(folder, KIND, "land_types", _land_rows(plan))
        write_table(
            folder,
            KIND,
            "projects",
            [
                {
                    "name": p.name,
                    "land_code": p.land_code,
                    "area": hectares(p.area),
                    "location": p.location,
                    "land_recovery": yes_no(p.land_recovery),
                }
                for p in plan.projects
            ],
        )


def _land_rows(plan: Plan) -> list[dict]:
    current, planned = dict(plan.current), dict(plan.planned)
    for group in GROUPS:
        codes = [c for c in current if GROUP_OF.get(c) == group]
        current[group] = sum(current[c] for c in codes)
        planned[group] = sum(planned[c] for c in codes)
    return [
        {
            "code": code,
            "name": NAMES[code],
            "current_area": hectares(current[code]),
            "planned_area": hectares(planned[code]),
            "change": hectares(planned[code] - current[code]),
        }
        for code in ORDER
        if code in current
    ]


def legal_basis(year: int) -> str:
    # Land Law 2024 (31/2024/QH15) took effect on 1 August 2024; plans for 2024 were approved
    # earlier.
    if year <= 2024:
        return "Luật Đất đai 45/2013/QH13, Điều 48"
    return "Luật Đất đai 31/2024/QH15, Điều 75"


def _metadata(rng: random.Random, unit: SampleUnit, year: int) -> dict:
    approver = unit.parent_in(year)  # the level above approves the yearly plan
    decision = Decision(
        decision_number(rng, "QĐ-UBND", approver.level),
        between(rng, dt.date(year, 1, 10), dt.date(year, 3, 20)),
        f"Ủy ban nhân dân {approver.full_name}",
    )
    office = (
        "Bộ phận Địa chính – Xây dựng"
        if unit.level == "commune"
        else "Phòng Tài nguyên và Môi trường"
    )
    return metadata(
        title=f"Công khai kế hoạch sử dụng đất năm {year} {unit.full_name}",
        own={"year": year, "period": PERIOD},
        legal_basis=legal_basis(year),
        posted=after(rng, decision.date, 3, 12),  # within 15 days of approval
        office=f"{office}, Ủy ban nhân dân {unit.full_name}",
        decision=decision,
        place=f"Trụ sở Ủy ban nhân dân {unit.full_name}",
        until=dt.date(year, 12, 31),  # posted throughout the plan's year (Land Law 2024 Art. 75)
    )
