"""Fees and charges each commune collects directly (phí, lệ phí), year by year.

Every amount is the rate times a count of cases, pages or households, so it is whole and ends in
the rate's thousands. A charge (lệ phí) is remitted in full; a fee (phí) keeps its share for the
cost of collecting it (a whole number of đồng: the rates are multiples of 1.000 đồng and the shares
whole percents) and remits the rest.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from generator.tools.sample.days import after, between, workday
from generator.tools.sample.files import dataset_folder, write_table, write_yaml
from generator.tools.sample.metadata import Decision, decision_number, metadata
from generator.tools.sample.units import SampleOptions, SampleUnit

KIND = "fees"
LEGAL_BASIS = (
    "Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15, Điều 11; Luật Phí và lệ phí 97/2015/QH13"
)
QUARTERS = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Fee:
    name: str
    category: str  # as staff type it: «Phí» or «Lệ phí»
    basis: str  # "{province}" is the province's resolution
    rate: int  # đồng
    rate_unit: str
    volume: tuple[int, int]  # cases (pages, households, ...) a quarter in a rural commune
    share: int = 0  # percent kept for costs (a fee only)
    everywhere: bool = True  # else only in some communes (a market)


FEES = (
    Fee(
        "Lệ phí chứng thực bản sao từ bản chính",
        "Lệ phí",
        "Thông tư 226/2016/TT-BTC",
        2_000,
        "đồng/trang",
        (400, 2_500),
    ),
    Fee(
        "Lệ phí chứng thực chữ ký",
        "Lệ phí",
        "Thông tư 226/2016/TT-BTC",
        10_000,
        "đồng/trường hợp",
        (20, 150),
    ),
    Fee(
        "Lệ phí đăng ký hộ tịch",
        "Lệ phí",
        "{province}",
        8_000,
        "đồng/việc",
        (10, 80),
    ),
    Fee(
        "Phí sử dụng bến bãi, mặt bằng chợ",
        "Phí",
        "{province}",
        5_000,
        "đồng/lượt",
        (300, 2_000),
        share=50,
        everywhere=False,
    ),
    Fee(
        "Phí vệ sinh",
        "Phí",
        "{province}",
        10_000,
        "đồng/hộ/tháng",
        (600, 2_400),
        share=80,
    ),
)


def write_province(province: SampleUnit, out_dir: Path, options: SampleOptions) -> None:
    """Each commune's fees and charges, for every sample year."""
    basis = f"Nghị quyết 12/2021/NQ-HĐND của Hội đồng nhân dân {province.full_name}"
    for unit in province.walk():
        if unit.level == "commune":
            write(unit, unit.folder(out_dir), options.years, options.seed, basis)


def write(
    unit: SampleUnit, unit_folder: Path, years: tuple[int, ...], seed: int, basis: str
) -> None:
    rng = random.Random(f"{seed}/{unit.code}/{KIND}")
    fees = [f for f in FEES if f.everywhere or rng.random() < 0.7]
    scale = 2.0 if unit.urban else 1.0  # a town's office and market see more people
    sizes = {f.name: rng.randint(*f.volume) * scale for f in fees}
    for number, year in enumerate(years):
        folder = dataset_folder(unit_folder, KIND, str(year))
        write_yaml(folder / "thong-tin.yaml", _metadata(rng, unit, year))
        write_table(
            folder,
            KIND,
            "fees",
            [
                {
                    "name": f.name,
                    "category": f.category,
                    "basis": f.basis.format(province=basis),
                    "rate": f.rate,
                    "rate_unit": f.rate_unit,
                    "retained_share": f.share or None,
                }
                for f in fees
            ],
        )
        rows = []
        growth = 1 + 0.05 * number
        for f in fees:
            for quarter in QUARTERS:
                count = round(sizes[f.name] * growth * rng.uniform(0.8, 1.2))
                if f.rate_unit == "đồng/hộ/tháng":
                    count = round(sizes[f.name] * growth) * 3  # households, each month
                collected = count * f.rate
                kept = collected * f.share // 100
                rows.append(
                    {
                        "fee": f.name,
                        "quarter": f"Quý {quarter}",
                        "collected": collected,
                        "remitted": collected - kept,
                        "retained": kept if f.share else None,
                    }
                )
        write_table(folder, KIND, "collections", rows)


def _metadata(rng: random.Random, unit: SampleUnit, year: int) -> dict:
    # The year's report, once the last quarter's collections are closed, then posted within
    # five working days.
    decision = Decision(
        decision_number(rng, "BC-UBND", "commune"),
        workday(between(rng, dt.date(year + 1, 1, 6), dt.date(year + 1, 1, 14))),
        f"Ủy ban nhân dân {unit.full_name}",
    )
    return metadata(
        title=f"Công khai phí, lệ phí thu trực tiếp tại {unit.full_name} năm {year}",
        own={"year": year},
        legal_basis=LEGAL_BASIS,
        posted=after(rng, decision.date, 1, 4),
        office=f"Bộ phận Tài chính – Kế toán, Ủy ban nhân dân {unit.full_name}",
        decision=decision,
        forms=("tru-so", "loa", "cong-thong-tin"),
        place=f"Bảng tin trụ sở Ủy ban nhân dân {unit.full_name}",
        responsible="Công chức Tài chính – Kế toán",
    )
