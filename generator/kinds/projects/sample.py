"""Investment projects in each sample commune (dự án đầu tư trên địa bàn), one register a year.

A commune's projects are drawn once over the sample's years (and the year before, whose works are
still being built in the first): each is approved, started and finished on its dates, so a
project keeps its code from one year's register to the next, its status follows from its dates at
the year's end, and its cumulative disbursement runs on across years. Sources add up to the total
investment exactly; amounts are whole millions of đồng, land compensation whole thousands.
Districts and provinces publish no register of their own here: a project's place is a village,
and their pages add up their communes'.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from generator.tools.sample.days import after, between, quarter_bounds, vn, workday
from generator.tools.sample.files import dataset_folder, kind_schema, write_table, write_yaml
from generator.tools.sample.metadata import Decision, decision_number, metadata
from generator.tools.sample.shares import split
from generator.tools.sample.units import SampleOptions, SampleUnit

KIND = "projects"
MILLION = 1_000_000
QUARTERS = ("I", "II", "III", "IV")
# (name, total in millions of đồng from–to, who invests, how it is funded, land recovered)
# {village}, {other}: villages of the commune; {unit}: "xã An Định".
TEMPLATES = (
    (
        "Đường giao thông liên thôn {village_name} – {other_name}",
        (2500, 9000),
        "district",
        "road",
        ("LUA", "HNK"),
    ),
    ("Nâng cấp đường giao thông {village}", (900, 3500), "commune", "commune", ("HNK",)),
    ("Trường mầm non {unit}", (3500, 12000), "district", "road", ("LUA", "CLN")),
    ("Nhà văn hóa {village}", (600, 1500), "commune", "residents", ()),
    ("Kiên cố hóa kênh mương nội đồng {village}", (800, 2500), "commune", "province", ()),
    ("Cải tạo, nâng cấp Trạm y tế {unit}", (1500, 4000), "district", "road", ()),
    ("Chợ {unit}", (2000, 6000), "commune", "private", ("HNK", "ONT")),
    ("Hệ thống cấp nước sinh hoạt tập trung {village}", (3000, 8000), "district", "oda", ()),
    ("Sân thể thao {village}", (700, 1800), "commune", "residents", ("HNK",)),
    ("Mở rộng nghĩa trang nhân dân {unit}", (800, 2200), "commune", "commune", ("CLN", "HNK")),
    ("Cầu {village}", (1800, 5000), "district", "road", ("LUA",)),
    ("Khu tái định cư {village}", (4000, 10000), "district", "road", ("LUA", "ONT")),
)
DETAILS = {
    "ns-trung-uong": "Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    "ns-tinh": "Ngân sách tỉnh hỗ trợ có mục tiêu",
    "ns-huyen": "Kế hoạch đầu tư công trung hạn của huyện",
    "ns-xa": "Nguồn thu tiền sử dụng đất của xã",
    "oda": "Dự án cấp nước sạch và vệ sinh nông thôn vay vốn Ngân hàng Thế giới",
    "tu-nhan": "Doanh nghiệp đầu tư, khai thác theo hợp đồng",
    "nhan-dan": "Nhân dân tự nguyện đóng góp theo nghị quyết của hội nghị thôn",
}
# How each kind of project is funded: (source, weight) pairs; the first takes what is left.
FUNDING = {
    "commune": (("ns-xa", 5), ("ns-huyen", 4)),
    "province": (("ns-tinh", 6), ("ns-xa", 3)),
    "residents": (("ns-xa", 6), ("nhan-dan", 2)),
    "road": (("ns-huyen", 5), ("ns-tinh", 4), ("ns-trung-uong", 2)),
    "private": (("tu-nhan", 6), ("ns-xa", 3)),
    "oda": (("oda", 7), ("ns-tinh", 3)),
}
# đồng per m² paid for recovered land of each code (from–to), and whether its households move.
PRICES = {
    "LUA": (55_000, 80_000),
    "HNK": (50_000, 70_000),
    "CLN": (60_000, 95_000),
    "ONT": (1_200_000, 2_600_000),
}
RECOVERED = {
    "LUA": "Thu hồi đất trồng lúa",
    "HNK": "Thu hồi đất trồng cây hằng năm",
    "CLN": "Thu hồi đất trồng cây lâu năm",
    "ONT": "Thu hồi đất ở",
}
NEW_PER_YEAR = (2, 4)


@dataclass
class Recovery:
    land_code: str
    square_metres: int
    households: int
    compensation: int
    support: int
    resettlement: int
    plots: int
    decision: str
    decided: dt.date


def quarters_of(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """(year, quarter) of each quarter from the start's to the end's."""
    year, quarter = start.year, (start.month - 1) // 3 + 1
    last = (end.year, (end.month - 1) // 3 + 1)
    found = []
    while (year, quarter) <= last:
        found.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found


@dataclass
class Project:
    code: str
    drawn: int  # the year it was proposed: in the registers from this year on
    name: str
    investor: str
    total: int  # đồng
    sources: list[tuple[str, int]]
    villages: list[str]
    decision: str
    decided: dt.date
    start: dt.date
    end: dt.date  # for a suspended project, the rescheduled end, after the sample's years
    suspended_from: int | None  # the index of the first quarter without work
    paid: list[int]  # disbursed in each quarter from the start's
    recovery: list[Recovery] = field(default_factory=list)

    def quarters(self) -> list[tuple[int, int]]:
        return quarters_of(self.start, self.end)

    def status(self, year: int) -> str | None:
        """At the year's end; None when the project is not in that year's register."""
        year_end = dt.date(year, 12, 31)
        if self.drawn > year:
            return None
        if self.start > year_end:
            return "chuan-bi-dau-tu"
        if self.end <= year_end:
            return "hoan-thanh" if self.end.year == year else None
        if self.suspended_from is not None:
            stopped = self.quarters()[self.suspended_from]
            if quarter_bounds(*stopped)[0] <= year_end:
                return "tam-dung"
        return "dang-thi-cong"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _investor(unit: SampleUnit, who: str) -> str:
    if who == "commune":
        return f"Ủy ban nhân dân {unit.full_name}"
    above = unit.parent if unit.parent.level == "district" else unit.province
    return f"Ban quản lý dự án đầu tư xây dựng {above.full_name}"


def _project(rng: random.Random, unit: SampleUnit, number: int, year: int) -> Project:
    name, (low, high), who, funding, land = rng.choice(TEMPLATES)
    village, other = rng.sample(unit.villages, 2)
    title = name.format(
        village=_lower_first(village.name),
        village_name=village.name,
        other_name=other.name,
        unit=unit.full_name,
    )
    total = rng.randint(low, high) * MILLION
    weights = [(source, weight * rng.uniform(0.7, 1.3)) for source, weight in FUNDING[funding]]
    if funding == "road" and rng.random() < 0.5:
        weights = weights[:2]  # most roads without a national programme's money
    amounts = split(total // MILLION, [w for _, w in weights], minimum=50)
    sources = [(s, a * MILLION) for (s, _), a in zip(weights, amounts, strict=True) if a]
    places = [village.name, other.name] if "liên thôn" in name else [village.name]
    # Approved in the year it is proposed, or (one in six) early the next year.
    if rng.random() < 0.83:
        decided = between(rng, dt.date(year, 1, 15), dt.date(year, 9, 30))
    else:
        decided = between(rng, dt.date(year + 1, 1, 15), dt.date(year + 1, 3, 31))
    start = after(rng, decided, 30, 120)
    end = after(rng, start, 150, 540)
    suspended = None
    if rng.random() < 0.12 and len(quarters_of(start, end)) > 2:
        suspended = rng.randint(1, len(quarters_of(start, end)) - 1)
        end = workday(end + dt.timedelta(days=900))  # rescheduled past the sample's years
    count = len(quarters_of(start, end))
    # Paid by the end: 85–100 % of the total, quarter by quarter, more as the works advance.
    paid_total = round(total * rng.uniform(0.85, 1.0) / MILLION)
    worked = suspended or count
    paid = split(paid_total, [1 + i * rng.uniform(0.2, 0.8) for i in range(worked)])
    paid = [p * MILLION for p in paid] + [0] * (count - worked)
    level = "commune" if who == "commune" else "district"
    return Project(
        f"DA{number:02d}",
        year,
        title,
        _investor(unit, who),
        total,
        sources,
        places,
        decision_number(rng, "QĐ-UBND", level),
        decided,
        start,
        end,
        suspended,
        paid,
        _recovery(rng, unit, land, decided, start),
    )


def _recovery(
    rng: random.Random, unit: SampleUnit, codes: tuple[str, ...], decided: dt.date, start: dt.date
) -> list[Recovery]:
    if not codes:
        return []
    when = between(rng, decided, start - dt.timedelta(days=7))
    # The district approved recovery plans until 30 June 2025, the commune from 1 July 2025.
    by_district = when < dt.date(2025, 7, 1) and unit.parent.level == "district"
    decision = decision_number(rng, "QĐ-UBND", "district" if by_district else "commune")
    rows = []
    for code in codes:
        if code == "ONT":
            metres = rng.randint(300, 2500)
            households = max(1, metres // rng.randint(150, 600))
        else:
            metres = rng.randint(1500, 12000)
            households = max(1, metres // rng.randint(700, 2500))
        compensation = metres * (rng.randint(*PRICES[code]) // 1000 * 1000)
        if code == "ONT":
            support = round(compensation * rng.uniform(0.05, 0.15) / 1000) * 1000
            plots = rng.randint(1, households)
            resettlement = plots * rng.randint(150, 400) * MILLION
        else:  # support for changing jobs: a few times the price of the farm land
            support = round(compensation * rng.uniform(1.5, 3.0) / 1000) * 1000
            plots = resettlement = 0
        rows.append(
            Recovery(
                code, metres, households, compensation, support, resettlement, plots, decision, when
            )
        )
    return rows


def commune_projects(unit: SampleUnit, years: tuple[int, ...], seed: int) -> list[Project]:
    """Every project of the commune over the sample's years, and the year before."""
    rng = random.Random(f"{seed}/{unit.code}/{KIND}")
    projects: list[Project] = []
    for year in (years[0] - 1, *years):
        for _ in range(rng.randint(*NEW_PER_YEAR)):
            projects.append(_project(rng, unit, len(projects) + 1, year))
    return projects


def register(projects: list[Project], year: int) -> list[tuple[Project, str]]:
    """The year's register: (project, its status at the year's end)."""
    return [(p, status) for p in projects if (status := p.status(year)) is not None]


# -- files ---------------------------------------------------------------------------------------


def write_province(province: SampleUnit, out_dir: Path, options: SampleOptions) -> None:
    for unit in province.walk():
        if unit.level == "commune":
            projects = commune_projects(unit, options.years, options.seed)
            write(unit, unit.folder(out_dir), options.years, projects, options.seed)


def write(
    unit: SampleUnit, unit_folder: Path, years: tuple[int, ...], projects: list[Project], seed: int
) -> None:
    rng = random.Random(f"{seed}/{unit.code}/{KIND}/metadata")
    for year in years:
        listed = register(projects, year)
        meta = _metadata(rng, unit, year)
        folder = dataset_folder(unit_folder, KIND, str(year))
        write_yaml(folder / "thong-tin.yaml", meta)
        write_table(folder, KIND, "projects", [_project_row(p, s, year) for p, s in listed])
        write_table(
            folder,
            KIND,
            "sources",
            [
                {
                    "project": p.code,
                    "source": label("sources", "source", s),
                    "detail": DETAILS.get(s),
                    "amount": a,
                }
                for p, _ in listed
                for s, a in p.sources
            ],
        )
        periods = [row for p, _ in listed for row in _periods(p, year)]
        if periods:
            write_table(folder, KIND, "disbursements", periods)
        land = [_land_row(p, r) for p, _ in listed for r in p.recovery if r.decided.year == year]
        if land:
            write_table(folder, KIND, "land", land)


def label(table: str, field_name: str, value: str) -> str:
    """A category as staff pick it from the template's drop-down: its label."""
    spec = next(f for f in kind_schema(KIND)["tables"][table]["fields"] if f["name"] == field_name)
    return next(c["label"] for c in spec["categories"] if c["value"] == value)


def _project_row(project: Project, status: str, year: int) -> dict:
    approved = project.decided.year <= year  # approved by the year's end
    return {
        "code": project.code,
        "name": project.name,
        "investor": project.investor,
        "decision_number": project.decision if approved else None,
        "decision_date": vn(project.decided) if approved else None,
        "total": project.total,
        "location": "; ".join(project.villages),
        "start_date": vn(project.start),
        "end_date": vn(project.end),
        "status": label("projects", "status", status),
    }


def _periods(project: Project, year: int) -> list[dict]:
    rows, cumulative = [], 0
    quarters = project.quarters()
    worked = project.suspended_from or len(quarters)
    for index, ((in_year, quarter), paid) in enumerate(zip(quarters, project.paid, strict=True)):
        cumulative += paid
        if in_year != year or index >= worked:
            continue
        last = quarter_bounds(in_year, quarter)[1]
        rows.append(
            {
                "project": project.code,
                "period": f"Quý {QUARTERS[quarter - 1]}/{in_year}",
                "as_of": vn(last),
                "progress": min(100, round(100 * (index + 1) / len(quarters))),
                "disbursed": paid,
                "cumulative": cumulative,
            }
        )
    return rows


def _land_row(project: Project, r: Recovery) -> dict:
    return {
        "project": project.code,
        "land_code": r.land_code,
        "area": f"{r.square_metres // 10000},{r.square_metres % 10000:04d}",
        "households": r.households,
        "compensation": r.compensation,
        "support": r.support,
        "resettlement": r.resettlement,
        "plots": r.plots,
        "decision_number": r.decision,
        "decision_date": vn(r.decided),
        "detail": f"{RECOVERED[r.land_code]} của {r.households} hộ gia đình, cá nhân",
    }


def legal_basis(year: int) -> str:
    # The Law on Public Investment 58/2024/QH15 replaced 39/2019/QH14 from 1 January 2025.
    law = "Luật Đầu tư công 39/2019/QH14" if year <= 2024 else "Luật Đầu tư công 58/2024/QH15"
    return f"Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15, Điều 11; {law}"


def _metadata(rng: random.Random, unit: SampleUnit, year: int) -> dict:
    # The year's report on the projects, then posted within five working days.
    decision = Decision(
        decision_number(rng, "BC-UBND", "commune"),
        workday(between(rng, dt.date(year + 1, 1, 2), dt.date(year + 1, 1, 9))),
        f"Ủy ban nhân dân {unit.full_name}",
    )
    if year <= 2024:
        office = "Bộ phận Địa chính – Xây dựng"
    else:  # communes' departments from 1 July 2025
        office = "Phòng Kinh tế, Hạ tầng và Đô thị" if unit.urban else "Phòng Kinh tế"
    return metadata(
        title=(
            "Công khai tình hình thực hiện các dự án đầu tư trên địa bàn "
            f"{unit.full_name} năm {year}"
        ),
        own={"year": year},
        legal_basis=legal_basis(year),
        posted=after(rng, decision.date, 1, 4),
        office=f"{office}, Ủy ban nhân dân {unit.full_name}",
        decision=decision,
        forms=("tru-so", "cong-thong-tin"),
        place=f"Bảng tin trụ sở Ủy ban nhân dân {unit.full_name}",
        responsible="Công chức Địa chính – Xây dựng" if year <= 2024 else "Trưởng phòng Kinh tế",
    )
