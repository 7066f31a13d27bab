"""Results of supervision in residential areas (kết quả giám sát, thanh tra nhân dân, giám sát đầu
tư của cộng đồng): a year's supervisions, their recommendations and the authority's response.

A result may name a project of the unit's register of investment projects: the kind finds it
through the reference its schema declares (`references:`), in the datasets the pipeline has read
for the unit, never by importing the kind that holds them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from operator import attrgetter
from pathlib import Path

import yaml

from generator.kinds.base import DatasetKind
from generator.kinds.registry import find_kind
from generator.model.datasets import Dataset
from generator.model.facts import Figure, Figures, Rollup, RollupColumn, RollupTable, Summary, share
from generator.model.formatting import date, number
from generator.model.pages import PageSpec
from generator.model.problems import Problems
from generator.model.units import Unit

THANH_TRA, DAU_TU = "ban-thanh-tra-nhan-dan", "ban-giam-sat-dau-tu"
RESOLVED, IN_PROGRESS, OVERDUE = "da-giai-quyet", "dang-giai-quyet", "qua-han"


def state(row: dict, posted: dt.date) -> tuple[str, int]:
    """A recommendation's status and its days past the deadline: resolved (late by the days from
    its deadline to its resolution), or else overdue when the dataset was posted after its
    deadline (by the days from one to the other), or in progress. Never today's date: the same
    files give the same page whenever they are built."""
    if row["status"] == RESOLVED:
        resolved = row["resolved"] or posted
        return RESOLVED, max(0, (resolved - row["deadline"]).days)
    if posted > row["deadline"]:
        return OVERDUE, (posted - row["deadline"]).days
    return IN_PROGRESS, 0


# The boards, as the Figures' fields of each are named.
BODIES = {THANH_TRA: "people_inspection", DAU_TU: "investment"}
STATES = {RESOLVED: "resolved", IN_PROGRESS: "in_progress", OVERDUE: "overdue"}


@dataclass(frozen=True)
class SupervisionFigures(Figures):
    """A year's supervisions by board, and their recommendations by status as of posting, in all
    and for each board (`<board>_<status>`)."""

    results: int = 0
    people_inspection: int = 0  # by the People's Inspection Board
    investment: int = 0  # by the Community Investment Supervision Board
    with_project: int = 0
    resolved: int = 0
    resolved_late: int = 0
    in_progress: int = 0
    overdue: int = 0
    people_inspection_resolved: int = 0
    people_inspection_in_progress: int = 0
    people_inspection_overdue: int = 0
    investment_resolved: int = 0
    investment_in_progress: int = 0
    investment_overdue: int = 0

    @property
    def resolved_share(self):
        return share(self.resolved, self.results)


def _figures(dataset: Dataset) -> SupervisionFigures:
    rows = dataset.tables["results"].rows
    posted = dataset.metadata["posted"]
    states = [(r["body"], *state(r, posted)) for r in rows]
    counts = Counter(body for body, _, _ in states)
    counts.update(status for _, status, _ in states)
    counts.update(f"{body}/{status}" for body, status, _ in states)
    return SupervisionFigures(
        results=len(rows),
        with_project=sum(bool(r["project"]) for r in rows),
        resolved_late=sum(status == RESOLVED and late > 0 for _, status, late in states),
        **{name: counts[body] for body, name in BODIES.items()},
        **{name: counts[status] for status, name in STATES.items()},
        **{
            f"{b_name}_{s_name}": counts[f"{body}/{status}"]
            for body, b_name in BODIES.items()
            for status, s_name in STATES.items()
        },
    )


class SupervisionKind(DatasetKind):
    name = "supervision"
    figures = SupervisionFigures
    compared_on = ("Tỷ lệ đã giải quyết", "resolved_share", "percent", None)

    def __init__(self):
        super().__init__()
        declared = yaml.safe_load((self.dir / "schema.yaml").read_text(encoding="utf-8"))
        self.references: dict = declared["references"]

    def refer(self, unit: Unit, dataset: Dataset, others, problems: Problems) -> Dataset:
        """Each result's project, from the unit's registers of that year or earlier (the newest
        that lists it): the page and anchor of its row and its name, in new rows; a code no
        register lists is an error, as a link to nothing would be."""
        reference = self.references["project"]
        target = find_kind(reference["kind"])
        year = dataset.key[0]
        registers = (
            sorted(
                (d for d in others(target.name) if d.key[0] <= year),
                key=lambda d: d.key[0],
                reverse=True,
            )
            if target is not None
            else []
        )
        # a register that did not read cleanly has its own problems: its codes are not unknown
        complete = target is not None and _all_read(
            unit.folder / target.folder, others(target.name)
        )
        table = dataset.tables["results"]
        rows = []
        for row, line in table.numbered():
            found = None
            if row["project"]:
                found = next(
                    (
                        hit
                        for d in registers
                        if (hit := target.row_page(d, reference["table"], row["project"]))
                    ),
                    None,
                )
                if found is None and complete:
                    problems.add(
                        dataset.shown(table),
                        "supervision.project-unknown",
                        row=line,
                        column=table.schema.field("project").title,
                        value=row["project"],
                        code=row["project"],
                        year=year,
                    )
            page, name = found or (None, None)
            rows.append({**row, "project_page": page, "project_name": name})
        return replace(dataset, tables={**dataset.tables, "results": replace(table, rows=rows)})

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        table = dataset.tables["results"]
        shown = dataset.shown(table)
        title = table.schema.field
        posted = dataset.metadata.get("posted")

        def add(code: str, line: int, field: str, **details) -> None:
            problems.add(shown, code, row=line, column=title(field).title, **details)

        for row, line in table.numbered():
            start, end, deadline, resolved = (
                row["start"],
                row["end"],
                row["deadline"],
                row["resolved"],
            )
            if end < start:
                add("supervision.period-order", line, "end", value=end, start=date(start))
            if posted and end > posted:
                add("supervision.period-after-posting", line, "end", value=end, posted=date(posted))
            if deadline < end:
                add(
                    "supervision.deadline-before-period",
                    line,
                    "deadline",
                    value=deadline,
                    end=date(end),
                )
            if row["status"] == RESOLVED:
                if resolved is None:
                    add("supervision.resolved-date-missing", line, "resolved")
                elif resolved < end:
                    add(
                        "supervision.resolved-before-period",
                        line,
                        "resolved",
                        value=resolved,
                        end=date(end),
                    )
                elif posted and resolved > posted:
                    add(
                        "supervision.resolved-after-posting",
                        line,
                        "resolved",
                        value=resolved,
                        posted=date(posted),
                    )
                if not row["response"]:
                    add("supervision.response-missing", line, "response")
            elif resolved is not None:
                add("supervision.resolved-date-unexpected", line, "resolved", value=resolved)
            elif row["status"] == OVERDUE and posted and posted <= deadline:
                add(
                    "supervision.not-overdue",
                    line,
                    "status",
                    value=title("status").label(row["status"]),
                    posted=date(posted),
                    deadline=date(deadline),
                )

    def dataset_figures(self, dataset: Dataset):
        return _figures(dataset)

    def figure_cards(self, own: Summary, rollup: Summary | None) -> list[Figure]:
        newest = self.newest_figures(own, rollup)
        if newest is None:
            return []
        year, figures, note, link = newest.year, newest.figures, newest.note, newest.link
        return [
            Figure(
                f"Kiến nghị qua giám sát đã giải quyết năm {year}",
                figures.resolved_share,
                "percent",
                unit=f"trên {number(figures.results)} kiến nghị",
                note=note,
                link=link,
            ),
            Figure(
                f"Kiến nghị qua giám sát quá hạn năm {year}",
                figures.overdue,
                "number",
                unit="kiến nghị",
                note=note,
                link=link,
            ),
        ]

    def rollup_context(self, year: int, rollup: Rollup) -> dict:
        """The boards and statuses as the schema labels them, with their Figures' fields."""
        results = self.schema.tables["results"]
        return {
            "bodies": [(label, BODIES[value]) for value, label in results.field("body").categories],
            "statuses": [
                (label, STATES[value]) for value, label in results.field("status").categories
            ],
        }

    def rollup_tables(self, year: int, rollup: Rollup) -> list[RollupTable]:
        """The page's two tables: by status, by supervising board."""
        context = self.rollup_context(year, rollup)
        by_status = [RollupColumn("Số kiến nghị", attrgetter("results"))]
        by_status += [RollupColumn(label, attrgetter(name)) for label, name in context["statuses"]]
        by_status.append(
            RollupColumn("Tỷ lệ đã giải quyết (%)", attrgetter("resolved_share"), percent=True)
        )
        by_body = []
        for body_label, body in context["bodies"]:
            by_body.append(RollupColumn(f"{body_label}: số cuộc giám sát", attrgetter(body)))
            by_body += [
                RollupColumn(f"{body_label}: {label.lower()}", attrgetter(f"{body}_{name}"))
                for label, name in context["statuses"]
            ]
        return [
            RollupTable(year, tuple(by_status), "theo tình trạng"),
            RollupTable(year, tuple(by_body), "theo ban giám sát"),
        ]

    def pages(self, unit: Unit, datasets: list[Dataset], summary: Summary) -> list[PageSpec]:
        bodies = dict(self.schema.tables["results"].field("body").categories)
        pages = []
        for d in datasets:
            year, posted = d.key[0], d.metadata["posted"]
            path = self.page_path(d)
            results = []
            for row in d.tables["results"].rows:
                status, late = state(row, posted)
                results.append(
                    {
                        **row,
                        "body_label": bodies[row["body"]],
                        "state": status,
                        "late": late,
                        # the project's row, linked from the result's details in Markdown (an
                        # HTML table's links to other pages each engine rewrites its own way)
                        "project_link": _relative(path, row.get("project_page")),
                    }
                )
            context = {
                "dataset": d,
                "unit": unit,
                "year": year,
                "figures": summary[year],
                "results": results,
                "posted": posted,
            }
            pages.append(PageSpec(path, self.template("dataset.md.j2"), context, f"Năm {year}"))
        return pages


def _all_read(folder: Path, read: list[Dataset]) -> bool:
    """Whether every dataset folder of another kind in the unit (not the staff's own «_…»
    folders) is among its datasets read without error."""
    names = {d.shown_folder.rsplit("/", 1)[-1] for d in read}
    return not folder.is_dir() or all(
        p.name in names or p.name.startswith(("_", ".")) or not p.is_dir() for p in folder.iterdir()
    )


def _relative(from_page: str, to: str | None) -> str | None:
    """A link from one page of a unit's docs to another, with its anchor, as Markdown writes it."""
    return None if to is None else "../" * from_page.count("/") + to


KIND = SupervisionKind
