"""A unit's posting section (cong-khai/): what must be on its notice board now, the quarterly
register of everything disclosed (Law 10/2022 Art. 13), and for a unit with communes below it,
their compliance table year by year."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from generator.model.pages import PageSpec
from generator.model.posting import Compliance, Expected, PostingRecord
from generator.model.units import Unit

FOLDER = "cong-khai"
TITLE = "Niêm yết, công khai"
QUARTERS = ("I", "II", "III", "IV")


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def register_path(year: int, quarter: int) -> str:
    return f"{FOLDER}/so-theo-doi-{year}-quy-{quarter}/index.md"


def compliance_path(year: int) -> str:
    return f"{FOLDER}/tuan-thu-{year}.md"


def _on_a_board(record: PostingRecord) -> bool:
    """Posted on a notice board (or, for data without its forms, assumed to be)."""
    return record.verb == "niêm yết"


def posting_section(
    unit: Unit,
    records: list[PostingRecord],
    missing: list[Expected],
    compliance: list[Compliance],
    day: dt.date,
) -> list[PageSpec]:
    """The section's pages: the notice board (its index), a register a quarter, newest first, and
    a compliance table a year; none for a unit with nothing to show."""
    if not (records or missing or compliance):
        return []
    # the register lists what has been posted: a disclosure dated later waits for its day
    by_date = sorted(records, key=lambda r: (r.posted, r.kind_title, r.title))
    ordered = [r for r in by_date if r.posted <= day]
    quarters = [
        (year_quarter, list(group))
        for year_quarter, group in groupby(ordered, key=lambda r: quarter_of(r.posted))
    ]
    registers = [
        PageSpec(
            register_path(year, quarter),
            "register.md.j2",
            {"unit": unit, "year": year, "quarter": QUARTERS[quarter - 1], "records": group},
            f"Sổ theo dõi quý {QUARTERS[quarter - 1]}/{year}",
            title=f"Sổ theo dõi công khai quý {QUARTERS[quarter - 1]}/{year}",
        )
        for (year, quarter), group in reversed(quarters)
    ]
    tables = [
        PageSpec(
            compliance_path(table.year),
            "compliance.md.j2",
            {"unit": unit, "table": table},
            f"Tình hình công khai {table.year}",
            title=f"Tình hình công khai của các đơn vị cấp xã năm {table.year}",
        )
        for table in compliance
    ]
    board = [r for r in by_date if _on_a_board(r) and not r.superseded]
    # a disclosure posted until replaced (a land-use plan) comes down when a newer one of its
    # kind is up
    newest = {}
    for r in board:
        if r.until is None and r.posted <= day:
            newest[r.kind_title] = r
    board = [r for r in board if r.until is not None or r.posted > day or newest[r.kind_title] is r]
    index = PageSpec(
        f"{FOLDER}/index.md",
        "notice_board.md.j2",
        {
            "unit": unit,
            "on_board": [r for r in board if r.on_board(day)],
            "coming": [r for r in board if r.posted > day],
            "missing": missing,
            "registers": registers,
            "tables": tables,
        },
        "Đang niêm yết",
        title=f"{TITLE}: đang niêm yết",
    )
    return [index, *registers, *tables]
