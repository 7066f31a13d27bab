"""Residents' contributions and other collections in residential areas (các khoản đóng góp của
nhân dân, Law 10/2022/QH15 Art. 11.5 and Art. 15): per campaign or work, who decided it, whether it
is voluntary, what was mobilised, what each village gave in money, in kind and in labour (valued in
đồng), what was spent item by item, and what is left. Only village totals, never contributors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from operator import attrgetter

from generator.kinds.base import DatasetKind
from generator.model.datasets import Dataset
from generator.model.facts import Figure, Figures, RollupColumn, Summary, share
from generator.model.formatting import date, grouped
from generator.model.pages import PageSpec
from generator.model.problems import Problems
from generator.model.units import Unit

ZERO = Decimal(0)
VOLUNTARY, MANDATORY = "tu-nguyen", "bat-buoc"
BY_LAW = "phap-luat"
# What a campaign adds up from its villages' rows, each the same field in both tables.
FROM_VILLAGES = ("money", "in_kind_value", "labour_days", "labour_value")


@dataclass(frozen=True)
class ContributionsFigures(Figures):
    """A year's campaigns: what was mobilised (the target), collected in money, in kind and in
    labour (valued in đồng), spent, and left. Amounts in đồng."""

    campaigns: int = 0
    voluntary: int = 0
    target: Decimal = ZERO
    money: Decimal = ZERO
    in_kind: Decimal = ZERO
    labour_days: int = 0
    labour_value: Decimal = ZERO
    spent: Decimal = ZERO
    balance: Decimal = ZERO

    @property
    def collected(self) -> Decimal:
        """Everything residents gave, in đồng: money, and goods and labour at their value."""
        return self.money + self.in_kind + self.labour_value

    @property
    def achieved(self):
        """The share of the target collected."""
        return share(self.collected, self.target)


def _sum(rows: list[dict], name: str, start=ZERO):
    return sum((r[name] or 0 for r in rows), start)


def completed(campaign: dict, given: list[dict], spent: Decimal) -> dict:
    """A campaign's row with what staff left empty filled in: its totals from its villages' rows
    (`given`), what it spent from its spending items (`spent`), its balance from both."""
    row = dict(campaign)
    for name in FROM_VILLAGES:
        if row[name] is None:
            row[name] = _sum(given, name, 0 if name == "labour_days" else ZERO)
    if row["spent"] is None:
        row["spent"] = spent
    if row["balance"] is None:
        row["balance"] = row["money"] - row["spent"]
    return row


def campaign_figures(campaign: dict) -> ContributionsFigures:
    """One campaign's row (prepared: every total filled in) as figures."""
    return ContributionsFigures(
        campaigns=1,
        voluntary=int(campaign["nature"] == VOLUNTARY),
        target=campaign["target"],
        money=campaign["money"],
        in_kind=campaign["in_kind_value"],
        labour_days=campaign["labour_days"],
        labour_value=campaign["labour_value"],
        spent=campaign["spent"],
        balance=campaign["balance"],
    )


class ContributionsKind(DatasetKind):
    name = "contributions"
    figures = ContributionsFigures
    compared_on = ("Tổng giá trị đã thu", "collected", "number", None)

    rollup_columns = (
        RollupColumn("Số khoản", attrgetter("campaigns")),
        RollupColumn("Số tiền vận động (đồng)", attrgetter("target")),
        RollupColumn("Tổng giá trị đã thu (đồng)", attrgetter("collected")),
        RollupColumn("Trong đó bằng tiền (đồng)", attrgetter("money")),
        RollupColumn("Đã chi (đồng)", attrgetter("spent")),
        RollupColumn("Còn lại (đồng)", attrgetter("balance")),
    )

    def prepare(self, unit: Unit, dataset: Dataset) -> Dataset:
        """Villages as their codes and campaign codes as the campaigns table writes them, whatever
        the case staff typed; a campaign's totals, spending and balance filled in from the other
        tables where left empty (check() compares those given)."""
        campaigns, villages, spending = (
            dataset.tables[name] for name in ("campaigns", "villages", "spending")
        )
        codes = {row["code"].casefold(): row["code"] for row in campaigns.rows}
        index = unit.village_index()

        def own_code(code: str) -> str:
            return codes.get(code.casefold(), code)

        village_rows = []
        for row in villages.rows:
            village = index.get(row["village"].casefold())
            village_rows.append(
                {
                    **row,
                    "campaign": own_code(row["campaign"]),
                    "village": village.code if village else row["village"],
                }
            )
        spending_rows = [{**row, "campaign": own_code(row["campaign"])} for row in spending.rows]
        given_by_campaign: dict[str, list[dict]] = {}
        for row in village_rows:
            given_by_campaign.setdefault(row["campaign"], []).append(row)
        spent_by_campaign: dict[str, Decimal] = {}
        for row in spending_rows:
            spent_by_campaign[row["campaign"]] = (
                spent_by_campaign.get(row["campaign"], ZERO) + row["amount"]
            )
        campaign_rows = [
            completed(
                row,
                given_by_campaign.get(row["code"], []),
                spent_by_campaign.get(row["code"], ZERO),
            )
            for row in campaigns.rows
        ]
        return replace(
            dataset,
            tables={
                **dataset.tables,
                "campaigns": replace(campaigns, rows=campaign_rows),
                "villages": replace(villages, rows=village_rows),
                "spending": replace(spending, rows=spending_rows),
            },
        )

    # -- checks ---------------------------------------------------------------------------------

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        campaigns = {
            row["code"]: (row, line) for row, line in dataset.tables["campaigns"].numbered()
        }
        self._check_villages(unit, dataset, campaigns, problems)
        self._check_spending(dataset, campaigns, problems)
        self._check_campaigns(dataset, problems)

    def _check_villages(self, unit, dataset, campaigns, problems) -> None:
        table = dataset.tables["villages"]
        shown = dataset.shown(table)
        title = {f.name: f.title for f in table.schema.fields}
        codes = {v.code for v in unit.villages}
        seen: dict = {}
        for row, line in table.numbered():
            if row["campaign"] not in campaigns:
                self._campaign_unknown(dataset, table, row, line, problems)
            if row["village"] not in codes:
                known = (
                    ", ".join(f"{v.code} ({v.name})" for v in unit.villages)
                    or "chưa khai báo thôn nào"
                )
                problems.add(
                    shown,
                    "contributions.village-unknown",
                    row=line,
                    column=title["village"],
                    value=row["village"],
                    known=known,
                )
            else:
                key = (row["campaign"], row["village"])
                if key in seen:
                    problems.add(
                        shown,
                        "contributions.village-twice",
                        row=line,
                        column=title["village"],
                        value=row["village"],
                        campaign=row["campaign"],
                        first=seen[key],
                    )
                seen.setdefault(key, line)
            if row["in_kind"] and not row["in_kind_value"]:
                problems.add(
                    shown,
                    "contributions.in-kind-value-missing",
                    row=line,
                    column=title["in_kind_value"],
                    value=row["in_kind_value"],
                    what=row["in_kind"],
                )
            elif row["in_kind_value"] and not row["in_kind"]:
                problems.add(
                    shown,
                    "contributions.in-kind-undescribed",
                    row=line,
                    column=title["in_kind"],
                    value=row["in_kind_value"],
                )
            if row["labour_days"] and not row["labour_value"]:
                problems.add(
                    shown,
                    "contributions.labour-value-missing",
                    row=line,
                    column=title["labour_value"],
                    value=row["labour_value"],
                    days=row["labour_days"],
                )
            elif row["labour_value"] and not row["labour_days"]:
                problems.add(
                    shown,
                    "contributions.labour-days-missing",
                    row=line,
                    column=title["labour_days"],
                    value=row["labour_value"],
                )
            total, households = row["households_total"], row["households"]
            if total is not None and households is not None and households > total:
                problems.add(
                    shown,
                    "contributions.households-above-total",
                    row=line,
                    column=title["households"],
                    value=households,
                    total=total,
                )

    def _check_spending(self, dataset, campaigns, problems) -> None:
        table = dataset.tables["spending"]
        shown = dataset.shown(table) if table.path is not None else ""
        year = dataset.key[0]
        year_end = dt.date(year, 12, 31)  # a decision dated later is reported on its own
        column = table.schema.field("date").title
        for row, line in table.numbered():
            campaign = campaigns.get(row["campaign"])
            if campaign is None:
                self._campaign_unknown(dataset, table, row, line, problems)
            day = row["date"]
            if day is None:
                continue
            if day.year != year:
                problems.add(
                    shown,
                    "contributions.date-outside-year",
                    row=line,
                    column=column,
                    value=day,
                    year=year,
                )
            elif campaign is not None and day < campaign[0]["decided_on"] <= year_end:
                problems.add(
                    shown,
                    "contributions.spent-before-decision",
                    row=line,
                    column=column,
                    value=day,
                    decided=date(campaign[0]["decided_on"]),
                )

    def _campaign_unknown(self, dataset, table, row, line, problems) -> None:
        problems.add(
            dataset.shown(table),
            "contributions.campaign-unknown",
            row=line,
            column=table.schema.field("campaign").title,
            value=row["campaign"],
            campaign=row["campaign"],
            table=dataset.tables["campaigns"].schema.title,
        )

    def _check_campaigns(self, dataset, problems) -> None:
        table = dataset.tables["campaigns"]
        villages, spending = dataset.tables["villages"], dataset.tables["spending"]
        shown = dataset.shown(table)
        field = table.schema.field
        year = dataset.key[0]
        given: dict[str, list[dict]] = {}
        for row in villages.rows:
            given.setdefault(row["campaign"], []).append(row)
        spent: dict[str, Decimal] = {}
        for row in spending.rows:
            spent[row["campaign"]] = spent.get(row["campaign"], ZERO) + row["amount"]
        for row, line in table.numbered():
            rows = given.get(row["code"], [])
            if not rows:
                problems.add(
                    shown,
                    "contributions.campaign-without-villages",
                    row=line,
                    column=field("code").title,
                    value=row["code"],
                    table=villages.schema.title,
                )
            # What the other tables say: the villages' money and the spending items; the
            # balance and an overspending are judged on these, not on totals typed wrong.
            money = _sum(rows, "money") if rows else row["money"] or ZERO
            items = spent.get(row["code"], ZERO)
            for name in FROM_VILLAGES:
                expected = _sum(rows, name, 0 if name == "labour_days" else ZERO)
                if rows and row[name] is not None and row[name] != expected:
                    unit = " đồng" if field(name).unit else " ngày công"
                    problems.add(
                        shown,
                        "contributions.village-sum",
                        row=line,
                        column=field(name).title,
                        value=row[name],
                        table=villages.schema.title,
                        expected=grouped(expected) + unit,
                    )
            if row["spent"] is not None and row["spent"] != items:
                problems.add(
                    shown,
                    "contributions.spending-sum",
                    row=line,
                    column=field("spent").title,
                    value=row["spent"],
                    table=spending.schema.title,
                    expected=grouped(items),
                )
            if row["balance"] is not None and row["balance"] != money - items:
                problems.add(
                    shown,
                    "contributions.balance",
                    row=line,
                    column=field("balance").title,
                    value=row["balance"],
                    expected=grouped(money - items),
                )
            if items > money and not row["notes"]:
                problems.add(
                    shown,
                    "contributions.overspent",
                    row=line,
                    column=field("spent").title,
                    value=items,
                    spent=grouped(items),
                    money=grouped(money),
                )
            if row["nature"] == MANDATORY and row["decided_by"] != BY_LAW:
                problems.add(
                    shown,
                    "contributions.mandatory-not-by-law",
                    row=line,
                    column=field("nature").title,
                    value=field("nature").label(row["nature"]),
                    decided=field("decided_by").label(row["decided_by"]).lower(),
                )
            if row["decided_on"] > dt.date(year, 12, 31):
                problems.add(
                    shown,
                    "contributions.decided-after-year",
                    row=line,
                    column=field("decided_on").title,
                    value=row["decided_on"],
                    year=year,
                )

    # -- the Excel template, figures and pages ----------------------------------------------------

    def field_choices(self, table, field, unit):
        if field.name == "village" and unit and unit.villages:
            return [v.name for v in unit.villages]
        return super().field_choices(table, field, unit)

    def named(self, page):
        # Villages are codes once prepared; a reader of the download wants their names (which
        # staff may also type, so the file still reads back as data).
        return {"village": {v.code: v.name for v in page.context["unit"].villages}}

    def summarize(self, unit: Unit, datasets: list[Dataset]) -> Summary:
        return Summary(
            {
                d.key[0]: replace(
                    ContributionsFigures.combine(
                        campaign_figures(c) for c in d.tables["campaigns"].rows
                    ),
                    units=1,
                )
                for d in datasets
            }
        )

    def figure_cards(self, own: Summary, rollup: Summary | None) -> list[Figure]:
        newest = self.newest_figures(own, rollup)
        if newest is None:
            return []
        year, figures, note, link = newest.year, newest.figures, newest.note, newest.link
        return [
            Figure(
                f"Nhân dân đóng góp năm {year}",
                figures.collected,
                "million",
                unit="triệu đồng",
                note=note,
                link=link,
            )
        ]

    def pages(self, unit: Unit, datasets: list[Dataset], summary: Summary) -> list[PageSpec]:
        schema = self.schema.tables["campaigns"]
        labels = {name: dict(schema.field(name).categories) for name in ("decided_by", "nature")}
        names = {v.code: v.name for v in unit.villages}
        pages = []
        for d in datasets:
            year = d.key[0]
            by_village: dict[str, list[dict]] = {}
            for row in d.tables["villages"].rows:
                by_village.setdefault(row["village"], []).append(row)
            campaigns = []
            for row in d.tables["campaigns"].rows:
                given = [r for r in d.tables["villages"].rows if r["campaign"] == row["code"]]
                campaigns.append(
                    {
                        **row,
                        "figures": campaign_figures(row),
                        "villages": [
                            {**r, "name": names[r["village"]], "collected": _collected(r)}
                            for r in given
                        ],
                        "households": _sum(given, "households", 0)
                        if any(r["households"] is not None for r in given)
                        else None,
                        "spending": [
                            r for r in d.tables["spending"].rows if r["campaign"] == row["code"]
                        ],
                    }
                )
            villages = [
                {
                    "village": v,
                    "campaigns": len(by_village.get(v.code, [])),
                    **{
                        name: _sum(
                            by_village.get(v.code, []), name, 0 if name == "labour_days" else ZERO
                        )
                        for name in FROM_VILLAGES
                    },
                    "collected": sum((_collected(r) for r in by_village.get(v.code, [])), ZERO),
                }
                for v in unit.villages
            ]
            context = {
                "dataset": d,
                "unit": unit,
                "year": year,
                "figures": summary[year],
                "campaigns": campaigns,
                "villages": villages,
                "labels": labels,
                "any_dates": any(r["date"] for r in d.tables["spending"].rows),
            }
            pages.append(
                PageSpec(self.page_path(d), self.template("dataset.md.j2"), context, f"Năm {year}")
            )
        return pages


def _collected(row: dict) -> Decimal:
    """A village row's money, goods and labour in đồng."""
    return row["money"] + (row["in_kind_value"] or ZERO) + (row["labour_value"] or ZERO)


KIND = ContributionsKind
