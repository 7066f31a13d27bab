"""Residents' contributions (các khoản đóng góp của nhân dân) of each commune, one dataset a year.

Every commune collects the disaster-prevention fund, which the law makes mandatory, and the
Fatherland Front's fund for the poor, which is voluntary, in every village; and each year one to
three villages decide in their meeting to build or mend a work with their money, goods and labour
(sometimes the commune council decides a road between two villages). Amounts are whole thousands
of đồng; goods and labour carry their value; a campaign's totals are its villages' rows, its
spending its items, and what is left the money collected less what was spent.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from generator.tools.sample.days import after, between, vn
from generator.tools.sample.files import dataset_folder, write_table, write_yaml
from generator.tools.sample.metadata import Decision, decision_number, metadata
from generator.tools.sample.shares import split
from generator.tools.sample.units import SampleOptions, SampleUnit

KIND = "contributions"
LEGAL_BASIS = "Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15, Điều 11 và Điều 15"
THOUSAND = 1000
BY_LAW, COMMUNITY, COUNCIL, FRONT = (
    "Quy định của pháp luật",
    "Cộng đồng dân cư",
    "Hội đồng nhân dân",
    "Mặt trận Tổ quốc",
)
VOLUNTARY, MANDATORY = "Tự nguyện", "Bắt buộc"
VILLAGE_SIZE = (150, 600)  # households
WORKS_PER_YEAR = (1, 3)


@dataclass(frozen=True)
class Work:
    """A work a village may decide to build: its name and purpose ({v}: the village inside a
    sentence, {size}: a number drawn from `size`), what residents give and how it is spent."""

    name: str
    purpose: str
    size: tuple[int, int]
    per_household: tuple[int, int]  # money, đồng
    goods: tuple[str, int, int, int] | None  # what, unit price, quantity from, to
    labour: tuple[int, int] | None  # days from, to
    items: tuple[str, ...]


CEMENT = ("tấn xi măng", 1_650_000, 10, 40)
STONE = ("m³ đá, cát", 320_000, 20, 80)
RURAL_WORKS = (
    Work(
        "Bê tông hóa đường giao thông {v}",
        "Làm mới {size} m đường bê tông rộng 3 m trong {v}",
        (400, 1200),
        (600_000, 1_500_000),
        CEMENT,
        (200, 600),
        ("Mua đá, cát, sỏi", "Thuê máy trộn, máy đầm bê tông", "Thuê thợ kỹ thuật thi công"),
    ),
    Work(
        "Kiên cố hóa kênh mương nội đồng {v}",
        "Xây {size} m kênh mương bê tông phục vụ tưới tiêu cho cánh đồng {v}",
        (300, 900),
        (400_000, 1_000_000),
        STONE,
        (150, 400),
        ("Mua xi măng, thép", "Thuê máy đào", "Thuê thợ kỹ thuật thi công"),
    ),
    Work(
        "Xây dựng nhà văn hóa {v}",
        "Xây mới nhà văn hóa {v}, diện tích {size} m², trên nền nhà cũ đã xuống cấp",
        (120, 200),
        (800_000, 2_000_000),
        CEMENT,
        (150, 400),
        ("Mua gạch, thép, tôn lợp mái", "Trả tiền nhân công xây dựng", "Mua bàn ghế, loa đài"),
    ),
    Work(
        "Lắp đặt đèn chiếu sáng đường {v}",
        "Lắp {size} bộ đèn năng lượng mặt trời dọc đường trục {v}",
        (20, 60),
        (150_000, 400_000),
        None,
        (20, 60),
        ("Mua đèn năng lượng mặt trời, cột đèn", "Thuê lắp đặt"),
    ),
)
URBAN_WORKS = (
    Work(
        "Lắp đặt đèn chiếu sáng ngõ xóm {v}",
        "Lắp {size} bộ đèn LED chiếu sáng các ngõ trong {v}",
        (20, 60),
        (150_000, 400_000),
        None,
        None,
        ("Mua đèn LED, dây điện", "Thuê lắp đặt"),
    ),
    Work(
        "Sửa chữa nhà văn hóa {v}",
        "Lát lại nền, sơn tường, thay mái tôn nhà văn hóa {v} (diện tích {size} m²)",
        (80, 150),
        (300_000, 800_000),
        None,
        (30, 120),
        ("Mua gạch lát, sơn, tôn", "Trả tiền nhân công sửa chữa"),
    ),
    Work(
        "Lắp đặt camera an ninh {v}",
        "Lắp {size} mắt camera giám sát an ninh, trật tự tại các ngõ trong {v}",
        (8, 24),
        (100_000, 300_000),
        None,
        None,
        ("Mua camera, đầu ghi hình", "Thuê lắp đặt, kéo dây"),
    ),
    Work(
        "Bê tông hóa ngõ xóm {v}",
        "Đổ bê tông {size} m ngõ trong {v}, thay mặt đường đất",
        (150, 500),
        (500_000, 1_200_000),
        STONE,
        (60, 200),
        ("Mua xi măng, thép", "Thuê máy trộn bê tông", "Thuê thợ kỹ thuật thi công"),
    ),
)


@dataclass
class Campaign:
    code: str
    name: str
    purpose: str
    decided_by: str
    decision: str
    decided_on: dt.date
    nature: str
    target: int
    villages: list[dict]
    spending: list[dict] = field(default_factory=list)
    notes: str | None = None

    def total(self, name: str) -> int:
        return sum(row.get(name) or 0 for row in self.villages)

    @property
    def spent(self) -> int:
        return sum(item["amount"] for item in self.spending)


def _in_sentence(village) -> str:
    """'Thôn Đông' -> 'thôn Đông', 'Tổ dân phố 3' -> 'tổ dân phố 3'."""
    return village.type + village.name[len(village.type) :]


def _thousands(amount: float) -> int:
    return int(round(amount / THOUSAND)) * THOUSAND


def _millions(amount: float) -> int:
    """A target as decided: whole millions of đồng."""
    return int(round(amount / 1_000_000)) * 1_000_000


def _spend(
    rng: random.Random,
    money: int,
    share: tuple[float, float],
    items: tuple[str, ...],
    first: dt.date,
    last: dt.date,
) -> list[dict]:
    """Items adding up to a share of the money collected, dated in order from first to last."""
    total = _thousands(money * rng.uniform(*share))
    if not total:
        return []
    parts = split(total // THOUSAND, [rng.uniform(0.5, 1.5) for _ in items], minimum=1)
    days = sorted(between(rng, first, last) for _ in items)
    return [
        {"item": item, "date": day, "amount": part * THOUSAND}
        for item, part, day in zip(items, parts, days, strict=True)
        if part
    ]


def _disaster_fund(rng, unit, year, sizes) -> Campaign:
    """Mandatory by law: the working-age residents of every village, 15.000 đồng a person."""
    villages = []
    for v in unit.villages:
        households = round(sizes[v.code] * rng.uniform(0.85, 0.98))
        people = round(households * rng.uniform(1.6, 2.4))
        villages.append({"village": v.code, "households": households, "money": people * 15_000})
    decided = between(rng, dt.date(year, 2, 1), dt.date(year, 3, 15))
    money = sum(row["money"] for row in villages)
    remitted = split(_thousands(money * rng.uniform(0.9, 1.0)) // THOUSAND, [0.6, 0.4])
    days = (
        between(rng, dt.date(year, 6, 1), dt.date(year, 7, 15)),
        between(rng, dt.date(year, 12, 1), dt.date(year, 12, 15)),
    )
    spending = [
        {
            "item": f"Nộp về Quỹ phòng, chống thiên tai tỉnh (đợt {n})",
            "date": day,
            "amount": part * THOUSAND,
        }
        for n, (day, part) in enumerate(zip(days, remitted, strict=True), start=1)
    ]
    return Campaign(
        "",
        f"Quỹ phòng, chống thiên tai năm {year}",
        "Thu Quỹ phòng, chống thiên tai của người trong độ tuổi lao động theo Nghị định "
        "78/2021/NĐ-CP, nộp về Quỹ phòng, chống thiên tai tỉnh",
        BY_LAW,
        f"Kế hoạch {decision_number(rng, 'KH-UBND', 'commune')} của Ủy ban nhân dân {unit.type}",
        decided,
        MANDATORY,
        _millions(money * rng.uniform(1.0, 1.1)),
        villages,
        spending,
    )


def _fund_for_the_poor(rng, unit, year, sizes) -> Campaign:
    """Voluntary, at the Fatherland Front's call in the month for the poor (17/10 – 18/11)."""
    villages = []
    for v in unit.villages:
        households = round(sizes[v.code] * rng.uniform(0.4, 0.8))
        money = _thousands(households * rng.uniform(50_000, 200_000))
        villages.append({"village": v.code, "households": households, "money": money})
    decided = between(rng, dt.date(year, 10, 1), dt.date(year, 10, 16))
    money = sum(row["money"] for row in villages)
    spending = _spend(
        rng,
        money,
        (0.5, 0.9),
        ("Hỗ trợ sửa chữa nhà ở cho hộ nghèo", "Thăm hỏi hộ nghèo gặp khó khăn đột xuất"),
        dt.date(year, 11, 20),
        dt.date(year, 12, 20),
    )
    return Campaign(
        "",
        f"Ủng hộ Quỹ Vì người nghèo năm {year}",
        "Hỗ trợ hộ nghèo, hộ cận nghèo sửa chữa nhà ở và thăm hỏi hộ gặp khó khăn đột xuất",
        FRONT,
        f"Thư kêu gọi của Ban Thường trực Ủy ban Mặt trận Tổ quốc {unit.type}",
        decided,
        VOLUNTARY,
        _millions(money * rng.uniform(0.9, 1.2)),
        villages,
        spending,
        "Số còn lại chuyển sang năm sau",
    )


def _work(rng, unit, year, sizes, work: Work, villages: list) -> Campaign:
    """A work decided by its village meeting (or, for two villages, the commune council)."""
    rows = []
    for v in villages:
        households = round(sizes[v.code] * rng.uniform(0.6, 0.95))
        row = {
            "village": v.code,
            "households": households,
            "money": _thousands(households * rng.uniform(*work.per_household)),
        }
        if work.goods:
            what, price, low, high = work.goods
            quantity = rng.randint(low, high)
            row.update(in_kind=f"{quantity} {what}", in_kind_value=quantity * price)
        if work.labour:
            days = rng.randint(*work.labour)
            row.update(
                labour_days=days, labour_value=days * rng.randrange(200_000, 270_000, 10_000)
            )
        rows.append(row)
    places = " và ".join(_in_sentence(v) for v in villages)
    size = rng.randint(*work.size)
    decided = between(rng, dt.date(year, 2, 15), dt.date(year, 6, 30))
    money = sum(row["money"] for row in rows)
    finished = rng.random() < 0.7
    spending = _spend(
        rng,
        money,
        (0.93, 1.0) if finished else (0.4, 0.8),
        work.items,
        decided + dt.timedelta(days=20),
        dt.date(year, 12, 20),
    )
    collected = money + sum(r.get("in_kind_value", 0) + r.get("labour_value", 0) for r in rows)
    council = len(villages) > 1
    return Campaign(
        "",
        work.name.format(v=places),
        work.purpose.format(v=places, size=size),
        COUNCIL if council else COMMUNITY,
        (
            f"Nghị quyết {decision_number(rng, 'NQ-HĐND', 'commune')} của Hội đồng nhân dân "
            f"{unit.type}"
            if council
            else f"Biên bản hội nghị {places}"
        ),
        decided,
        VOLUNTARY,
        _millions(collected * rng.uniform(1.0, 1.15)),
        rows,
        spending,
        None if finished else "Công trình đang thi công, chưa quyết toán",
    )


def campaigns(rng: random.Random, unit: SampleUnit, year: int, sizes: dict) -> list[Campaign]:
    works = URBAN_WORKS if unit.urban else RURAL_WORKS
    found = [_disaster_fund(rng, unit, year, sizes)]
    count = min(rng.randint(*WORKS_PER_YEAR), len(unit.villages) // 2)
    chosen = rng.sample(unit.villages, count * 2)
    for n in range(count):
        work = rng.choice(works)
        # Now and then the commune council decides a road shared by two villages.
        joint = not unit.urban and work is works[0] and rng.random() < 0.3
        villages = chosen[2 * n : 2 * n + 2] if joint else chosen[2 * n : 2 * n + 1]
        found.append(_work(rng, unit, year, sizes, work, villages))
    found.append(_fund_for_the_poor(rng, unit, year, sizes))
    for n, campaign in enumerate(found, start=1):
        campaign.code = f"K{n}"
    return found


def write_province(province: SampleUnit, out_dir: Path, options: SampleOptions) -> None:
    """Communes publish their residents' contributions; districts and provinces collect none."""
    for unit in province.walk():
        if unit.level == "commune":
            write(unit, unit.folder(out_dir), options.years, options.seed)


def write(unit: SampleUnit, unit_folder: Path, years: tuple[int, ...], seed: int) -> None:
    rng = random.Random(f"{seed}/{unit.code}/{KIND}")
    sizes = {v.code: rng.randint(*VILLAGE_SIZE) for v in unit.villages}
    for year in years:
        found = campaigns(rng, unit, year, sizes)
        folder = dataset_folder(unit_folder, KIND, str(year))
        write_yaml(folder / "thong-tin.yaml", _metadata(rng, unit, year))
        write_table(folder, KIND, "campaigns", [_campaign_row(c) for c in found])
        write_table(
            folder,
            KIND,
            "villages",
            [{"campaign": c.code, **_blank_zeros(row)} for c in found for row in c.villages],
        )
        write_table(
            folder,
            KIND,
            "spending",
            [
                {"campaign": c.code, **item, "date": vn(item["date"])}
                for c in found
                for item in c.spending
            ],
        )
        sizes = {code: round(size * rng.uniform(1.0, 1.02)) for code, size in sizes.items()}


def _blank_zeros(row: dict) -> dict:
    return {name: value or None for name, value in row.items()}


def _campaign_row(c: Campaign) -> dict:
    money = c.total("money")
    return _blank_zeros(
        {
            "code": c.code,
            "name": c.name,
            "purpose": c.purpose,
            "decided_by": c.decided_by,
            "decision": c.decision,
            "decided_on": vn(c.decided_on),
            "nature": c.nature,
            "target": c.target,
            "money": money,
            "in_kind_value": c.total("in_kind_value"),
            "labour_days": c.total("labour_days"),
            "labour_value": c.total("labour_value"),
            "spent": c.spent,
            "balance": money - c.spent,
            "notes": c.notes,
        }
    )


def _metadata(rng: random.Random, unit: SampleUnit, year: int) -> dict:
    # The year's report, after the last spending of the year.
    decision = Decision(
        decision_number(rng, "BC-UBND", "commune"),
        between(rng, dt.date(year, 12, 22), dt.date(year, 12, 29)),
        f"Ủy ban nhân dân {unit.full_name}",
    )
    return metadata(
        title=f"Công khai các khoản đóng góp của nhân dân {unit.full_name} năm {year}",
        own={"year": year},
        legal_basis=LEGAL_BASIS,
        posted=after(rng, decision.date, 1, 6),
        office=f"Bộ phận Tài chính – Kế toán, Ủy ban nhân dân {unit.full_name}",
        decision=decision,
        forms=("tru-so", "nha-van-hoa", "cong-thong-tin"),
        place=f"Bảng tin trụ sở Ủy ban nhân dân {unit.full_name} và nhà văn hóa nơi thu",
        responsible="Công chức Tài chính – Kế toán",
    )
