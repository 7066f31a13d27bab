"""Fees and charges collected by the commune (phí, lệ phí; Law 10/2022 Art. 11.12, Law on Fees and
Charges 97/2015/QH13): each fee's legal basis and rate, and what was collected, remitted to the
budget and kept for costs, quarter by quarter.

A charge (lệ phí) is remitted to the budget in full; a fee (phí) may be partly kept to cover the
cost of collecting it, at the share its legal basis sets (the list's «Tỷ lệ để lại»)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from operator import attrgetter

from generator.kinds.base import DatasetKind
from generator.model.datasets import Dataset
from generator.model.facts import Figure, Figures, RollupColumn, Summary, share
from generator.model.formatting import money, number
from generator.model.pages import PageSpec
from generator.model.problems import Problems
from generator.model.text import fold
from generator.model.units import Unit

FEE, CHARGE = "phi", "le-phi"
QUARTERS = ("I", "II", "III", "IV")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class FeesFigures(Figures):
    """A year's fees and charges: collected, remitted and kept, in đồng, and how many are listed."""

    collected: Decimal = ZERO
    remitted: Decimal = ZERO
    retained: Decimal = ZERO
    fees_collected: Decimal = ZERO  # of which phí
    charges_collected: Decimal = ZERO  # of which lệ phí
    items: int = 0  # fees and charges listed

    @property
    def remitted_share(self):
        return share(self.remitted, self.collected)


def fee_lines(dataset: Dataset) -> list[dict]:
    """Each listed fee with its collections by quarter and its year's totals, in list order."""
    by_fee: dict[str, list[dict]] = {}
    for row in dataset.tables["collections"].rows:
        by_fee.setdefault(row["fee"], []).append(row)
    lines = []
    for fee in dataset.tables["fees"].rows:
        rows = by_fee.get(fee["name"], [])
        quarters = {q: None for q in QUARTERS}
        for row in rows:
            quarters[row["quarter"]] = row["collected"]
        lines.append(
            {
                **fee,
                "quarters": [quarters[q] for q in QUARTERS],
                "collected": sum((r["collected"] for r in rows), ZERO),
                "remitted": sum((r["remitted"] for r in rows), ZERO),
                "retained": sum((r["retained"] for r in rows), ZERO),
            }
        )
    return lines


def _figures(dataset: Dataset) -> FeesFigures:
    lines = fee_lines(dataset)

    def total(name, category=None):
        return sum((x[name] for x in lines if category in (None, x["category"])), ZERO)

    return FeesFigures(
        collected=total("collected"),
        remitted=total("remitted"),
        retained=total("retained"),
        fees_collected=total("collected", FEE),
        charges_collected=total("collected", CHARGE),
        items=len(lines),
    )


class FeesKind(DatasetKind):
    name = "fees"
    figures = FeesFigures
    compared_on = ("Tổng số thu", "collected", "number", None)

    rollup_columns = (
        RollupColumn("Tổng số thu (đồng)", attrgetter("collected")),
        RollupColumn("Thu phí (đồng)", attrgetter("fees_collected")),
        RollupColumn("Thu lệ phí (đồng)", attrgetter("charges_collected")),
        RollupColumn("Nộp ngân sách (đồng)", attrgetter("remitted")),
        RollupColumn("Để lại chi phí (đồng)", attrgetter("retained")),
    )

    def prepare(self, unit: Unit, dataset: Dataset) -> Dataset:
        """A collection's fee as the list names it (matched without case, marks or spaces); its
        amount kept, when left empty, as collected − remitted."""
        listed = {fold(row["name"]): row["name"] for row in dataset.tables["fees"].rows}
        collections = dataset.tables["collections"]
        rows = []
        for row in collections.rows:
            row = {**row, "fee": listed.get(fold(row["fee"]), row["fee"])}
            if row["retained"] is None:
                row["retained"] = max(row["collected"] - row["remitted"], ZERO)
            rows.append(row)
        return replace(
            dataset, tables={**dataset.tables, "collections": replace(collections, rows=rows)}
        )

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        fees, collections = dataset.tables["fees"], dataset.tables["collections"]
        listed = {row["name"]: row for row in fees.rows}
        for row, line in fees.numbered():
            if row["category"] == CHARGE and row["retained_share"]:
                problems.add(
                    dataset.shown(fees),
                    "fees.charge-retained",
                    row=line,
                    column=fees.schema.field("retained_share").title,
                    value=row["retained_share"],
                    fee=row["name"],
                )
        shown = dataset.shown(collections)
        title = collections.schema.field
        seen: dict[tuple, int] = {}  # (fee as the list names it, quarter) -> its first line
        for row, line in collections.numbered():
            # «Le phi dang ky ho tich» and «Lệ phí đăng ký hộ tịch.» are one fee (prepare): its
            # quarter twice would count twice in the year
            first = seen.setdefault((row["fee"], row["quarter"]), line)
            if first != line:
                problems.add(
                    shown,
                    "fees.collection-twice",
                    row=line,
                    column=title("fee").title,
                    value=row["fee"],
                    line=first,
                )
                continue
            fee = listed.get(row["fee"])
            if fee is None:
                problems.add(
                    shown,
                    "fees.fee-unknown",
                    row=line,
                    column=title("fee").title,
                    value=row["fee"],
                    fee=row["fee"],
                    list=dataset.shown(fees),
                )
                continue
            collected, remitted, retained = row["collected"], row["remitted"], row["retained"]
            if retained is None:  # as prepare() fills it in
                retained = max(collected - remitted, ZERO)
            if remitted > collected:
                problems.add(
                    shown,
                    "fees.remitted-above-collected",
                    row=line,
                    column=title("remitted").title,
                    value=remitted,
                    remitted=money(remitted),
                    collected=money(collected),
                )
                continue
            if fee["category"] == CHARGE and (remitted != collected or retained):
                problems.add(
                    shown,
                    "fees.charge-not-remitted",
                    row=line,
                    column=title("remitted").title,
                    value=remitted,
                    fee=fee["name"],
                    collected=money(collected),
                )
                continue
            if remitted + retained != collected:
                problems.add(
                    shown,
                    "fees.split",
                    row=line,
                    column=title("retained").title,
                    value=retained,
                    together=money(remitted + retained),
                    collected=money(collected),
                )
                continue
            rate = fee["retained_share"] if fee["category"] == FEE else None
            if retained and not rate:
                problems.add(
                    shown,
                    "fees.retained-not-allowed",
                    row=line,
                    column=title("retained").title,
                    value=retained,
                    fee=fee["name"],
                )
            elif rate:
                expected = collected * rate / HUNDRED
                # rounding to the đồng, or to the thousand as treasuries often do
                if abs(retained - expected) > 1000:
                    problems.add(
                        shown,
                        "fees.retained-share",
                        row=line,
                        column=title("retained").title,
                        value=retained,
                        retained=money(retained),
                        share=number(rate, 2 if rate != rate.to_integral_value() else 0),
                        expected=money(expected.quantize(Decimal(1))),
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
                f"Thu phí, lệ phí năm {year}",
                figures.collected,
                "million",
                unit="triệu đồng",
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
                "lines": fee_lines(d),
                "total": summary[d.key[0]],
                "quarters": QUARTERS,
                "categories": dict(self.schema.tables["fees"].field("category").categories),
            }
            pages.append(
                PageSpec(
                    self.page_path(d), self.template("dataset.md.j2"), context, f"Năm {d.key[0]}"
                )
            )
        return pages


KIND = FeesKind
