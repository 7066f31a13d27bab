"""Investment projects in the unit (dự án đầu tư trên địa bàn): a year's register of projects with
their capital sources, progress and disbursement by period, and land recovery."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

import yaml

from generator.kinds.base import DatasetKind
from generator.model.datasets import Dataset
from generator.model.facts import Figure, Figures, Rollup, RollupColumn, RollupTable, Summary, share
from generator.model.formatting import date, grouped
from generator.model.pages import PageSpec
from generator.model.problems import Problems
from generator.model.units import Unit

# The land kind's list of land-type codes, read as data: recovered land is coded as plans code it.
LAND_CODES: dict = yaml.safe_load(
    (Path(__file__).parent.parent / "land" / "land_codes.yaml").read_text(encoding="utf-8")
)
ZERO = Decimal(0)
# Status and capital-source categories (schema.yaml) -> the Figures fields that count them.
STATUS_FIELDS = {
    "chuan-bi-dau-tu": "preparing",
    "dang-thi-cong": "building",
    "tam-dung": "suspended",
    "hoan-thanh": "finished",
}
SOURCE_FIELDS = {
    "ns-trung-uong": "central",
    "ns-tinh": "province",
    "ns-huyen": "district",
    "ns-xa": "commune",
    "oda": "oda",
    "tu-nhan": "private",
    "nhan-dan": "residents",
    "khac": "other",
}
APPROVED = ("dang-thi-cong", "tam-dung", "hoan-thanh")  # past preparation: a decision is needed
_PLACES = re.compile(r"\s*[;\n]\s*")  # villages of a location: «Thôn Đông; Thôn Tây»


def places(location: str) -> list[str]:
    return [part for part in _PLACES.split(location or "") if part]


@dataclass(frozen=True)
class ProjectFigures(Figures):
    """A year's register: projects and total investment by status and by capital source,
    disbursement, and land recovered. Amounts in đồng, areas in hectares."""

    projects: int = 0
    total: Decimal = ZERO
    preparing: int = 0
    preparing_total: Decimal = ZERO
    building: int = 0
    building_total: Decimal = ZERO
    suspended: int = 0
    suspended_total: Decimal = ZERO
    finished: int = 0
    finished_total: Decimal = ZERO
    central: Decimal = ZERO
    central_projects: int = 0
    province: Decimal = ZERO
    province_projects: int = 0
    district: Decimal = ZERO
    district_projects: int = 0
    commune: Decimal = ZERO
    commune_projects: int = 0
    oda: Decimal = ZERO
    oda_projects: int = 0
    private: Decimal = ZERO
    private_projects: int = 0
    residents: Decimal = ZERO
    residents_projects: int = 0
    other: Decimal = ZERO
    other_projects: int = 0
    disbursed: Decimal = ZERO  # in the year
    cumulative: Decimal = ZERO  # since each project began, at its last period of the year
    recovered_area: Decimal = ZERO
    households: int = 0
    compensation: Decimal = ZERO
    support: Decimal = ZERO
    resettlement: Decimal = ZERO
    plots: int = 0

    @property
    def disbursed_share(self):
        return share(self.cumulative, self.total)

    @property
    def recovery_amount(self) -> Decimal:
        return self.compensation + self.support + self.resettlement


assert {f.name for f in fields(ProjectFigures)} >= {
    *STATUS_FIELDS.values(),
    *(f"{s}_total" for s in STATUS_FIELDS.values()),
    *SOURCE_FIELDS.values(),
    *(f"{s}_projects" for s in SOURCE_FIELDS.values()),
}


def anchor(code: str) -> str:
    """A project's anchor on its year's page: its code is letters, digits, «.», «_» and «-»."""
    return f"du-an-{code.lower()}"


def latest_cumulative(dataset: Dataset) -> dict[str, Decimal]:
    """Each project's cumulative disbursement at its last period of the year."""
    latest = {}
    for row in dataset.tables["disbursements"].rows:
        latest[row["project"]] = row["cumulative"]  # periods are in order (checked)
    return latest


def _figures(dataset: Dataset) -> ProjectFigures:
    projects = dataset.tables["projects"].rows
    counts: dict = {"projects": len(projects), "total": sum((p["total"] for p in projects), ZERO)}
    for status, name in STATUS_FIELDS.items():
        chosen = [p for p in projects if p["status"] == status]
        counts[name] = len(chosen)
        counts[f"{name}_total"] = sum((p["total"] for p in chosen), ZERO)
    sources = dataset.tables["sources"].rows
    for source, name in SOURCE_FIELDS.items():
        chosen = [r for r in sources if r["source"] == source and r["amount"]]
        counts[name] = sum((r["amount"] for r in chosen), ZERO)
        counts[f"{name}_projects"] = len({r["project"] for r in chosen})
    counts["disbursed"] = sum((r["disbursed"] for r in dataset.tables["disbursements"].rows), ZERO)
    counts["cumulative"] = sum(latest_cumulative(dataset).values(), ZERO)
    land = dataset.tables["land"].rows
    counts["recovered_area"] = sum((r["area"] for r in land), ZERO)
    for name in ("households", "plots"):
        counts[name] = sum(r[name] for r in land)
    for name in ("compensation", "support", "resettlement"):
        counts[name] = sum((r[name] for r in land), ZERO)
    return ProjectFigures(**counts)


class ProjectsKind(DatasetKind):
    name = "projects"
    figures = ProjectFigures

    def prepare(self, unit: Unit, dataset: Dataset) -> Dataset:
        """Project codes in capitals in every table: «da01» names project DA01."""
        tables = {}
        for name, table in dataset.tables.items():
            key = "code" if name == "projects" else "project"
            rows = [{**row, key: row[key].upper()} for row in table.rows]
            tables[name] = replace(table, rows=rows)
        return replace(dataset, tables=tables)

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        posted = dataset.metadata.get("posted")
        projects = dataset.tables["projects"]
        shown = dataset.shown(projects)
        title = projects.schema.field
        lines = {}
        for row, line in projects.numbered():
            code = row["code"].upper()
            lines.setdefault(code, (row, line))
            self._check_project(unit, row, line, shown, title, posted, problems)
        self._check_sources(dataset, lines, problems)
        self._check_disbursements(dataset, lines, posted, problems)
        land = dataset.tables["land"]
        for row, line in land.numbered():
            self._known(dataset, land, row, line, lines, problems)
            if row["land_code"].upper() not in LAND_CODES:
                problems.add(
                    dataset.shown(land),
                    "projects.land-code-unknown",
                    row=line,
                    column=land.schema.field("land_code").title,
                    value=row["land_code"],
                )
            self._after_posting(
                dataset,
                land,
                row,
                line,
                "decision_date",
                posted,
                "projects.decision-after-posting",
                problems,
            )

    def _check_project(self, unit, row, line, shown, title, posted, problems) -> None:
        unknown = [place for place in places(row["location"]) if unit.village(place) is None]
        if unknown:
            known = (
                ", ".join(f"{v.code} ({v.name})" for v in unit.villages) or "chưa khai báo thôn nào"
            )
            problems.add(
                shown,
                "projects.village-unknown",
                row=line,
                column=title("location").title,
                value=row["location"],
                village="», «".join(unknown),
                known=known,
            )
        status = title("status").label(row["status"])
        number, decided = row["decision_number"], row["decision_date"]
        if bool(number) != bool(decided):
            problems.add(
                shown,
                "projects.decision-incomplete",
                row=line,
                column=title("decision_date" if number else "decision_number").title,
            )
        elif not number and row["status"] in APPROVED:
            problems.add(
                shown,
                "projects.decision-missing",
                row=line,
                column=title("decision_number").title,
                status=status,
            )
        if decided and posted and decided > posted:
            problems.add(
                shown,
                "projects.decision-after-posting",
                row=line,
                column=title("decision_date").title,
                value=decided,
                posted=date(posted),
            )
        start, end = row["start_date"], row["end_date"]
        if decided and start and start < decided:
            problems.add(
                shown,
                "projects.start-before-decision",
                row=line,
                column=title("start_date").title,
                value=start,
                decided=date(decided),
            )
        if start and end and end < start:
            problems.add(
                shown,
                "projects.dates-order",
                row=line,
                column=title("end_date").title,
                value=end,
                start=date(start),
            )
        needed = {"dang-thi-cong": "start_date", "tam-dung": "start_date", "hoan-thanh": "end_date"}
        wanted = needed.get(row["status"])
        if wanted and not row[wanted]:
            problems.add(
                shown,
                "projects.status-date-missing",
                row=line,
                column=title(wanted).title,
                status=status,
                date=title(wanted).title.lower(),
            )
        if row["status"] == "hoan-thanh" and end and posted and end > posted:
            problems.add(
                shown,
                "projects.finished-after-posting",
                row=line,
                column=title("end_date").title,
                value=end,
                posted=date(posted),
            )

    @staticmethod
    def _known(dataset, table, row, line, lines, problems) -> bool:
        if row["project"].upper() in lines:
            return True
        problems.add(
            dataset.shown(table),
            "projects.project-unknown",
            row=line,
            column=table.schema.field("project").title,
            value=row["project"],
        )
        return False

    @staticmethod
    def _after_posting(dataset, table, row, line, name, posted, code, problems) -> None:
        value = row[name]
        if value and posted and value > posted:
            problems.add(
                dataset.shown(table),
                code,
                row=line,
                column=table.schema.field(name).title,
                value=value,
                posted=date(posted),
            )

    def _check_sources(self, dataset: Dataset, lines: dict, problems: Problems) -> None:
        sources = dataset.tables["sources"]
        projects = dataset.tables["projects"]
        summed: dict = {}
        for row, line in sources.numbered():
            if self._known(dataset, sources, row, line, lines, problems):
                code = row["project"].upper()
                total, _ = summed.get(code, (ZERO, line))
                summed[code] = (total + row["amount"], line)
        total_title = projects.schema.field("total").title
        for code, (project, line) in lines.items():
            if code not in summed:
                problems.add(
                    dataset.shown(projects),
                    "projects.sources-missing",
                    row=line,
                    column=total_title,
                    value=project["total"],
                )
                continue
            amount, last = summed[code]
            if amount != project["total"]:
                problems.add(
                    dataset.shown(sources),
                    "projects.sources-sum",
                    row=last,
                    column=sources.schema.field("amount").title,
                    project=project["code"],
                    sources=grouped(amount),
                    total=grouped(project["total"]),
                    line=line,
                )

    def _check_disbursements(
        self, dataset: Dataset, lines: dict, posted, problems: Problems
    ) -> None:
        table = dataset.tables["disbursements"]
        if table.path is None:  # a register without its optional file of disbursements
            return
        shown = dataset.shown(table)
        title = table.schema.field
        previous: dict = {}
        for row, line in table.numbered():
            self._after_posting(
                dataset,
                table,
                row,
                line,
                "as_of",
                posted,
                "projects.report-after-posting",
                problems,
            )
            year = dataset.metadata.get("year")
            # a year's plan is disbursed until 31 January of the next (Luật Đầu tư công 2024)
            if (
                year
                and row["as_of"]
                and not (dt.date(year, 1, 1) <= row["as_of"] <= dt.date(year + 1, 1, 31))
            ):
                # a period of another year counts in that year's figures, not this one's
                problems.add(
                    shown,
                    "projects.report-other-year",
                    row=line,
                    column=title("as_of").title,
                    value=row["as_of"],
                    year=year,
                )
                continue
            if not self._known(dataset, table, row, line, lines, problems):
                continue
            code = row["project"].upper()
            project = lines[code][0]
            if row["cumulative"] > project["total"]:
                problems.add(
                    shown,
                    "projects.cumulative-above-total",
                    row=line,
                    column=title("cumulative").title,
                    value=row["cumulative"],
                    total=grouped(project["total"]),
                )
            before = previous.get(code)
            if before is None:
                if row["cumulative"] < row["disbursed"]:
                    problems.add(
                        shown,
                        "projects.cumulative-below-period",
                        row=line,
                        column=title("cumulative").title,
                        value=row["cumulative"],
                    )
            else:
                earlier, earlier_line = before
                if row["as_of"] <= earlier["as_of"]:
                    problems.add(
                        shown,
                        "projects.period-order",
                        row=line,
                        column=title("as_of").title,
                        value=row["as_of"],
                        previous=date(earlier["as_of"]),
                        line=earlier_line,
                    )
                expected = earlier["cumulative"] + row["disbursed"]
                if row["cumulative"] != expected:
                    problems.add(
                        shown,
                        "projects.cumulative-sum",
                        row=line,
                        column=title("cumulative").title,
                        value=row["cumulative"],
                        previous=grouped(earlier["cumulative"]),
                        line=earlier_line,
                        expected=grouped(expected),
                    )
            previous[code] = (row, line)

    def field_choices(self, table, field, unit):
        if field.name == "land_code":
            return list(LAND_CODES)
        return super().field_choices(table, field, unit)

    def dataset_figures(self, dataset: Dataset):
        return _figures(dataset)

    def figure_cards(self, own: Summary, rollup: Summary | None) -> list[Figure]:
        newest = self.newest_figures(own, rollup)
        if newest is None:
            return []
        year, figures, note, link = newest.year, newest.figures, newest.note, newest.link
        return [
            Figure(
                f"Dự án đầu tư năm {year}",
                figures.projects,
                "number",
                unit="dự án",
                note=note,
                link=link,
            ),
            Figure(
                f"Tổng mức đầu tư các dự án năm {year}",
                figures.total,
                "million",
                unit="triệu đồng",
                note=note,
                link=link,
            ),
        ]

    def row_page(self, dataset: Dataset, table: str, key: str) -> tuple[str, str] | None:
        if table != "projects":
            return None
        code = key.upper()
        row = next((r for r in dataset.tables["projects"].rows if r["code"] == code), None)
        if row is None:
            return None
        return f"{self.page_path(dataset)}#{anchor(code)}", row["name"]

    def categories(self, table: str, field: str, names: dict) -> list[tuple[str, str, str]]:
        """(value, label, Figures field) of a category column, in the schema's order."""
        categories = self.schema.tables[table].field(field).categories
        return [(value, label, names[value]) for value, label in categories]

    def pages(self, unit: Unit, datasets: list[Dataset], summary: Summary) -> list[PageSpec]:
        statuses = self.categories("projects", "status", STATUS_FIELDS)
        source_labels = dict(self.schema.tables["sources"].field("source").categories)
        status_labels = {value: label for value, label, _ in statuses}
        pages = []
        for d in datasets:
            year = d.key[0]
            sources: dict = {}
            for row in d.tables["sources"].rows:
                sources.setdefault(row["project"], []).append(
                    {**row, "label": source_labels[row["source"]]}
                )
            periods: dict = {}
            for row in d.tables["disbursements"].rows:
                periods.setdefault(row["project"], []).append(row)
            land: dict = {}
            for row in d.tables["land"].rows:
                code = row["land_code"].upper()
                land.setdefault(row["project"], []).append(
                    {**row, "land_name": f"{LAND_CODES[code]['name']} ({code})"}
                )
            cumulative = latest_cumulative(d)
            projects = []
            for row in d.tables["projects"].rows:
                code = row["code"]
                villages = [unit.village(p) for p in places(row["location"])]
                projects.append(
                    {
                        **row,
                        "anchor": anchor(code),
                        "places": ", ".join(v.name for v in villages if v),
                        "status_label": status_labels[row["status"]],
                        "sources": sources.get(code, []),
                        "periods": periods.get(code, []),
                        "land": land.get(code, []),
                        "cumulative": cumulative.get(code),
                        "disbursed_share": share(cumulative.get(code), row["total"])
                        if code in cumulative
                        else None,
                    }
                )
            context = {
                "dataset": d,
                "unit": unit,
                "year": year,
                "figures": summary[year],
                "projects": projects,
                "statuses": statuses,
                "sources": self.categories("sources", "source", SOURCE_FIELDS),
            }
            pages.append(
                PageSpec(self.page_path(d), self.template("dataset.md.j2"), context, f"Năm {year}")
            )
        return pages

    def rollup_context(self, year: int, rollup: Rollup) -> dict:
        """The capital sources any unit below has money from in the year: the others' columns
        would be empty."""
        used = [
            source
            for source in self.categories("sources", "source", SOURCE_FIELDS)
            if any(
                getattr(row.summary[year], source[2]) for row in rollup.rows if year in row.summary
            )
        ]
        return {
            "statuses": self.categories("projects", "status", STATUS_FIELDS),
            "sources": used,
        }

    def rollup_tables(self, year: int, rollup: Rollup) -> list[RollupTable]:
        """The page's two tables: by status, by capital source."""
        context = self.rollup_context(year, rollup)
        by_status = [
            RollupColumn("Số dự án", attrgetter("projects")),
            RollupColumn("Tổng mức đầu tư (đồng)", attrgetter("total")),
        ]
        for _, label, name in context["statuses"]:
            by_status += [
                RollupColumn(f"{label}: số dự án", attrgetter(name)),
                RollupColumn(f"{label}: tổng mức đầu tư (đồng)", attrgetter(f"{name}_total")),
            ]
        by_status.append(RollupColumn("Giải ngân trong năm (đồng)", attrgetter("disbursed")))
        by_source = []
        for _, label, name in context["sources"]:
            by_source += [
                RollupColumn(f"{label}: số dự án", attrgetter(f"{name}_projects")),
                RollupColumn(f"{label}: số tiền (đồng)", attrgetter(name)),
            ]
        tables = [RollupTable(year, tuple(by_status), "theo tình trạng")]
        if by_source:
            tables.append(RollupTable(year, tuple(by_source), "theo nguồn vốn"))
        return tables


KIND = ProjectsKind
