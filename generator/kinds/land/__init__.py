"""Land-use plans (kế hoạch sử dụng đất): area by land type, and the plan's projects."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml

from generator.datasets import Dataset, DatasetKind, PageSpec, add_up
from generator.formatting import hectares
from generator.problems import Problems
from generator.units import Unit

LAND_CODES: dict = yaml.safe_load((Path(__file__).parent / "land_codes.yaml").read_text(encoding="utf-8"))
GROUPS = tuple(code for code, info in LAND_CODES.items() if "group" not in info)
TOLERANCE = Decimal("0.01")  # hectares
FIGURES = ("current", "planned", *(f"{g}_{when}" for g in GROUPS for when in ("current", "planned")),
           "projects", "project_area", "recovery_projects", "units")


def _member_rows(dataset: Dataset) -> list[dict]:
    return [r for r in dataset.tables["land_types"].rows if r["code"] not in GROUPS]


def _areas(dataset: Dataset) -> dict:
    members = _member_rows(dataset)
    figures = {"current": sum((r["current_area"] for r in members), Decimal(0)),
               "planned": sum((r["planned_area"] for r in members), Decimal(0))}
    for group in GROUPS:
        in_group = [r for r in members if LAND_CODES[r["code"]].get("group") == group]
        figures[f"{group}_current"] = sum((r["current_area"] for r in in_group), Decimal(0))
        figures[f"{group}_planned"] = sum((r["planned_area"] for r in in_group), Decimal(0))
    projects = dataset.tables["projects"].rows
    figures["projects"] = len(projects)
    figures["project_area"] = sum((p["area"] for p in projects), Decimal(0))
    figures["recovery_projects"] = sum(1 for p in projects if p["land_recovery"])
    return figures


class LandKind(DatasetKind):
    name = "land"

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        types = dataset.tables["land_types"]
        shown = f"{dataset.shown_folder}/{types.path.name}"
        known = "mã theo danh mục loại đất, ví dụ LUA, ONT, DGT"
        for row, line in zip(types.rows, types.line_numbers):
            row["code"] = row["code"].upper()
            if row["code"] not in LAND_CODES:
                problems.add(shown, f"mã loại đất không có trong danh mục; cần {known}",
                             row=line, column=types.schema.field("code").title, value=row["code"])
                continue
            row["name"] = row["name"] or LAND_CODES[row["code"]]["name"]
            difference = row["planned_area"] - row["current_area"]
            if row["change"] is None:
                row["change"] = difference
            elif abs(row["change"] - difference) > TOLERANCE:
                problems.add(shown, f"tăng, giảm phải bằng kế hoạch trừ hiện trạng ({hectares(difference)} ha)",
                             row=line, column=types.schema.field("change").title, value=row["change"])
        by_code = {r["code"]: (r, line) for r, line in zip(types.rows, types.line_numbers)}
        for group in GROUPS:
            if group not in by_code:
                continue
            row, line = by_code[group]
            members = [r for r in types.rows if LAND_CODES.get(r["code"], {}).get("group") == group]
            for field_name in ("current_area", "planned_area"):
                expected = sum((r[field_name] for r in members), Decimal(0))
                if members and abs(expected - row[field_name]) > TOLERANCE:
                    problems.add(shown, f"diện tích của nhóm phải bằng tổng các loại đất thuộc nhóm "
                                 f"({hectares(expected)} ha)", row=line,
                                 column=types.schema.field(field_name).title, value=row[field_name])
        projects = dataset.tables["projects"]
        for row, line in zip(projects.rows, projects.line_numbers):
            row["land_code"] = row["land_code"].upper()
            if row["land_code"] not in LAND_CODES:
                problems.add(f"{dataset.shown_folder}/{projects.path.name}",
                             f"mã loại đất không có trong danh mục; cần {known}",
                             row=line, column=projects.schema.field("land_code").title, value=row["land_code"])

    def field_choices(self, table, field, unit):
        if field.name in ("code", "land_code"):
            return list(LAND_CODES)
        if field.name == "location" and unit and unit.villages:
            return None  # a location may be any place, not only a village
        return super().field_choices(table, field, unit)

    def summarize(self, unit, datasets):
        return {d.key[0]: {**_areas(d), "units": 1} for d in datasets}

    def combine(self, summaries):
        return add_up(summaries, FIGURES)

    def pages(self, unit, datasets, rollup):
        pages = []
        for d in datasets:
            rows = []
            for row in d.tables["land_types"].rows:
                rows.append({**row, "is_group": row["code"] in GROUPS})
            context = {"dataset": d, "year": d.key[0], "rows": rows, "figures": _areas(d),
                       "projects": d.tables["projects"].rows, "land_codes": LAND_CODES}
            pages.append(PageSpec(self.page_path(d), self.template("dataset.md.j2"), context, f"Năm {d.key[0]}"))
        return self.section(unit, datasets, pages, rollup, summary=self.summarize(unit, datasets))


KIND = LandKind
