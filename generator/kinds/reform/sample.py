"""Administrative-reform results (cải cách hành chính): one-stop desk figures, apologies for late
dossiers and, for the province and districts, their reform indices.

One-stop figures are chained quarter to quarter: what is still pending at the end of a quarter is
carried over into the next, and every quarter satisfies
carried over + received = finished (early, on time, late) + pending (not due, overdue) + returned.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from generator.tools.sample.days import after, between, quarter_bounds, vn
from generator.tools.sample.files import dataset_folder, decimal_comma, write_table, write_yaml
from generator.tools.sample.metadata import metadata
from generator.tools.sample.units import PROVINCE_CODE, SampleOptions, SampleUnit

KIND = "reform"
LEGAL_BASIS = "Nghị định 61/2018/NĐ-CP; Quyết định 766/QĐ-TTg"
QUARTERS = ("I", "II", "III", "IV")
SEASON = (0.9, 1.05, 1.0, 1.05)  # fewer dossiers around Tết, in the first quarter
VOLUME = {"commune": (150, 900), "district": (1200, 4000), "province": (8000, 20000)}  # a quarter
MAX_APOLOGIES = 15
# (procedure, concerns land): land files are the ones that wait for checks of the land's origin.
PROCEDURES = {
    "commune": (
        ("Đăng ký khai sinh", False),
        ("Đăng ký kết hôn", False),
        ("Đăng ký khai tử", False),
        ("Chứng thực bản sao từ bản chính", False),
        ("Xác nhận tình trạng hôn nhân", False),
        ("Cấp giấy chứng nhận quyền sử dụng đất", True),
    ),
    "district": (
        ("Cấp giấy chứng nhận quyền sử dụng đất lần đầu", True),
        ("Chuyển mục đích sử dụng đất", True),
        ("Cấp giấy phép xây dựng nhà ở riêng lẻ", False),
        ("Đăng ký thành lập hộ kinh doanh", False),
        ("Cấp bản sao trích lục hộ tịch", False),
    ),
    "province": (
        ("Cấp phiếu lý lịch tư pháp", False),
        ("Đăng ký biến động quyền sử dụng đất", True),
        ("Cấp giấy phép xây dựng công trình", False),
        ("Cấp giấy phép lao động cho người nước ngoài", False),
    ),
}
REASONS = (
    "Hệ thống phần mềm một cửa điện tử gặp sự cố",
    "Chờ ý kiến của cơ quan có liên quan",
    "Công chức phụ trách nghỉ ốm đột xuất",
    "Khối lượng hồ sơ tiếp nhận tăng đột biến",
    "Hồ sơ cần lấy thêm xác nhận của cơ quan khác",
)
LAND_REASONS = (
    "Cần xác minh thêm nguồn gốc đất",
    "Chờ kết quả đo đạc lại thửa đất",
    "Chờ ý kiến của cơ quan có liên quan",
)


def _one_stop(
    rng: random.Random, unit: SampleUnit, years: tuple[int, ...]
) -> dict[int, list[dict]]:
    low, high = VOLUME[unit.level]
    base = rng.randint(low, high)
    carried = round(base * rng.uniform(0.02, 0.06))  # left over from before the first year
    result = {}
    for number, year in enumerate(years):
        growth = (1 + rng.uniform(0.0, 0.08)) ** number
        online = min(0.95, 0.6 + 0.06 * number + rng.uniform(0.0, 0.2))  # online share rises yearly
        rows = []
        for quarter, season in zip(QUARTERS, SEASON, strict=True):
            received = min(high, max(low, round(base * growth * season * rng.uniform(0.9, 1.1))))
            total = carried + received
            returned = round(total * rng.uniform(0.003, 0.015))
            not_due = round(received * rng.uniform(0.02, 0.06))
            overdue = 0 if rng.random() < 0.6 else rng.randint(1, max(1, total // 300))
            finished = total - returned - not_due - overdue
            late = round(finished * rng.uniform(0.0, 0.03))
            early = round(finished * rng.uniform(0.25, 0.6))
            rows.append(
                {
                    "period": f"Quý {quarter}/{year}",
                    "carried_over": carried,
                    "received": received,
                    "received_online": _online(received, rng.uniform(online - 0.05, online)),
                    "finished_early": early,
                    "finished_on_time": finished - early - late,
                    "finished_late": late,
                    "pending_not_due": not_due,
                    "pending_overdue": overdue,
                    "returned": returned,
                }
            )
            carried = not_due + overdue
        result[year] = rows
    return result


def _online(received: int, share: float) -> int:
    """Dossiers filed online: 60–95 % of those received."""
    return min(received * 95 // 100, max(-(-received * 60 // 100), round(received * share)))


def _apologies(rng: random.Random, unit: SampleUnit, year: int, quarters: list[dict]) -> list[dict]:
    late = [q["finished_late"] for q in quarters]
    if not sum(late):
        return []
    rows = []
    for _ in range(min(MAX_APOLOGIES, sum(late))):
        quarter = rng.choices(range(4), weights=late)[0] + 1
        day = between(rng, *quarter_bounds(year, quarter))
        procedure, land = rng.choice(PROCEDURES[unit.level])
        rows.append(
            {
                "date": day,
                "procedure": procedure,
                "reason": rng.choice(LAND_REASONS if land else REASONS),
                "new_date": after(rng, day, 3, 10),
            }
        )
    rows.sort(key=lambda r: (r["date"], r["procedure"]))
    return [{**r, "date": vn(r["date"]), "new_date": vn(r["new_date"])} for r in rows]


def index_rows(
    province: SampleUnit, years: tuple[int, ...], seed: int
) -> dict[str, dict[int, list[dict]]]:
    """PAR INDEX, SIPAS (and PAPI for the province), with ranks consistent among districts."""
    # The first province keeps the stream of the one-province sample, whose files data/ holds.
    rng = random.Random(
        f"{seed}/indices" if province.code == PROVINCE_CODE else f"{seed}/{province.code}/indices"
    )
    districts = [u for u in province.children if u.level == "district"]
    result: dict[str, dict[int, list[dict]]] = {u.code: {} for u in [province, *districts]}
    for year in years:
        provinces = 63 if year <= 2024 else 34  # provinces merged from 1 July 2025
        rows = [
            _index("par-index", rng.uniform(82, 92), 100, rng.randint(1, provinces), provinces),
            _index("sipas", rng.uniform(82, 92), 100, rng.randint(1, provinces), provinces),
            _index("papi", rng.uniform(40, 46), 80, rng.randint(1, provinces), provinces),
        ]
        result[province.code][year] = rows
        # PAPI surveys provinces only; the province ranks its districts on the other two.
        scores = {
            index: {d.code: rng.uniform(75, 92) for d in districts}
            for index in ("par-index", "sipas")
        }
        for district in districts:
            result[district.code][year] = [
                _index(
                    index,
                    by_code[district.code],
                    100,
                    1 + sum(s > by_code[district.code] for s in by_code.values()),
                    len(districts),
                )
                for index, by_code in scores.items()
            ]
    return result


def _index(index: str, score: float, max_score: int, rank: int, rank_of: int) -> dict:
    return {
        "index": index,
        "score": decimal_comma(score),
        "max_score": max_score,
        "rank": rank,
        "rank_of": rank_of,
    }


def write_province(province: SampleUnit, out_dir: Path, options: SampleOptions) -> None:
    """Every unit reports its one-stop desk; the province and its districts also their indices."""
    indices = index_rows(province, options.years, options.seed)
    for unit in province.walk():
        write(unit, unit.folder(out_dir), options.years, options.seed, indices.get(unit.code))


def write(
    unit: SampleUnit,
    unit_folder: Path,
    years: tuple[int, ...],
    seed: int,
    indices: dict[int, list[dict]] | None,
) -> None:
    rng = random.Random(f"{seed}/{unit.code}/{KIND}")
    for year, quarters in _one_stop(rng, unit, years).items():
        folder = dataset_folder(unit_folder, KIND, str(year))
        write_yaml(folder / "thong-tin.yaml", _metadata(rng, unit, year))
        write_table(folder, KIND, "one_stop", quarters)
        apologies = _apologies(rng, unit, year, quarters)
        if apologies:  # the table is optional; a header-only file would be flagged as empty
            write_table(folder, KIND, "apologies", apologies)
        if indices:
            write_table(folder, KIND, "indices", indices[year])


def _metadata(rng: random.Random, unit: SampleUnit, year: int) -> dict:
    notes = None
    if unit.level == "commune":
        posted = after(rng, dt.date(year, 12, 31), 5, 14)
        # Communes run Public Administration Service Centres from 1 July 2025 (Decree 118/2025).
        desk = (
            "Trung tâm Phục vụ hành chính công"
            if year >= 2025
            else "Bộ phận Tiếp nhận và Trả kết quả"
        )
        office = f"{desk} {unit.full_name}"
    else:
        # after the indices are out
        posted = between(rng, dt.date(year + 1, 5, 5), dt.date(year + 1, 5, 25))
        office = (
            f"Sở Nội vụ {unit.full_name}"
            if unit.level == "province"
            else f"Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {unit.full_name}"
        )
        notes = (
            "Chỉ số PAR INDEX và SIPAS do Bộ Nội vụ công bố; "
            "chỉ số PAPI do UNDP và CECODES công bố."
            if unit.level == "province"
            else "Chỉ số PAR INDEX và SIPAS do Ủy ban nhân dân tỉnh đánh giá, xếp hạng."
        )
    return metadata(
        title=f"Công khai kết quả cải cách hành chính {unit.full_name} năm {year}",
        own={"year": year},
        legal_basis=LEGAL_BASIS,
        posted=posted,
        office=office,
        notes=notes,
        place=f"Bảng tin trụ sở Ủy ban nhân dân {unit.full_name}",
    )
