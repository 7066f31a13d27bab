"""Administrative-reform results (cải cách hành chính): one-stop statistics, apologies, indices."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from operator import attrgetter

from generator.checks.total_rows import is_total_label
from generator.kinds.base import DatasetKind
from generator.model.charts import Bar, BarChart, highest_and_lowest
from generator.model.datasets import Dataset
from generator.model.facts import Figure, Figures, RollupColumn, Summary, share
from generator.model.formatting import number, percent
from generator.model.pages import PageSpec
from generator.model.problems import Problems
from generator.model.units import Unit

FINISHED = ("finished_early", "finished_on_time", "finished_late")
PENDING = ("pending_not_due", "pending_overdue")
COUNTS = ("received", "received_online", *FINISHED, *PENDING, "returned", "apologies")
# Shown to citizens in full; staff may type the short names (the schema's labels).
INDEX_NAMES = {
    "par-index": "Chỉ số cải cách hành chính (PAR INDEX)",
    "sipas": (
        "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước "
        "(SIPAS)"
    ),
    "papi": "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
}


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def period_figures(row: dict) -> dict:
    """Derived figures of one reporting period (domain.md, one-stop statistics)."""
    to_handle = row["carried_over"] + row["received"]
    finished = sum(row[k] for k in FINISHED)
    return {
        **row,
        "to_handle": to_handle,
        "finished": finished,
        "on_time_rate": (row["finished_early"] + row["finished_on_time"]) / finished
        if finished
        else None,
        "late_rate": (row["finished_late"] + row["pending_overdue"]) / to_handle
        if to_handle
        else None,
        "online_share": row["received_online"] / row["received"] if row["received"] else None,
    }


def year_figures(rows: list[dict]) -> dict:
    """The year from its periods, in the file's (calendar) order: carried over into the first,
    received, finished and returned over all, in progress at the end of the last; so the year's
    late rate is (finished late + overdue at the year's end) / (carried over + received)."""
    if not rows:
        return {}
    summed = {
        k: sum(r[k] for r in rows) for k in ("received", "received_online", *FINISHED, "returned")
    }
    return period_figures(
        {**summed, "carried_over": rows[0]["carried_over"], **{k: rows[-1][k] for k in PENDING}}
    )


@dataclass(frozen=True)
class ReformFigures(Figures):
    """A year's one-stop statistics, added up over its periods, and its apology letters."""

    received: int = 0
    received_online: int = 0
    finished_early: int = 0
    finished_on_time: int = 0
    finished_late: int = 0
    pending_not_due: int = 0
    pending_overdue: int = 0
    returned: int = 0
    apologies: int = 0

    @property
    def finished(self) -> int:
        return self.finished_early + self.finished_on_time + self.finished_late

    @property
    def on_time_rate(self):
        return share(self.finished_early + self.finished_on_time, self.finished)

    @property
    def online_share(self):
        return share(self.received_online, self.received)


class ReformKind(DatasetKind):
    name = "reform"
    figures = ReformFigures
    compared_on = ("Tỷ lệ đúng hạn", "on_time_rate", "percent", None)

    def section_chart(self, datasets: list[Dataset], summary: Summary) -> BarChart | None:
        """The on-time and online shares year by year (the section's table), from two years on."""
        years = [d.key[0] for d in datasets if summary[d.key[0]].on_time_rate is not None]
        if len(years) < 2:
            return None
        bars = [Bar(f"Năm {y}", (summary[y].on_time_rate, summary[y].online_share)) for y in years]
        return BarChart(
            "Tỷ lệ hồ sơ giải quyết trước và đúng hạn, tỷ lệ nộp trực tuyến qua các năm",
            f"Năm {years[0]}: {percent(summary[years[0]].on_time_rate)} hồ sơ giải quyết trước "
            f"và đúng hạn (năm {years[1]}: {percent(summary[years[1]].on_time_rate)}).",
            ("Trước và đúng hạn", "Nộp trực tuyến"),
            tuple(bars),
            style="percent",
        )

    rollup_columns = (
        RollupColumn("Mới tiếp nhận", attrgetter("received")),
        RollupColumn("Đã giải quyết", attrgetter("finished")),
        RollupColumn("Trước và đúng hạn", lambda f: f.finished_early + f.finished_on_time),
        RollupColumn("Tỷ lệ đúng hạn (%)", attrgetter("on_time_rate"), percent=True),
        RollupColumn("Nộp trực tuyến (%)", attrgetter("online_share"), percent=True),
        RollupColumn("Giải quyết quá hạn", attrgetter("finished_late")),
        RollupColumn("Thư xin lỗi", attrgetter("apologies")),
    )

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        one_stop = dataset.tables["one_stop"]
        shown = dataset.shown(one_stop)
        title = one_stop.schema.field
        year, pending_before = dataset.metadata.get("year"), None
        for row, line in one_stop.numbered():
            named = _YEAR.findall(row["period"])
            # «Quý I/2025 (từ 15/12/2024 đến 14/3/2025)»: the official window names both years
            if year and named and str(year) not in named:
                problems.add(
                    shown,
                    "reform.period-other-year",
                    row=line,
                    column=title("period").title,
                    value=row["period"],
                    year=year,
                )
            # each period starts with what the one before left pending: a row that adds up
            # others («6 tháng đầu năm») or repeats one breaks the chain
            if (
                pending_before is not None
                and row["carried_over"] != pending_before[0]
                and not is_total_label(row["period"])  # said once: a total row (checks)
            ):
                problems.add(
                    shown,
                    "reform.carried-over-chain",
                    row=line,
                    column=title("carried_over").title,
                    value=row["carried_over"],
                    expected=pending_before[0],
                    line=pending_before[1],
                )
            pending_before = (sum(row[k] for k in PENDING), line)
            incoming = row["carried_over"] + row["received"]
            outgoing = sum(row[k] for k in (*FINISHED, *PENDING, "returned"))
            if incoming != outgoing:
                problems.add(
                    shown,
                    "reform.one-stop-identity",
                    row=line,
                    column=title("received").title,
                    value=row["received"],
                    incoming=incoming,
                    outgoing=outgoing,
                )
            if row["received_online"] > row["received"]:
                problems.add(
                    shown,
                    "reform.online-above-received",
                    row=line,
                    column=title("received_online").title,
                    value=row["received_online"],
                )
        apologies = dataset.tables["apologies"]
        for row, line in apologies.numbered():
            if row["new_date"] <= row["date"]:
                problems.add(
                    dataset.shown(apologies),
                    "reform.apology-date",
                    row=line,
                    column=apologies.schema.field("new_date").title,
                    value=row["new_date"],
                )
        indices = dataset.tables["indices"]
        for row, line in indices.numbered():
            shown_idx = dataset.shown(indices)
            if row["score"] > row["max_score"]:
                problems.add(
                    shown_idx,
                    "reform.score-above-scale",
                    row=line,
                    column=indices.schema.field("score").title,
                    value=row["score"],
                )
            if row["rank"] and row["rank_of"] and row["rank"] > row["rank_of"]:
                problems.add(
                    shown_idx,
                    "reform.rank-above-total",
                    row=line,
                    column=indices.schema.field("rank").title,
                    value=row["rank"],
                )

    def summarize(self, unit: Unit, datasets: list[Dataset]) -> Summary:
        summary = {}
        for d in datasets:
            counts = dict.fromkeys(COUNTS, 0)
            for row in d.tables["one_stop"].rows:
                for name in COUNTS:
                    counts[name] += row.get(name) or 0
            counts["apologies"] = len(d.tables["apologies"].rows)
            summary[d.key[0]] = ReformFigures(**counts)
        return Summary(summary)

    def figure_cards(self, own: Summary, rollup: Summary | None) -> list[Figure]:
        newest = self.newest_figures(own, rollup)
        if newest is None:
            return []
        year, figures, note, link = newest.year, newest.figures, newest.note, newest.link
        return [
            Figure(
                f"Hồ sơ giải quyết đúng hạn năm {year}",
                figures.on_time_rate,
                "percent",
                unit=f"trên {number(figures.finished)} hồ sơ",
                note=note,
                link=link,
            )
        ]

    def pages(self, unit: Unit, datasets: list[Dataset], summary: Summary) -> list[PageSpec]:
        pages = []
        for d in datasets:
            context = {
                "dataset": d,
                "year": d.key[0],
                "periods": [period_figures(r) for r in d.tables["one_stop"].rows],
                "total": summary[d.key[0]],
                "whole_year": year_figures(d.tables["one_stop"].rows),
                "apologies": d.tables["apologies"].rows,
                "indices": d.tables["indices"].rows,
                "index_labels": {
                    **dict(self.schema.tables["indices"].field("index").categories),
                    **INDEX_NAMES,
                },
            }
            context["period_chart"] = _period_chart(context["periods"])
            pages.append(
                PageSpec(
                    self.page_path(d), self.template("dataset.md.j2"), context, f"Năm {d.key[0]}"
                )
            )
        return pages


def _period_chart(periods: list[dict]) -> BarChart | None:
    """The on-time and online shares of each period (a quarter, as staff report), from two
    periods with figures on: the table «Tỷ lệ theo kỳ» after it."""
    bars = [
        Bar(p["period"], (p["on_time_rate"], p["online_share"]))
        for p in periods
        if p["on_time_rate"] is not None or p["online_share"] is not None
    ]
    if len(bars) < 2:
        return None
    chart = BarChart(
        "Tỷ lệ giải quyết trước và đúng hạn, tỷ lệ nộp trực tuyến theo kỳ",
        "",
        ("Giải quyết trước và đúng hạn", "Nộp trực tuyến"),
        tuple(bars),
        style="percent",
    )
    summary = highest_and_lowest(bars, chart.shown, "tỷ lệ giải quyết trước và đúng hạn")
    return dataclasses.replace(chart, summary=summary)


KIND = ReformKind
