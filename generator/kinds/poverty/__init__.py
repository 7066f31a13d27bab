"""Poor and near-poor households (hộ nghèo, hộ cận nghèo): one list per review year."""

from __future__ import annotations

from markupsafe import Markup

from generator.datasets import Dataset, DatasetKind, PageSpec, add_up
from generator.formatting import number, percent
from generator.problems import Problems
from generator.rendering import escape_markdown
from generator.text import person_name_key
from generator.units import Unit

POOR, NEAR_POOR = "ngheo", "can-ngheo"
KEPT, NEW, ESCAPED = "giu-nguyen", "moi-phat-sinh", "moi-thoat-ngheo"
COUNTS = ("households", "poor", "near_poor", "poor_people", "near_poor_people", "new", "escaped")


def _empty() -> dict:
    return dict.fromkeys(COUNTS, 0)


def _with_rates(counts: dict) -> dict:
    all_households = counts["households"]
    return {**counts,
            "poor_rate": counts["poor"] / all_households if all_households else None,
            "near_poor_rate": counts["near_poor"] / all_households if all_households else None}


def household_key(row: dict) -> tuple[str, str]:
    """A household on a list: its head, case and spacing aside, diacritics kept («Hùng» and «Hưng»
    are two people), and its village code."""
    return " ".join(row["head_name"].casefold().split()), row["village"]


def listed_households(dataset: Dataset) -> dict[tuple[str, str], str]:
    """household_key -> category, for every household on a year's list."""
    return {household_key(r): r["category"] for r in dataset.tables["households"].rows}


def movements(before: Dataset, after: Dataset) -> dict[str, dict[str, int]]:
    """How each category went from one year's list to the next, household by household: for
    POOR and NEAR_POOR, `start` - `left_lists` - `to_other` + `from_other` + `joined` = `end`."""
    old, new = listed_households(before), listed_households(after)
    moved = {}
    for category, other in ((POOR, NEAR_POOR), (NEAR_POOR, POOR)):
        was = {key for key, c in old.items() if c == category}
        now = {key for key, c in new.items() if c == category}
        moved[category] = {"start": len(was), "end": len(now),
                           "left_lists": sum(key not in new for key in was),
                           "to_other": sum(new.get(key) == other for key in was),
                           "from_other": sum(old.get(key) == other for key in now),
                           "joined": sum(key not in old for key in now)}
    return moved


class PovertyKind(DatasetKind):
    name = "poverty"

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        listed = dataset.tables["households"]
        totals = dataset.tables["villages"]
        for table in (listed, totals):
            column = table.schema.field("village").title
            for row, line in zip(table.rows, table.line_numbers):
                village = unit.village(row["village"])
                if village is None:
                    known = ", ".join(f"{v.code} ({v.name})" for v in unit.villages) or "chưa khai báo thôn nào"
                    problems.add(f"{dataset.shown_folder}/{table.path.name}",
                                 f"thôn không có trong unit.yaml của đơn vị; các thôn hợp lệ: {known}",
                                 row=line, column=column, value=row["village"])
                else:
                    row["village"] = village.code
        listed_shown = f"{dataset.shown_folder}/{listed.path.name}"
        seen: dict = {}
        for row, line in zip(listed.rows, listed.line_numbers):  # villages are codes by now
            key = household_key(row)
            if key in seen:
                problems.add(listed_shown, f"trùng Họ tên chủ hộ + Thôn với dòng {seen[key]}", row=line,
                             column=listed.schema.field("head_name").title, value=row["head_name"])
            seen.setdefault(key, line)
        totals_shown = f"{dataset.shown_folder}/{totals.path.name}"
        counted = {r["village"]: (r["households"], line) for r, line in zip(totals.rows, totals.line_numbers)}
        listed_per_village: dict = {}
        for row, line in zip(listed.rows, listed.line_numbers):
            listed_per_village.setdefault(row["village"], []).append(line)
        for code, lines in listed_per_village.items():
            if unit.village(code) is None:
                continue
            if code not in counted:
                problems.add(totals_shown, "thiếu tổng số hộ dân của thôn này, cần để tính tỷ lệ hộ nghèo",
                             column=totals.schema.field("village").title, value=code)
            elif counted[code][0] < len(lines):
                problems.add(totals_shown, f"tổng số hộ dân nhỏ hơn số hộ trong danh sách ({len(lines)} hộ)",
                             row=counted[code][1], column=totals.schema.field("households").title,
                             value=counted[code][0])

    def field_choices(self, table, field, unit):
        if field.name == "village" and unit and unit.villages:
            return [v.name for v in unit.villages]
        return super().field_choices(table, field, unit)

    def _counts(self, unit: Unit, dataset: Dataset) -> dict:
        by_village = {v.code: _empty() for v in unit.villages}
        for row in dataset.tables["villages"].rows:
            by_village[row["village"]]["households"] = row["households"]
        for row in dataset.tables["households"].rows:
            slot = by_village[row["village"]]
            if row["category"] == POOR:
                slot["poor"] += 1
                slot["poor_people"] += row["members"]
            else:
                slot["near_poor"] += 1
                slot["near_poor_people"] += row["members"]
            slot["new"] += row["change"] == NEW
            slot["escaped"] += row["change"] == ESCAPED
        return by_village

    def _groups(self, households: list[dict]) -> list[dict]:
        """A village's households by category, poor first, as the lists posted at the commune
        office are: each group under its own heading row instead of a category on every row."""
        categories = self.schema.tables["households"].field("category").categories
        groups = [{"label": label, "households": [h for h in households if h["category"] == code]}
                  for code, label in categories]
        return [g for g in groups if g["households"]]

    @staticmethod
    def household_rows(households: list[dict], changes: dict[str, str]) -> Markup:
        """A group's rows of the list: number, head of household, members, change. A function,
        not a template loop: a commune's lists have a row per household, thousands of them, and
        the loop's per-cell work was a tenth of building a commune."""
        return Markup("\n".join(
            f"<tr><td>{index}</td><td>{escape_markdown(h['head_name'])}</td><td>{number(h['members'])}</td>"
            f"<td>{escape_markdown(changes.get(h['change'], ''))}</td></tr>"
            for index, h in enumerate(households, 1)))

    def named(self, page):
        # Villages are codes once checked; a reader of the download wants their names (which
        # staff may also type, so the file still reads back as data).
        return {"village": {v.code: v.name for v in page.context["unit"].villages}}

    def summarize(self, unit, datasets):
        summary = {}
        for d in datasets:
            whole = _empty()
            for counts in self._counts(unit, d).values():
                for name in COUNTS:
                    whole[name] += counts[name]
            summary[d.key[0]] = {**_with_rates(whole), "units": 1}
        return summary

    def combine(self, summaries):
        return {year: _with_rates(fig) for year, fig in add_up(summaries, (*COUNTS, "units")).items()}

    def key_figures(self, own, rollup):
        source, note, from_rollup = self.figure_source(own, rollup)
        if not source:
            return []
        year = max(source)
        fig = source[year]
        link = self.figure_link(f"{self.folder}/{year}.md", year, from_rollup)
        return [
            {"label": f"Hộ nghèo năm {year}", "value": number(fig["poor"]), "unit": "hộ",
             "note": note, "link": link},
            {"label": f"Tỷ lệ hộ nghèo năm {year}", "value": percent(fig["poor_rate"], 2), "unit": "",
             "note": note, "link": link},
        ]

    def pages(self, unit, datasets, rollup):
        pages, lists = [], []
        by_year = {d.key[0]: d for d in datasets}
        for d in datasets:
            year = d.key[0]
            counts = self._counts(unit, d)
            previous = by_year.get(year - 1)
            previous_counts = self._counts(unit, previous) if previous else None
            villages = []
            for v in unit.villages:
                households = sorted((r for r in d.tables["households"].rows if r["village"] == v.code),
                                    key=lambda r: person_name_key(r["head_name"]))
                villages.append({"village": v, "figures": _with_rates(counts[v.code]),
                                 "previous": _with_rates(previous_counts[v.code]) if previous_counts else None,
                                 "groups": self._groups(households)})
            context = {"dataset": d, "unit": unit, "year": year, "villages": villages,
                       "total": self.summarize(unit, [d])[year],
                       "previous_total": self.summarize(unit, [previous])[year - 1] if previous else None,
                       "movements": movements(previous, d) if previous else None,
                       # The list shows a change only where there is one: "unchanged" on most rows
                       # said nothing and was a sixth of the page.
                       "changes": {code: label for code, label in
                                   self.schema.tables["households"].field("change").categories if code != KEPT},
                       "household_rows": self.household_rows}
            figures_page = self.page_path(d)
            # The list is long: its own page, out of the site search (it has a filter box), written
            # as compact HTML tables that reach the page after MkDocs (see TableFragments).
            list_page = f"{self.folder}/danh-sach-{year}.md"
            context["list_page"] = list_page.rsplit("/", 1)[1]
            pages.append(PageSpec(figures_page, self.template("dataset.md.j2"), context, f"Năm {year}"))
            lists.append(PageSpec(list_page, self.template("list.md.j2"), {
                **context, "figures_page": figures_page.rsplit("/", 1)[1],
                "download": f"{d.slug}-{self.schema.tables['households'].file}.csv"}, f"Danh sách hộ năm {year}",
                meta={"search": {"exclude": True}}, title=f"{self.title}: danh sách hộ năm {year}"))
        return [*self.section(unit, datasets, pages, rollup, summary=self.summarize(unit, datasets)), *lists]


KIND = PovertyKind
