"""Budget (ngân sách): revenue and spending lines per year and stage."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from operator import attrgetter

from generator.checks.total_rows import is_total_label
from generator.kinds.base import DatasetKind
from generator.model.charts import Bar, BarChart, highest_and_lowest
from generator.model.datasets import Dataset
from generator.model.facts import Figure, Figures, Rollup, RollupColumn, RollupTable, Summary
from generator.model.formatting import grouped, percent
from generator.model.pages import Download, PageSpec
from generator.model.problems import Problems
from generator.model.text import fold
from generator.model.units import Unit

ESTIMATE = "du-toan"
STRUCTURE = "Tỷ trọng"  # a main group's share of its table's total, in the structure tables
TOLERANCE = Decimal(1)  # đồng: group lines must equal the sum of their members within this
# A grand total typed as a line: «Tổng thu ngân sách xã», «Tổng chi» besides every table's totals.
TOTAL_STARTS = frozenset({("tổng", "thu"), ("tổng", "chi")})
# Sizes no commune's budget has: a table of any stage under 100 million đồng, a line under a
# thousand, a commune's table over 10,000 billion. Each is a unit of thousands or millions of đồng
# read as đồng, or digits lost or doubled.
SMALLEST_TABLE = Decimal(100_000_000)
SMALLEST_LINE = Decimal(1_000)
LARGEST_COMMUNE_TABLE = Decimal(10) ** 13
COMMUNE_TYPES = ("xa", "phuong", "thitran", "dackhu")


def is_total_name(name: str) -> bool:
    """A grand-total line's name (checks.total_rows.is_total_label, and «Tổng thu», «Tổng chi»):
    «Tổng thuế …», «Tổng hợp …», «Cộng đồng …» and «Công tác …» are ordinary lines."""
    return is_total_label(name, TOTAL_STARTS)


def implied_parent(code: str, codes) -> tuple[str | None, str | None]:
    """The group a dotted code names ("1.2" and "1.2." -> "1"; "1.2.3" -> "1.2"), as
    (the code of the line found in `codes`, or None; the group's code as the code spells it), or
    (None, None) for a code without dots. The group's line may be written "1" or "1."."""
    parts = [part.strip() for part in code.strip().removesuffix(".").split(".")]
    if len(parts) < 2 or not all(parts):
        return None, None
    group = ".".join(parts[:-1])
    return next((c for c in (group, f"{group}.") if c in codes and c != code), None), group


def _tree_rows(lines) -> list[dict]:
    """Lines in reading order (each group followed by its members) with their depth. Over a
    year's stages every line is reached: a line's group is the one of its latest stage, where
    that group is also present, with a group of its own at the latest stage or later."""
    by_parent: dict = {}
    for line in lines:
        by_parent.setdefault(line["parent"], []).append(line)
    ordered = []

    def walk(parent, depth):
        for line in by_parent.get(parent, []):
            ordered.append({**line, "depth": depth})
            walk(line["code"], depth + 1)

    walk(None, 0)
    return ordered


def total(table) -> Decimal:
    """A table's total: the sum of its top-level lines (each group holds its members)."""
    return sum((r["amount"] for r in table.rows if r["parent"] is None), Decimal(0))


# A year's stages of one unit differ by less: a gap this wide is a unit of money left unsaid.
STAGE_SCALE_GAP = 100


@dataclass(frozen=True)
class BudgetFigures(Figures):
    """One stage of one year: total revenue and spending, in đồng."""

    revenue: Decimal = Decimal(0)
    spending: Decimal = Decimal(0)


class BudgetKind(DatasetKind):
    name = "budget"
    figures = BudgetFigures

    def stage_label(self, stage: str) -> str:
        return self.schema.metadata_field("stage").label(stage)

    def stage_order(self, stage: str) -> int:
        return [v for v, _ in self.schema.metadata_field("stage").categories].index(stage)

    def sort_key(self, dataset: Dataset) -> tuple:
        return dataset.key[0], self.stage_order(dataset.key[1])

    def prepare(self, unit: Unit, dataset: Dataset) -> Dataset:
        """Official forms number lines 1, 1.1, 1.2, 2 … without a «Thuộc mục» column: a line with an
        empty «Thuộc mục» and a dotted code belongs to the line whose code is its own without the
        last part, when that line exists (check() names the lines whose group is missing). A
        «Thuộc mục» typed by staff always wins. Codes are compared as the rest of this kind
        compares them (cleaned text, case kept)."""
        tables = {}
        for name, table in dataset.tables.items():
            codes = {r["code"] for r in table.rows}
            rows = []
            for row in table.rows:
                found = implied_parent(row["code"], codes)[0] if row["parent"] is None else None
                rows.append({**row, "parent": found} if found is not None else row)
            tables[name] = replace(table, rows=rows)
        return replace(dataset, tables=tables)

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        for table in dataset.tables.values():
            shown = dataset.shown(table)
            parent_title = table.schema.field("parent").title
            codes = {r["code"]: line for r, line in table.numbered()}
            self._total_lines(table, shown, problems)
            self._sum_line(table, shown, problems)
            self._sizes(unit, table, shown, problems)
            for row, line in table.numbered():
                found, group = (
                    implied_parent(row["code"], codes) if row["parent"] is None else (None, None)
                )
                if found is None and group is not None:
                    problems.add(
                        shown,
                        "budget.group-missing",
                        row=line,
                        column=parent_title,
                        line_code=row["code"],
                        group=group,
                    )
            members: dict = {}
            for row, line in table.numbered():
                if row["parent"] is None:
                    continue
                if row["parent"] not in codes:
                    problems.add(
                        shown,
                        "budget.parent-unknown",
                        row=line,
                        column=parent_title,
                        value=row["parent"],
                    )
                elif row["parent"] == row["code"]:
                    problems.add(
                        shown,
                        "budget.parent-self",
                        row=line,
                        column=parent_title,
                        value=row["parent"],
                    )
                else:
                    members.setdefault(row["parent"], []).append(row["amount"])
            parents = {r["code"]: r["parent"] for r in table.rows}
            for row, line in table.numbered():
                seen, code = set(), row["code"]
                while parents.get(code) is not None and code not in seen:
                    seen.add(code)
                    code = parents[code]
                # the chain of groups comes back to itself
                if code in seen and row["parent"] != row["code"]:
                    problems.add(
                        shown,
                        "budget.parent-loop",
                        row=line,
                        column=parent_title,
                        value=row["parent"],
                    )
            for row, line in table.numbered():
                if row["code"] in members:
                    expected = sum(members[row["code"]], Decimal(0))
                    if abs(expected - row["amount"]) > TOLERANCE:
                        problems.add(
                            shown,
                            "budget.group-sum",
                            row=line,
                            column=table.schema.field("amount").title,
                            value=row["amount"],
                            expected=grouped(expected),
                        )

    @staticmethod
    def _sum_line(table, shown: str, problems: Problems) -> None:
        """Refuse a top-level line equal to the sum of the other top-level lines, whatever its
        name: a total the page would add to what it adds up."""
        top = [(row, line) for row, line in table.numbered() if row["parent"] is None]
        whole = sum((row["amount"] for row, _ in top), Decimal(0))
        for row, line in top:
            if is_total_name(row["name"]):
                continue  # refused as a total line already
            if len(top) >= 3 and row["amount"] > 0 and row["amount"] * 2 == whole:
                title = table.schema.field("amount").title
                problems.add(
                    shown,
                    "table-sum-row",
                    row=line,
                    column=title,
                    value=row["amount"],
                    columns=f"«{title}»",
                )

    @staticmethod
    def _sizes(unit: Unit, table, shown: str, problems: Problems) -> None:
        """Flag a table or line whose size no commune budget has, with the likely cause."""
        column = table.schema.field("amount").title
        amount = total(table)
        if 0 < amount < SMALLEST_TABLE:
            problems.add(shown, "budget.total-too-small", column=column, total=grouped(amount))
            return
        if amount > LARGEST_COMMUNE_TABLE and fold(unit.type) in COMMUNE_TYPES:
            problems.add(shown, "budget.total-too-large", column=column, total=grouped(amount))
        for row, line in table.numbered():
            if 0 < row["amount"] < SMALLEST_LINE:
                problems.add(
                    shown, "budget.line-too-small", row=line, column=column, value=row["amount"]
                )

    @staticmethod
    def _total_lines(table, shown: str, problems: Problems) -> None:
        """Refuse a grand total typed as a line: it would be added to the lines it adds up."""
        for row, line in table.numbered():
            if is_total_name(row["name"]):
                problems.add(
                    shown,
                    "budget.total-line",
                    row=line,
                    column=table.schema.field("name").title,
                    value=row["name"],
                )

    def check_together(
        self, unit: Unit, datasets: list[Dataset], problems: Problems
    ) -> list[Dataset]:
        """A year's stages are in one unit: a stage a hundred times smaller than another was
        typed in thousands (or millions) without saying so, and is refused."""
        by_year: dict[int, list[tuple[Dataset, Decimal]]] = {}
        for d in datasets:
            amount = max(total(d.tables["revenue"]), total(d.tables["spending"]))
            by_year.setdefault(d.key[0], []).append((d, amount))
        refused = set()
        for stages in by_year.values():
            largest, largest_amount = max(stages, key=lambda s: s[1])
            for d, amount in stages:
                if 0 < amount and largest_amount >= STAGE_SCALE_GAP * amount:
                    revenue = d.tables["revenue"]
                    problems.add(
                        d.shown(revenue),
                        "budget.stage-scale",
                        column=revenue.schema.field("amount").title,
                        value=grouped(amount),
                        stage=self.stage_label(d.key[1]),
                        total=grouped(amount),
                        other=self.stage_label(largest.key[1]),
                        other_total=grouped(largest_amount),
                        folder=largest.shown_folder,
                    )
                    refused.add(d.shown_folder)
        return [d for d in datasets if d.shown_folder not in refused]

    def summarize(self, unit: Unit, datasets: list[Dataset]) -> Summary:
        return Summary(
            {
                d.key: BudgetFigures(
                    revenue=total(d.tables["revenue"]), spending=total(d.tables["spending"])
                )
                for d in datasets
            }
        )

    def figure_cards(self, own: Summary, rollup: Summary | None) -> list[Figure]:
        source, note, from_rollup = self.figure_source(own, rollup)
        if not source:
            return []
        year = source.years[-1]
        link = self.figure_link(f"{self.folder}/{year}.md", year, from_rollup)
        estimate = source.get((year, ESTIMATE))
        cards = []
        if estimate is not None:
            cards.append(
                Figure(
                    f"Dự toán chi ngân sách năm {year}",
                    estimate.spending,
                    "million",
                    unit="triệu đồng",
                    note=note,
                    link=link,
                )
            )
        latest = max(
            (p for p, _ in source.items() if p[0] == year), key=lambda p: self.stage_order(p[1])
        )
        if latest[1] != ESTIMATE and estimate is not None and estimate.spending:
            cards.append(
                Figure(
                    f"{self.stage_label(latest[1])} năm {year}, so với dự toán chi",
                    source[latest].spending / estimate.spending,
                    "percent",
                    note=note,
                    link=link,
                )
            )
        return cards

    def pages(self, unit: Unit, datasets: list[Dataset], summary: Summary) -> list[PageSpec]:
        """One page a year: each stage posted that year is a column beside the others (a line's
        estimate, its execution and its final account side by side, as the execution forms show),
        rather than a page a stage repeating every line's name and the site's frame."""
        by_year: dict[int, list[Dataset]] = {}
        for d in datasets:  # sorted by year and stage
            by_year.setdefault(d.key[0], []).append(d)
        pages = []
        for year, stages in by_year.items():
            estimate = next((d for d in stages if d.key[1] == ESTIMATE), None)
            latest = stages[-1]
            last_year = {d.key[1]: d for d in by_year.get(year - 1, [])}
            before = last_year.get(latest.key[1])
            context = {
                "unit": unit,
                "year": year,
                "stages": [
                    self._stage_view(d, estimate, last_year.get(d.key[1]), summary) for d in stages
                ],
                "has_estimate": estimate is not None
                and len(stages) > 1,  # not the estimate against itself
                "has_last_year": any(d.key[1] in last_year for d in stages),
                "tables": [
                    self._year_table(stages, name, estimate, latest, before, summary)
                    for name in ("revenue", "spending")
                ],
                "sources": {path: digest for d in stages for path, digest in d.sources.items()},
                "legal_bases": list(dict.fromkeys(d.metadata["legal_basis"] for d in stages)),
                "offices": list(dict.fromkeys(d.metadata["office"] for d in stages)),
            }
            context["execution_chart"] = _execution_chart(year, context["stages"])
            for table in context["tables"]:
                table["chart"] = _groups_chart(table)
                table["structure"] = _structure(table, context["stages"][-1]["label"])
            # the site search finds a line by its name (the tables are kept out of the index)
            lines = [
                [table["title"], "; ".join(row["name"] for row in table["rows"])]
                for table in context["tables"]
            ]
            pages.append(
                PageSpec(
                    self.page_path(latest),
                    self.template("year.md.j2"),
                    context,
                    f"Năm {year}",
                    meta={"search_text": lines},
                )
            )
        return pages

    def page_path(self, dataset: Dataset) -> str:
        return f"{self.folder}/{dataset.key[0]}.md"

    def downloads(self, page: PageSpec) -> list[Download]:
        """A year's lines in one CSV per table: a column of amounts per stage."""
        year = page.context["year"]
        labels = tuple(f"{s['label']} (đồng)" for s in page.context["stages"])
        return [
            Download(
                f"{table['title']} năm {year}",
                f"{year}-{table['file']}.csv",
                header=("Mã số", "Nội dung", "Thuộc mục", *labels),
                rows=tuple(
                    (r["code"], r["name"], r["parent"] or None, *r["amounts"])
                    for r in table["rows"]
                ),
            )
            for table in page.context["tables"]
        ]

    def rollup_tables(self, year: int, rollup: Rollup) -> list[RollupTable]:
        """A table a stage, amounts in đồng (the page shows millions)."""
        columns = (
            RollupColumn("Tổng thu (đồng)", attrgetter("revenue")),
            RollupColumn("Tổng chi (đồng)", attrgetter("spending")),
            RollupColumn("Số đơn vị có số liệu", attrgetter("units")),
        )
        return [
            RollupTable((year, stage), columns, label)
            for stage, label in self.rollup_context(year, rollup)["stages"]
        ]

    def rollup_context(self, year: int, rollup: Rollup) -> dict:
        stages = sorted(
            {p[1] for r in rollup.rows for p, _ in r.summary.items() if p[0] == year},
            key=self.stage_order,
        )
        return {"stages": [(s, self.stage_label(s)) for s in stages]}

    def _stage_view(
        self, d: Dataset, estimate: Dataset | None, before: Dataset | None, summary: Summary
    ) -> dict:
        """A stage's totals, against the year's estimate and the same stage a year earlier."""
        view = {
            "key": d.key[1],
            "label": self.stage_label(d.key[1]),
            "metadata": d.metadata,
            "posting": d.posting,
        }
        for name in ("revenue", "spending"):
            amount = view[name] = getattr(summary[d.key], name)
            planned = (
                getattr(summary[estimate.key], name) if estimate and d is not estimate else None
            )
            view[f"{name}_share"] = _ratio(amount, planned) if planned is not None else None
            view[f"{name}_change"] = (
                _change(amount, getattr(summary[before.key], name)) if before else None
            )
        return view

    def _year_table(
        self,
        stages: list[Dataset],
        name: str,
        estimate: Dataset | None,
        latest: Dataset,
        before: Dataset | None,
        summary: Summary,
    ) -> dict:
        """A table's lines over the year's stages: a line's name and group are those of the latest
        stage that has it (the names and groups earlier stages gave it follow its name); a stage
        without the line has no amount."""
        lines: dict = {}
        for d in stages:
            label = self.stage_label(d.key[1]).lower()
            for row in d.tables[name].rows:
                line = lines.setdefault(
                    row["code"], {"code": row["code"], "amounts": {}, "names": {}, "parents": {}}
                )
                line.update(name=row["name"], parent=row["parent"])
                line["amounts"][d.key[1]] = row["amount"]
                line["names"].setdefault(row["name"], label)
                line["parents"].setdefault(row["parent"], label)
        for line in lines.values():
            line["name"] += _earlier(line)
        planned = {r["code"]: r["amount"] for r in estimate.tables[name].rows} if estimate else {}
        last_year = {r["code"]: r["amount"] for r in before.tables[name].rows} if before else {}
        compare = latest is not estimate and bool(planned)
        rows = []
        for line in _tree_rows(lines.values()):
            now = line["amounts"].get(latest.key[1])
            rows.append(
                {
                    **line,
                    "amounts": [line["amounts"].get(d.key[1]) for d in stages],
                    "indent": min(line["depth"], 3),  # the stylesheet indents three levels
                    "share": _ratio(now, planned.get(line["code"])) if compare else None,
                    "change": _change(now, last_year.get(line["code"])),
                }
            )
        table = latest.tables[name]
        latest_label = self.stage_label(latest.key[1])
        now = getattr(summary[latest.key], name)
        return {
            "title": table.schema.title,
            "file": table.schema.file,
            "rows": rows,
            "totals": [getattr(summary[d.key], name) for d in stages],
            "share_label": f"{latest_label} so với dự toán" if compare else None,
            "share": _ratio(now, getattr(summary[estimate.key], name)) if compare else None,
            "change_label": f"So với năm {latest.key[0] - 1}" if before else None,
            "change": _change(now, getattr(summary[before.key], name)) if before else None,
        }


def _earlier(line: dict) -> str:
    """What earlier stages called a line and where they put it, where the latest stage differs
    (" (tên trong dự toán: …)", " (trong dự toán thuộc mục 2)"); takes the line's records of
    them."""
    notes = [
        f" (tên trong {stage}: {other})"
        for other, stage in line.pop("names").items()
        if other != line["name"]
    ]
    notes += [
        f" (trong {stage} thuộc mục {other})" if other else f" (trong {stage} là dòng cấp cao nhất)"
        for other, stage in line.pop("parents").items()
        if other != line["parent"]
    ]
    return "".join(notes)


def _execution_chart(year: int, stages: list[dict]) -> BarChart | None:
    """Each stage's revenue and spending against the year's estimate (the balance table's
    columns), when a stage after the estimate has been posted."""
    shown = [s for s in stages if s["revenue_share"] is not None or s["spending_share"] is not None]
    if not shown:
        return None
    last = shown[-1]
    return BarChart(
        f"Thu, chi so với dự toán năm {year}",
        f"Đến {last['label'].lower()}, thu đạt {percent(last['revenue_share'])} và chi đạt "
        f"{percent(last['spending_share'])} dự toán năm.",
        ("Thu so với dự toán", "Chi so với dự toán"),
        tuple(Bar(s["label"], (s["revenue_share"], s["spending_share"])) for s in shown),
        style="percent",
    )


def _groups_chart(table: dict) -> BarChart | None:
    """A table's main groups (its top lines) against their estimates, when it compares them."""
    if not table["share_label"]:
        return None
    bars = [Bar(r["name"], (r["share"],)) for r in table["rows"] if r["depth"] == 0]
    if not any(b.values[0] is not None for b in bars):
        return None
    return BarChart(
        f"{table['title']}: {table['share_label'].lower()}, theo nhóm",
        highest_and_lowest(bars, percent, "tỷ lệ so với dự toán"),
        (table["share_label"],),
        tuple(bars),
        style="percent",
    )


def _structure(table: dict, stage: str) -> dict | None:
    """A table's main groups (its top lines) as shares of its total at the latest stage: the
    revenue's and the spending's structure, a chart and the small table it is drawn from."""
    total = table["totals"][-1]
    groups = [(r["name"], r["amounts"][-1]) for r in table["rows"] if r["depth"] == 0]
    if not total or len(groups) < 2:
        return None
    rows = [(name, amount, _ratio(amount, total)) for name, amount in groups]
    bars = [Bar(name, (part,)) for name, _, part in rows]
    title = f"Cơ cấu {table['title'][0].lower()}{table['title'][1:]} ({stage.lower()})"
    chart = BarChart(
        title,
        highest_and_lowest(bars, percent, "tỷ trọng"),
        (STRUCTURE,),
        tuple(bars),
        style="percent",
    )
    return {"title": title, "stage": stage, "rows": rows, "total": total, "chart": chart}


def _ratio(amount, planned):
    return amount / planned if amount is not None and planned else None


def _change(amount, before):
    return (amount - before) / before if amount is not None and before else None


KIND = BudgetKind
