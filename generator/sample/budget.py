"""Budget (ngân sách): revenue and spending lines for every unit, year and stage.

Amounts are drawn for leaf lines only; each group line is then the exact sum of its members, as
the budget check requires. Execution stages scale the year's estimate line by line, and next
year's estimate grows from this year's, so the stages of a unit tell one consistent story.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from generator.sample.days import after, between, vn
from generator.sample.files import dataset_folder, write_table, write_yaml
from generator.sample.metadata import Decision, decision_number, metadata
from generator.sample.shares import split
from generator.sample.units import SampleUnit

KIND = "budget"
OPTIONAL = "optional"  # a line some units leave out, so tables differ a little between units

# (name, weight[, OPTIONAL]) for a line with an amount, (name, (members...)) for a group line.
# Weights are rough shares of the total; "{upper}" is the level that tops the budget up.
COMMUNE_REVENUE = (
    ("Thu thuế, phí, lệ phí", (
        ("Thuế sử dụng đất phi nông nghiệp", 1.5),
        ("Thuế giá trị gia tăng, thuế thu nhập cá nhân từ hộ kinh doanh", 3, OPTIONAL),
        ("Lệ phí trước bạ nhà, đất", 2.5),
        ("Lệ phí môn bài", 0.5, OPTIONAL),
        ("Phí, lệ phí", 1.5),
    )),
    ("Thu từ quỹ đất công ích và hoa lợi công sản", 3),
    ("Thu tiền sử dụng đất", 6, OPTIONAL),
    ("Thu khác ngân sách", (
        ("Thu đóng góp tự nguyện của tổ chức, cá nhân", 1),
        ("Thu phạt vi phạm hành chính", 0.5, OPTIONAL),
        ("Thu khác", 0.8),
    )),
    ("Thu bổ sung từ ngân sách {upper}", (
        ("Thu bổ sung cân đối ngân sách", 55),
        ("Thu bổ sung có mục tiêu", 18),
    )),
)
COMMUNE_SPENDING = (
    ("Chi đầu tư phát triển", (
        ("Chi đầu tư xây dựng cơ bản", 12),
        ("Chi đầu tư từ nguồn thu tiền sử dụng đất", 6, OPTIONAL),
    )),
    ("Chi thường xuyên", (
        ("Chi sự nghiệp giáo dục", 2.5),
        ("Chi sự nghiệp y tế", 1, OPTIONAL),
        ("Chi sự nghiệp văn hóa, thông tin", 1.5),
        ("Chi sự nghiệp phát thanh", 0.6, OPTIONAL),
        ("Chi sự nghiệp thể dục thể thao", 0.8),
        ("Chi sự nghiệp kinh tế", 6),
        ("Chi sự nghiệp bảo vệ môi trường", 2),
        ("Chi đảm bảo xã hội", 6),
        ("Chi quản lý nhà nước, Đảng, đoàn thể", 40),
        ("Chi quốc phòng", 4),
        ("Chi an ninh, trật tự an toàn xã hội", 3),
        ("Chi khác", 0.8),
    )),
    ("Chi thực hiện các chương trình mục tiêu quốc gia", 5, OPTIONAL),
    ("Chi dự phòng ngân sách", 2.5),
)
UPPER_REVENUE = (
    ("Thu nội địa", (
        ("Thu từ doanh nghiệp nhà nước", 6),
        ("Thu từ khu vực công thương nghiệp ngoài quốc doanh", 12),
        ("Thuế thu nhập cá nhân", 5),
        ("Lệ phí trước bạ", 4),
        ("Thuế sử dụng đất phi nông nghiệp", 0.5),
        ("Thu phí, lệ phí", 2),
        ("Thu tiền sử dụng đất", 15),
        ("Thu tiền thuê đất, thuê mặt nước", 2, OPTIONAL),
        ("Thu khác ngân sách", 1.5),
    )),
    ("Thu bổ sung từ ngân sách {upper}", (
        ("Thu bổ sung cân đối ngân sách", 35),
        ("Thu bổ sung có mục tiêu", 12),
    )),
)
UPPER_SPENDING = (
    ("Chi đầu tư phát triển", (
        ("Chi đầu tư xây dựng cơ bản tập trung", 15),
        ("Chi đầu tư từ nguồn thu tiền sử dụng đất", 10),
        ("Chi đầu tư từ nguồn bổ sung có mục tiêu", 5, OPTIONAL),
    )),
    ("Chi thường xuyên", (
        ("Chi sự nghiệp giáo dục, đào tạo và dạy nghề", 25),
        ("Chi sự nghiệp y tế, dân số và gia đình", 6),
        ("Chi sự nghiệp khoa học và công nghệ", 0.5, OPTIONAL),
        ("Chi sự nghiệp văn hóa, thông tin", 1.5),
        ("Chi sự nghiệp thể dục thể thao", 0.6, OPTIONAL),
        ("Chi sự nghiệp kinh tế", 6),
        ("Chi sự nghiệp bảo vệ môi trường", 3),
        ("Chi đảm bảo xã hội", 5),
        ("Chi quản lý nhà nước, Đảng, đoàn thể", 10),
        ("Chi quốc phòng", 1.5),
        ("Chi an ninh, trật tự an toàn xã hội", 1),
        ("Chi khác", 0.5),
    )),
    ("Chi bổ sung cho ngân sách cấp dưới", 15),
    ("Chi dự phòng ngân sách", 2),
)

ESTIMATE = "du-toan"
EARLIER_YEAR_STAGES = (ESTIMATE, "thuc-hien-6-thang", "thuc-hien-12-thang", "quyet-toan")
LAST_YEAR_STAGES = (ESTIMATE, "thuc-hien-3-thang", "thuc-hien-6-thang", "thuc-hien-9-thang")
MONTHS = {"thuc-hien-3-thang": 3, "thuc-hien-6-thang": 6, "thuc-hien-9-thang": 9, "thuc-hien-12-thang": 12}
# Share of the year's estimate collected or spent by the end of each stage.
RATES = {3: (0.2, 0.3), 6: (0.4, 0.55), 9: (0.65, 0.8), 12: (0.95, 1.1)}
GROWTH = (1.03, 1.12)  # next year's estimate against this year's
MILLION, THOUSAND = 1_000_000, 1_000


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    parent: str | None
    weight: float | None  # None for a group line, whose amount is the sum of its members


def _lines(rng: random.Random, spec: tuple, upper: str) -> list[Line]:
    optional = sorted(_optional_names(spec))
    dropped = set(rng.sample(optional, rng.randint(0, min(2, len(optional)))))
    lines: list[Line] = []

    def walk(items, parent):
        number = 0
        for name, body, *flags in items:
            if name in dropped:
                continue
            number += 1
            code = f"{parent}.{number}" if parent else str(number)
            name = name.replace("{upper}", upper)
            if isinstance(body, tuple):
                lines.append(Line(code, name, parent, None))
                walk(body, code)
            else:
                lines.append(Line(code, name, parent, body * rng.uniform(0.6, 1.4)))

    walk(spec, None)
    return lines


def _optional_names(spec) -> set[str]:
    found = set()
    for name, body, *flags in spec:
        if isinstance(body, tuple):
            found |= _optional_names(body)
        elif OPTIONAL in flags:
            found.add(name)
    return found


def _with_groups(lines: list[Line], leaves: dict[str, int]) -> dict[str, int]:
    """Leaf amounts plus group amounts, each group exactly the sum of its members."""
    amounts = dict(leaves)
    for line in reversed(lines):  # members come after their group, so walk backwards
        if line.weight is None:
            amounts[line.code] = sum(amounts[m.code] for m in lines if m.parent == line.code)
    return amounts


def _leaves(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.weight is not None]


def _estimate(lines: list[Line], total: int) -> dict[str, int]:
    leaves = _leaves(lines)
    parts = split(total // MILLION, [line.weight for line in leaves], minimum=1)
    return {line.code: part * MILLION for line, part in zip(leaves, parts)}


def _grown(rng: random.Random, lines: list[Line], previous: dict[str, int]) -> dict[str, int]:
    return {line.code: round(previous[line.code] * rng.uniform(*GROWTH) / MILLION) * MILLION
            for line in _leaves(lines)}


def _balance(spending: dict[str, int], total: int) -> dict[str, int]:
    """A council approves a balanced estimate: the largest spending line takes the difference."""
    largest = max(spending, key=lambda code: (spending[code], code))
    return {**spending, largest: spending[largest] + total - sum(spending.values())}


def _executed(rng: random.Random, estimate: dict[str, int], low: float, high: float) -> dict[str, int]:
    return {code: round(amount * rng.uniform(low, high) / THOUSAND) * THOUSAND
            for code, amount in estimate.items()}


def _total_amount(rng: random.Random, unit: SampleUnit) -> int:
    billions = {"province": (800, 2500), "district": (60, 200)}.get(
        unit.level, (8, 20) if unit.urban else (5, 14))
    return rng.randint(billions[0] * 1000, billions[1] * 1000) * MILLION


class _UnitBudget:
    """One unit's lines and the leaf amounts of every year and stage."""

    def __init__(self, rng: random.Random, unit: SampleUnit):
        self.rng = rng
        commune = unit.level == "commune"
        upper = "trung ương" if unit.level == "province" else "cấp trên"
        self.revenue = _lines(rng, COMMUNE_REVENUE if commune else UPPER_REVENUE, upper)
        self.spending = _lines(rng, COMMUNE_SPENDING if commune else UPPER_SPENDING, upper)
        self.first_total = _total_amount(rng, unit)
        self.estimates: tuple[dict, dict] | None = None

    def next_estimate(self) -> tuple[dict, dict]:
        if self.estimates is None:
            revenue = _estimate(self.revenue, self.first_total)
            spending = _estimate(self.spending, self.first_total)
        else:
            revenue = _grown(self.rng, self.revenue, self.estimates[0])
            spending = _balance(_grown(self.rng, self.spending, self.estimates[1]), sum(revenue.values()))
        self.estimates = (revenue, spending)
        return self.estimates

    def execution(self, months: int) -> tuple[dict, dict]:
        low, high = RATES[months]
        span = high - low
        # Revenue tends to come in faster than money is spent: draw from the upper and lower part.
        revenue = _executed(self.rng, self.estimates[0], low + 0.3 * span, high)
        spending = _executed(self.rng, self.estimates[1], low, low + 0.7 * span)
        return revenue, self.within(revenue, spending)

    def settled(self, year_end: tuple[dict, dict]) -> tuple[dict, dict]:
        """Final accounts: the full-year execution with small corrections."""
        revenue, spending = (_executed(self.rng, part, 0.995, 1.005) for part in year_end)
        return revenue, self.within(revenue, spending)

    def within(self, revenue: dict[str, int], spending: dict[str, int]) -> dict[str, int]:
        """Executed spending stays below revenue collected: scale it down when it is not."""
        if sum(spending.values()) > sum(revenue.values()):
            factor = sum(revenue.values()) / sum(spending.values()) * self.rng.uniform(0.95, 0.99)
            spending = _executed(self.rng, spending, factor, factor)
        return spending


def write(unit: SampleUnit, unit_folder: Path, years: tuple[int, ...], seed: int) -> None:
    rng = random.Random(f"{seed}/{unit.code}/{KIND}")
    budget = _UnitBudget(rng, unit)
    for year in years:
        estimate = budget.next_estimate()
        stages = LAST_YEAR_STAGES if year == years[-1] else EARLIER_YEAR_STAGES
        year_end = None
        for stage in stages:
            if stage == ESTIMATE:
                amounts = estimate
            elif stage == "quyet-toan":
                amounts = budget.settled(year_end)
            else:
                amounts = budget.execution(MONTHS[stage])
                if MONTHS[stage] == 12:
                    year_end = amounts
            folder = dataset_folder(unit_folder, KIND, f"{year}-{stage}")
            write_yaml(folder / "thong-tin.yaml", _metadata(rng, unit, year, stage))
            write_table(folder, KIND, "revenue", _rows(budget.revenue, amounts[0]))
            write_table(folder, KIND, "spending", _rows(budget.spending, amounts[1]))


def _rows(lines: list[Line], leaves: dict[str, int]) -> list[dict]:
    amounts = _with_groups(lines, leaves)
    return [{"code": l.code, "name": l.name, "parent": l.parent, "amount": amounts[l.code]} for l in lines]


# -- metadata ------------------------------------------------------------------------------------

def _metadata(rng: random.Random, unit: SampleUnit, year: int, stage: str) -> dict:
    name = unit.full_name
    council = f"Hội đồng nhân dân {name}"
    decision, notes = None, None
    if stage == ESTIMATE:
        title = f"Công khai dự toán ngân sách {name} năm {year}"
        # The council approves the estimate in late December; it is posted within 30 days.
        decision = Decision(decision_number(rng, "NQ-HĐND", unit.level),
                            between(rng, dt.date(year - 1, 12, 15), dt.date(year - 1, 12, 24)), council)
        posted = between(rng, dt.date(year, 1, 2), dt.date(year, 1, 9))
    elif stage == "quyet-toan":
        title = f"Công khai quyết toán ngân sách {name} năm {year}"
        decision = Decision(decision_number(rng, "NQ-HĐND", unit.level),
                            between(rng, dt.date(year + 1, 4, 1), dt.date(year + 1, 6, 10)), council)
        posted = after(rng, decision.date, 5, 20)
    else:
        months = MONTHS[stage]
        period = f"năm {year}" if months == 12 else f"{months} tháng đầu năm {year}"
        title = f"Công khai tình hình thực hiện dự toán ngân sách {name} {period}"
        end = dt.date(year, 12, 31) if months == 12 else dt.date(year, months + 1, 1) - dt.timedelta(days=1)
        posted = after(rng, end, 5, 13)  # within 15 days of the end of the period
        notes = f"Số liệu thực hiện đến hết ngày {vn(end)}."
    return metadata(title=title, own={"year": year, "stage": stage}, legal_basis=legal_basis(year),
                    posted=posted, office=_office(unit), decision=decision, notes=notes)


def legal_basis(year: int) -> str:
    # Circular 26/2026/TT-BTC replaced Circular 343/2016/TT-BTC from budget year 2026.
    if year >= 2026:
        return "Luật Ngân sách nhà nước 89/2025/QH15; Thông tư 26/2026/TT-BTC"
    return "Luật Ngân sách nhà nước 83/2015/QH13; Thông tư 343/2016/TT-BTC"


def _office(unit: SampleUnit) -> str:
    if unit.level == "province":
        return f"Sở Tài chính {unit.full_name}"
    if unit.level == "district":
        return f"Phòng Tài chính – Kế hoạch, Ủy ban nhân dân {unit.full_name}"
    return f"Bộ phận Tài chính – Kế toán, Ủy ban nhân dân {unit.full_name}"
