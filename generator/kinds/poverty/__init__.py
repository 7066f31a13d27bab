"""Poor and near-poor households (hộ nghèo, hộ cận nghèo): one list per review year."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from operator import attrgetter

from generator.kinds.base import DatasetKind
from generator.model.charts import Bar, BarChart, highest_and_lowest
from generator.model.datasets import Dataset
from generator.model.facts import Figure, Figures, RollupColumn, Summary, share
from generator.model.formatting import number, percent
from generator.model.pages import PageSpec
from generator.model.problems import Problems
from generator.model.text import person_name_key
from generator.model.units import Unit

POOR, NEAR_POOR = "ngheo", "can-ngheo"
KEPT, NEW, ESCAPED = "giu-nguyen", "moi-phat-sinh", "moi-thoat-ngheo"
# More members than any household has: a village's people, or a digit typed twice.
LARGEST_HOUSEHOLD = 30
# a household's name ranks its village above pages that merely share a word (search_sections)
NAMES_BOOST = 4


@dataclass(frozen=True)
class PovertyFigures(Figures):
    """A year's review: households listed as poor and near-poor, their people, and the changes."""

    households: int = 0  # all households of the unit (or village), listed or not
    poor: int = 0
    near_poor: int = 0
    poor_people: int = 0
    near_poor_people: int = 0
    new: int = 0
    escaped: int = 0

    @property
    def poor_rate(self):
        return share(self.poor, self.households)

    @property
    def near_poor_rate(self):
        return share(self.near_poor, self.households)


def household_key(row: dict) -> tuple[str, str, str]:
    """A household on a list: its head, case and spacing aside, diacritics kept («Hùng» and «Hưng»
    are two people), its village code, and the household code that tells apart two heads of one
    name in one village (empty for all others)."""
    code = (row.get("household_code") or "").casefold()
    return " ".join(row["head_name"].casefold().split()), row["village"], code


def listed_households(dataset: Dataset) -> dict[tuple[str, str, str], str]:
    """household_key -> category, for every household on a year's list; a household whose head
    has no namesake in the village is known without its code, so a code given one year and not
    the other does not make it leave the list and join it again."""
    keyed = [(household_key(r), r["category"]) for r in dataset.tables["households"].rows]
    namesakes = Counter((key[0], key[1]) for key, _ in keyed)
    return {
        (key if namesakes[key[0], key[1]] > 1 else (key[0], key[1], "")): category
        for key, category in keyed
    }


def movements(before: Dataset, after: Dataset) -> dict[str, dict[str, int]]:
    """How each category went from one year's list to the next, household by household: for
    POOR and NEAR_POOR, `start` - `left_lists` - `to_other` + `from_other` + `joined` = `end`."""
    old, new = listed_households(before), listed_households(after)
    moved = {}
    for category, other in ((POOR, NEAR_POOR), (NEAR_POOR, POOR)):
        was = {key for key, c in old.items() if c == category}
        now = {key for key, c in new.items() if c == category}
        moved[category] = {
            "start": len(was),
            "end": len(now),
            "left_lists": sum(key not in new for key in was),
            "to_other": sum(new.get(key) == other for key in was),
            "from_other": sum(old.get(key) == other for key in now),
            "joined": sum(key not in old for key in now),
        }
    return moved


class PovertyKind(DatasetKind):
    name = "poverty"
    figures = PovertyFigures

    rollup_columns = (
        RollupColumn("Tổng số hộ dân", attrgetter("households")),
        RollupColumn("Hộ nghèo", attrgetter("poor")),
        RollupColumn("Tỷ lệ hộ nghèo (%)", attrgetter("poor_rate"), percent=True),
        RollupColumn("Hộ cận nghèo", attrgetter("near_poor")),
        RollupColumn("Tỷ lệ hộ cận nghèo (%)", attrgetter("near_poor_rate"), percent=True),
    )

    compared_on = ("Tỷ lệ hộ nghèo", "poor_rate", "percent", 2)

    def section_chart(self, datasets: list[Dataset], summary: Summary) -> BarChart | None:
        """The rates year by year (the section's table), from two years on."""
        if len(datasets) < 2:
            return None
        years = [d.key[0] for d in datasets]
        bars = [Bar(f"Năm {y}", (summary[y].poor_rate, summary[y].near_poor_rate)) for y in years]
        newest, oldest = summary[years[0]].poor_rate, summary[years[-1]].poor_rate
        if newest is None or oldest is None:  # a year without households counted
            return None
        trend = "giảm" if newest < oldest else "tăng" if newest > oldest else "không đổi"
        return BarChart(
            "Tỷ lệ hộ nghèo, hộ cận nghèo qua các năm",
            f"Tỷ lệ hộ nghèo {trend} từ {_rate(oldest)} năm {years[-1]} "
            f"đến {_rate(newest)} năm {years[0]}.",
            ("Tỷ lệ hộ nghèo", "Tỷ lệ hộ cận nghèo"),
            tuple(bars),
            style="percent",
            digits=2,
        )

    def prepare(self, unit: Unit, dataset: Dataset) -> Dataset:
        """Villages as their codes, whether staff typed a village's code or its name (check()
        names the ones unit.yaml does not have)."""
        villages = unit.village_index()
        tables = {}
        for name in ("households", "villages"):
            table = dataset.tables[name]
            rows = []
            for row in table.rows:
                village = villages.get(row["village"].casefold())
                rows.append(
                    {**row, "village": village.code}
                    if village and village.code != row["village"]
                    else row
                )
            tables[name] = replace(table, rows=rows)
        return replace(dataset, tables={**dataset.tables, **tables})

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        listed = dataset.tables["households"]
        totals = dataset.tables["villages"]
        codes = {v.code for v in unit.villages}
        for table in (listed, totals):
            column = table.schema.field("village").title
            for row, line in table.numbered():
                if row["village"] not in codes:
                    known = (
                        ", ".join(f"{v.code} ({v.name})" for v in unit.villages)
                        or "chưa khai báo thôn nào"
                    )
                    problems.add(
                        dataset.shown(table),
                        "poverty.village-unknown",
                        row=line,
                        column=column,
                        value=row["village"],
                        known=known,
                    )
        listed_shown = dataset.shown(listed)
        members = listed.schema.field("members")
        for row, line in listed.numbered():
            if row["category"] == "ngheo" and row["change"] == "moi-thoat-ngheo":
                # out of poverty yet listed poor: counted both ways on the page
                problems.add(
                    listed_shown,
                    "poverty.poor-and-out",
                    row=line,
                    column=listed.schema.field("change").title,
                    value="Mới thoát nghèo",
                )
            if row["members"] > LARGEST_HOUSEHOLD:
                problems.add(
                    listed_shown,
                    "poverty.members-implausible",
                    row=line,
                    column=members.title,
                    value=row["members"],
                    count=row["members"],
                    largest=LARGEST_HOUSEHOLD,
                )
        seen: dict = {}
        for row, line in listed.numbered():  # villages are codes by now
            key = household_key(row)
            if key in seen:
                problems.add(
                    listed_shown,
                    "poverty.household-duplicate",
                    row=line,
                    column=listed.schema.field("head_name").title,
                    value=row["head_name"],
                    first=seen[key],
                )
            seen.setdefault(key, line)
        totals_shown = dataset.shown(totals)
        counted: dict = {}
        for r, line in totals.numbered():  # a village by its code once and by its name again
            if r["village"] in counted:
                problems.add(
                    totals_shown,
                    "poverty.village-twice",
                    row=line,
                    column=totals.schema.field("village").title,
                    value=r["village"],
                    first=counted[r["village"]][1],
                )
                continue
            counted[r["village"]] = (r["households"], line)
        listed_per_village: dict = {}
        for row, line in listed.numbered():
            listed_per_village.setdefault(row["village"], []).append(line)
        for code, lines in listed_per_village.items():
            if code not in codes:
                continue
            if code not in counted:
                problems.add(
                    totals_shown,
                    "poverty.village-total-missing",
                    column=totals.schema.field("village").title,
                    value=code,
                )
            elif counted[code][0] < len(lines):
                problems.add(
                    totals_shown,
                    "poverty.village-total-small",
                    row=counted[code][1],
                    column=totals.schema.field("households").title,
                    value=counted[code][0],
                    listed=len(lines),
                )

    def field_choices(self, table, field, unit):
        if field.name == "village" and unit and unit.villages:
            return [v.name for v in unit.villages]
        return super().field_choices(table, field, unit)

    def by_village(self, unit: Unit, dataset: Dataset) -> dict[str, PovertyFigures]:
        """A year's figures of each village of the unit."""
        counts = {
            v.code: dict.fromkeys(
                (
                    "households",
                    "poor",
                    "near_poor",
                    "poor_people",
                    "near_poor_people",
                    "new",
                    "escaped",
                ),
                0,
            )
            for v in unit.villages
        }
        for row in dataset.tables["villages"].rows:
            counts[row["village"]]["households"] = row["households"]
        for row in dataset.tables["households"].rows:
            slot = counts[row["village"]]
            if row["category"] == POOR:
                slot["poor"] += 1
                slot["poor_people"] += row["members"]
            else:
                slot["near_poor"] += 1
                slot["near_poor_people"] += row["members"]
            slot["new"] += row["change"] == NEW
            slot["escaped"] += row["change"] == ESCAPED
        return {code: PovertyFigures(**figures) for code, figures in counts.items()}

    def _groups(self, households: list[dict], changes: dict[str, str]) -> list[dict]:
        """A village's households by category, poor first, as the lists posted at the commune
        office are: each group under its own heading row instead of a category on every row. Each
        household a row of cells: its number in the group, head, members and change."""
        categories = self.schema.tables["households"].field("category").categories
        groups = []
        for code, label in categories:
            members = [h for h in households if h["category"] == code]
            if members:
                groups.append(
                    {
                        "label": label,
                        "households": members,
                        "rows": [
                            (str(n), h["head_name"], h["members"], changes.get(h["change"], ""))
                            for n, h in enumerate(members, 1)
                        ],
                    }
                )
        return groups

    def named(self, page):
        # Villages are codes once prepared; a reader of the download wants their names (which
        # staff may also type, so the file still reads back as data).
        return {"village": {v.code: v.name for v in page.context["unit"].villages}}

    def downloads(self, page):
        """The list's page links to the year page's downloads."""
        return [] if page.template == self.template("list.md.j2") else super().downloads(page)

    def summarize(self, unit: Unit, datasets: list[Dataset]) -> Summary:
        return Summary(
            {
                d.key[0]: replace(
                    PovertyFigures.combine(self.by_village(unit, d).values()), units=1
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
            Figure(f"Hộ nghèo năm {year}", figures.poor, "number", unit="hộ", note=note, link=link),
            Figure(
                f"Tỷ lệ hộ nghèo năm {year}",
                figures.poor_rate,
                "percent",
                digits=2,
                note=note,
                link=link,
            ),
        ]

    def pages(self, unit: Unit, datasets: list[Dataset], summary: Summary) -> list[PageSpec]:
        pages = []
        by_year = {d.key[0]: d for d in datasets}
        village_figures = {d.key[0]: self.by_village(unit, d) for d in datasets}
        # The list shows a change only where there is one: "unchanged" on most rows said nothing
        # and would be a sixth of the page.
        changes = {
            code: label
            for code, label in self.schema.tables["households"].field("change").categories
            if code != KEPT
        }
        for d in datasets:
            year = d.key[0]
            previous = by_year.get(year - 1)
            villages = []
            for v in unit.villages:
                households = sorted(
                    (r for r in d.tables["households"].rows if r["village"] == v.code),
                    key=lambda r: person_name_key(r["head_name"]),
                )
                villages.append(
                    {
                        "village": v,
                        "figures": village_figures[year][v.code],
                        "previous": village_figures[year - 1][v.code] if previous else None,
                        "groups": self._groups(households, changes),
                    }
                )
            figures_page = self.page_path(d)
            # The list is long: its own page, with a filter box; the site search has the names.
            list_page = f"{self.folder}/danh-sach-{year}.md"
            context = {
                "dataset": d,
                "unit": unit,
                "year": year,
                "villages": villages,
                "total": summary[year],
                "previous_total": summary[year - 1] if previous else None,
                "movements": movements(previous, d) if previous else None,
                "list_page": list_page.rsplit("/", 1)[1],
                "village_chart": _village_chart(unit, year, villages, summary[year]),
            }
            if context["movements"]:
                context["movement_chart"] = _movement_chart(year, context["movements"])
            pages.append(
                PageSpec(figures_page, self.template("dataset.md.j2"), context, f"Năm {year}")
            )
            pages.append(
                PageSpec(
                    list_page,
                    self.template("list.md.j2"),
                    {
                        **context,
                        "figures_page": figures_page.rsplit("/", 1)[1],
                        "download": f"{d.slug}-{self.schema.tables['households'].file}.csv",
                    },
                    f"Danh sách hộ năm {year}",
                    # for the commune's people, not search engines: out of them and the sitemap;
                    # the site's own search finds each household's name under its village
                    meta={
                        "robots": "noindex",
                        "search_text": [
                            [
                                v["village"].name,
                                ", ".join(row[1] for group in v["groups"] for row in group["rows"]),
                                NAMES_BOOST,
                            ]
                            for v in villages
                            if v["groups"]
                        ],
                    },
                    title=f"{self.title}: danh sách hộ năm {year}",
                )
            )
        return pages


def _rate(value) -> str:
    return percent(value, 2)


def _village_chart(unit: Unit, year: int, villages: list[dict], total) -> BarChart | None:
    """The rates of each village (the village table's columns), when there are villages to
    compare."""
    if len(villages) < 2:
        return None
    bars = [
        Bar(v["village"].name, (v["figures"].poor_rate, v["figures"].near_poor_rate))
        for v in villages
    ]
    return BarChart(
        f"Tỷ lệ hộ nghèo, hộ cận nghèo theo {unit.village_word} năm {year}",
        highest_and_lowest(bars, _rate, "tỷ lệ hộ nghèo")
        + f" Toàn đơn vị: {_rate(total.poor_rate)}.",
        ("Tỷ lệ hộ nghèo", "Tỷ lệ hộ cận nghèo"),
        tuple(bars),
        style="percent",
        digits=2,
    )


def _movement_chart(year: int, moved: dict[str, dict[str, int]]) -> BarChart:
    """Households into and out of each list since the year before: the rows of the table
    «Biến động» after it, out of a list written negative as the table writes it."""
    poor, near = moved[POOR], moved[NEAR_POOR]
    bars = (
        Bar(f"Không còn trong danh sách năm {year}", (-poor["left_lists"], -near["left_lists"])),
        Bar("Hộ nghèo chuyển thành hộ cận nghèo", (-poor["to_other"], near["from_other"])),
        Bar("Hộ cận nghèo chuyển thành hộ nghèo", (poor["from_other"], -near["to_other"])),
        Bar(f"Mới vào danh sách năm {year}", (poor["joined"], near["joined"])),
    )
    out, into = poor["left_lists"] + poor["to_other"], poor["from_other"] + poor["joined"]
    return BarChart(
        f"Hộ vào, ra danh sách hộ nghèo, hộ cận nghèo năm {year} so với năm {year - 1}",
        f"Số hộ nghèo từ {number(poor['start'])} còn {number(poor['end'])}: "
        f"{number(out)} hộ ra khỏi diện nghèo, {number(into)} hộ vào diện nghèo.",
        ("Hộ nghèo", "Hộ cận nghèo"),
        bars,
        style="signed",
    )


KIND = PovertyKind
