"""Land-use plans (kế hoạch sử dụng đất): area by land type, and the plan's projects."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

import yaml

from generator.kinds.base import DatasetKind
from generator.model.charts import Bar, BarChart
from generator.model.datasets import Dataset
from generator.model.facts import Figures, RollupColumn, Summary
from generator.model.formatting import hectares
from generator.model.pages import PageSpec
from generator.model.problems import Problems
from generator.model.units import Unit

LAND_CODES: dict = yaml.safe_load(
    (Path(__file__).parent / "land_codes.yaml").read_text(encoding="utf-8")
)
GROUPS = tuple(code for code, info in LAND_CODES.items() if "group" not in info)
TOLERANCE = Decimal("0.01")  # hectares
ZERO = Decimal(0)


@dataclass(frozen=True)
class LandFigures(Figures):
    """A year's plan: the natural area now and planned, by main group (agricultural,
    non-agricultural, unused land), and the plan's projects. Areas in hectares."""

    current: Decimal = ZERO
    planned: Decimal = ZERO
    nnp_current: Decimal = ZERO
    nnp_planned: Decimal = ZERO
    pnn_current: Decimal = ZERO
    pnn_planned: Decimal = ZERO
    csd_current: Decimal = ZERO
    csd_planned: Decimal = ZERO
    projects: int = 0
    project_area: Decimal = ZERO
    recovery_projects: int = 0


assert {f.name for f in fields(LandFigures)} >= {
    f"{g.lower()}_{when}" for g in GROUPS for when in ("current", "planned")
}


def _counted(code: str) -> bool:
    """A land type whose area adds to its group's: not a group, not a «trong đó» of a type."""
    info = LAND_CODES.get(code, {})
    return "group" in info and "part_of" not in info


def _figures(dataset: Dataset) -> LandFigures:
    members = [r for r in dataset.tables["land_types"].rows if _counted(r["code"])]
    areas = {
        "current": sum((r["current_area"] for r in members), ZERO),
        "planned": sum((r["planned_area"] for r in members), ZERO),
    }
    for group in GROUPS:
        in_group = [r for r in members if LAND_CODES[r["code"]].get("group") == group]
        areas[f"{group.lower()}_current"] = sum((r["current_area"] for r in in_group), ZERO)
        areas[f"{group.lower()}_planned"] = sum((r["planned_area"] for r in in_group), ZERO)
    projects = dataset.tables["projects"].rows
    return LandFigures(
        **areas,
        projects=len(projects),
        project_area=sum((p["area"] for p in projects), ZERO),
        recovery_projects=sum(1 for p in projects if p["land_recovery"]),
    )


class LandKind(DatasetKind):
    name = "land"
    figures = LandFigures

    rollup_columns = (
        RollupColumn("Diện tích tự nhiên (ha)", attrgetter("current")),
        RollupColumn("Đất nông nghiệp kế hoạch (ha)", attrgetter("nnp_planned")),
        RollupColumn("Đất phi nông nghiệp kế hoạch (ha)", attrgetter("pnn_planned")),
        RollupColumn("Số công trình", attrgetter("projects")),
        RollupColumn("Diện tích công trình (ha)", attrgetter("project_area")),
    )

    def prepare(self, unit: Unit, dataset: Dataset) -> Dataset:
        """Codes in capitals; a known land type's name from the list of codes when left empty; its
        change (planned − current) when left empty."""
        types, projects = dataset.tables["land_types"], dataset.tables["projects"]
        rows = []
        for row in types.rows:
            code = row["code"].upper()
            row = {**row, "code": code}
            if code in LAND_CODES:
                row["name"] = row["name"] or LAND_CODES[code]["name"]
                if row["change"] is None:
                    row["change"] = row["planned_area"] - row["current_area"]
            rows.append(row)
        planned = [{**row, "land_code": row["land_code"].upper()} for row in projects.rows]
        return replace(
            dataset,
            tables={
                **dataset.tables,
                "land_types": replace(types, rows=rows),
                "projects": replace(projects, rows=planned),
            },
        )

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        types = dataset.tables["land_types"]
        shown = dataset.shown(types)
        for row, line in types.numbered():
            if row["code"] not in LAND_CODES:
                problems.add(
                    shown,
                    "land.code-unknown",
                    row=line,
                    column=types.schema.field("code").title,
                    value=row["code"],
                )
                continue
            difference = row["planned_area"] - row["current_area"]
            if abs(row["change"] - difference) > TOLERANCE:
                problems.add(
                    shown,
                    "land.change",
                    row=line,
                    column=types.schema.field("change").title,
                    value=row["change"],
                    expected=hectares(difference),
                )
        by_code = {r["code"]: (r, line) for r, line in types.numbered()}
        for group in GROUPS:
            if group not in by_code:
                continue
            row, line = by_code[group]
            members = [
                r
                for r in types.rows
                if _counted(r["code"]) and LAND_CODES[r["code"]]["group"] == group
            ]
            for field_name in ("current_area", "planned_area"):
                expected = sum((r[field_name] for r in members), ZERO)
                if members and abs(expected - row[field_name]) > TOLERANCE:
                    problems.add(
                        shown,
                        "land.group-sum",
                        row=line,
                        column=types.schema.field(field_name).title,
                        value=row[field_name],
                        expected=hectares(expected),
                    )
        for code, (row, line) in by_code.items():
            part_of = LAND_CODES.get(code, {}).get("part_of")
            whole = by_code.get(part_of)
            if part_of and whole is None:  # its area would be counted nowhere
                problems.add(
                    shown,
                    "land.part-without-whole",
                    row=line,
                    column=types.schema.field("code").title,
                    value=code,
                    code=code,
                    whole=part_of,
                    name=LAND_CODES[part_of]["name"],
                )
            for field_name in ("current_area", "planned_area") if whole else ():
                if row[field_name] > whole[0][field_name] + TOLERANCE:
                    problems.add(
                        shown,
                        "land.part-above-whole",
                        row=line,
                        column=types.schema.field(field_name).title,
                        value=row[field_name],
                        whole=whole[0]["code"],
                        area=hectares(whole[0][field_name]),
                        line=whole[1],
                    )
        counted = [r for r in types.rows if _counted(r["code"])]
        now, planned = (
            sum((r[f] for r in counted), ZERO) for f in ("current_area", "planned_area")
        )
        if counted and abs(now - planned) > TOLERANCE:
            # the commune's natural area is its boundary's: a plan moves land between types
            problems.add(
                shown,
                "land.natural-area-changes",
                column=types.schema.field("planned_area").title,
                value=hectares(planned),
                now=hectares(now),
                planned=hectares(planned),
            )
        projects = dataset.tables["projects"]
        for row, line in projects.numbered():
            if row["land_code"] not in LAND_CODES:
                problems.add(
                    dataset.shown(projects),
                    "land.code-unknown",
                    row=line,
                    column=projects.schema.field("land_code").title,
                    value=row["land_code"],
                )

    def field_choices(self, table, field, unit):
        if field.name in ("code", "land_code"):
            return list(LAND_CODES)
        if field.name == "location" and unit and unit.villages:
            return None  # a location may be any place, not only a village
        return super().field_choices(table, field, unit)

    def dataset_figures(self, dataset: Dataset):
        return _figures(dataset)

    def pages(self, unit: Unit, datasets: list[Dataset], summary: Summary) -> list[PageSpec]:
        pages = []
        for d in datasets:
            rows = [
                {**row, "is_group": row["code"] in GROUPS} for row in d.tables["land_types"].rows
            ]
            context = {
                "dataset": d,
                "year": d.key[0],
                "rows": rows,
                "figures": summary[d.key[0]],
                "projects": d.tables["projects"].rows,
                "land_codes": LAND_CODES,
                "chart": _groups_chart(d.key[0], rows),
            }
            pages.append(
                PageSpec(
                    self.page_path(d), self.template("dataset.md.j2"), context, f"Năm {d.key[0]}"
                )
            )
        return pages


def _groups_chart(year: int, rows: list[dict]) -> BarChart | None:
    """Each land group's area now and planned (the land table's group rows)."""
    groups = [r for r in rows if r["is_group"]]
    if not groups:
        return None
    changes = [
        f"{r['name'].lower()} {'tăng' if r['change'] > 0 else 'giảm'} {hectares(abs(r['change']))}"
        " ha"
        for r in groups
        if r["change"]
    ]
    summary = (
        f"Kế hoạch năm {year} so với hiện trạng: {', '.join(changes)}."
        if changes
        else f"Kế hoạch năm {year} giữ nguyên diện tích các nhóm đất."
    )
    return BarChart(
        f"Diện tích các nhóm đất: hiện trạng và kế hoạch năm {year} (ha)",
        summary,
        ("Hiện trạng (ha)", f"Kế hoạch năm {year} (ha)"),
        tuple(Bar(r["name"], (r["current_area"], r["planned_area"])) for r in groups),
        style="hectares",
    )


KIND = LandKind
