"""Budget (ngân sách): revenue and spending lines per year and stage."""

from __future__ import annotations

from decimal import Decimal

from generator.formatting import million, percent
from generator.datasets import Dataset, DatasetKind, PageSpec, add_up
from generator.problems import Problems
from generator.units import Unit

ESTIMATE = "du-toan"
TOLERANCE = Decimal(1)  # đồng: group lines must equal the sum of their members within this


def _tree_rows(table) -> list[dict]:
    """Lines in reading order (each group followed by its members) with their depth."""
    by_parent: dict = {}
    for row in table.rows:
        by_parent.setdefault(row["parent"], []).append(row)
    ordered = []

    def walk(parent, depth):
        for row in by_parent.get(parent, []):
            ordered.append({**row, "depth": depth})
            walk(row["code"], depth + 1)

    walk(None, 0)
    return ordered


def total(table) -> Decimal:
    return sum((r["amount"] for r in table.rows if r["parent"] is None), Decimal(0))


class BudgetKind(DatasetKind):
    name = "budget"

    def stage_label(self, stage: str) -> str:
        return self.schema.metadata_field("stage").label(stage)

    def stage_order(self, stage: str) -> int:
        return [v for v, _ in self.schema.metadata_field("stage").categories].index(stage)

    def load(self, unit, problems):
        datasets = super().load(unit, problems)
        return sorted(datasets, key=lambda d: (d.key[0], self.stage_order(d.key[1])))

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        for table in dataset.tables.values():
            shown = f"{dataset.shown_folder}/{table.path.name}"
            codes = {r["code"]: line for r, line in zip(table.rows, table.line_numbers)}
            members: dict = {}
            for row, line in zip(table.rows, table.line_numbers):
                if row["parent"] is None:
                    continue
                if row["parent"] not in codes:
                    problems.add(shown, "mã nhóm không có trong bảng; hãy ghi mã của một dòng có trong cột Mã số",
                                 row=line, column=table.schema.field("parent").title, value=row["parent"])
                elif row["parent"] == row["code"]:
                    problems.add(shown, "một dòng không thể thuộc chính nó", row=line,
                                 column=table.schema.field("parent").title, value=row["parent"])
                else:
                    members.setdefault(row["parent"], []).append(row["amount"])
            parents = {r["code"]: r["parent"] for r in table.rows}
            for row, line in zip(table.rows, table.line_numbers):
                seen, code = set(), row["code"]
                while parents.get(code) is not None and code not in seen:
                    seen.add(code)
                    code = parents[code]
                if code in seen and row["parent"] != row["code"]:  # the chain of groups comes back to itself
                    problems.add(shown, "các dòng thuộc nhóm của nhau thành vòng lặp; dòng cấp cao nhất phải để trống "
                                 "cột này", row=line, column=table.schema.field("parent").title, value=row["parent"])
            for row, line in zip(table.rows, table.line_numbers):
                if row["code"] in members:
                    expected = sum(members[row["code"]], Decimal(0))
                    if abs(expected - row["amount"]) > TOLERANCE:
                        problems.add(shown, f"số tiền của dòng nhóm phải bằng tổng các dòng thuộc nhóm "
                                     f"({expected:,.0f} đồng)".replace(",", "."), row=line,
                                     column=table.schema.field("amount").title, value=row["amount"])

    def summarize(self, unit, datasets):
        figures = {}
        for d in datasets:
            figures[d.key] = {
                "revenue": total(d.tables["revenue"]),
                "spending": total(d.tables["spending"]),
                "units": 1,
            }
        return figures

    def combine(self, summaries):
        return add_up(summaries, ("revenue", "spending", "units"))

    def key_figures(self, own, rollup):
        source, note, from_rollup = self.figure_source(own, rollup)
        if not source:
            return []
        year = max(k[0] for k in source)
        figures = []
        if (year, ESTIMATE) in source:
            figures.append({"label": f"Dự toán chi ngân sách năm {year}",
                            "value": million(source[(year, ESTIMATE)]["spending"]), "unit": "triệu đồng",
                            "note": note, "link": self.figure_link(f"{self.folder}/{year}-{ESTIMATE}.md", year, from_rollup)})
        latest = max((k for k in source if k[0] == year), key=lambda k: self.stage_order(k[1]))
        if latest[1] != ESTIMATE and (year, ESTIMATE) in source and source[(year, ESTIMATE)]["spending"]:
            share = source[latest]["spending"] / source[(year, ESTIMATE)]["spending"]
            figures.append({"label": f"{self.stage_label(latest[1])} năm {year}, so với dự toán chi",
                            "value": percent(share), "unit": "", "note": note,
                            "link": self.figure_link(f"{self.folder}/{year}-{latest[1]}.md", year, from_rollup)})
        return figures

    def pages(self, unit, datasets, rollup):
        pages = []
        by_key = {d.key: d for d in datasets}
        for d in datasets:
            year, stage = d.key
            estimate = by_key.get((year, ESTIMATE)) if stage != ESTIMATE else None
            last_year = by_key.get((year - 1, stage))
            context = {
                "dataset": d,
                "stage_label": self.stage_label(stage),
                "year": year,
                "tables": [self._table_view(d, name, estimate, last_year) for name in ("revenue", "spending")],
                "revenue": total(d.tables["revenue"]),
                "spending": total(d.tables["spending"]),
                "estimate": estimate,
                "last_year": last_year,
                "last_year_totals": last_year and {n: total(last_year.tables[n]) for n in ("revenue", "spending")},
                "estimate_totals": estimate and {n: total(estimate.tables[n]) for n in ("revenue", "spending")},
            }
            pages.append(PageSpec(self.page_path(d), self.template("dataset.md.j2"), context,
                                  f"{year} – {self.stage_label(stage)}"))
        totals = {d.key: (total(d.tables["revenue"]), total(d.tables["spending"])) for d in datasets}
        return self.section(unit, datasets, pages, rollup, totals=totals)

    def rollup_context(self, year, rollup):
        stages = sorted({k[1] for r in rollup["rows"] for k in r["summary"] if k[0] == year}, key=self.stage_order)
        return {"stages": [(s, self.stage_label(s)) for s in stages]}

    def _table_view(self, d: Dataset, name: str, estimate: Dataset | None, last_year: Dataset | None) -> dict:
        compare_estimate = {r["code"]: r["amount"] for r in estimate.tables[name].rows} if estimate else {}
        compare_last = {r["code"]: r["amount"] for r in last_year.tables[name].rows} if last_year else {}
        rows = []
        for row in _tree_rows(d.tables[name]):
            planned = compare_estimate.get(row["code"])
            before = compare_last.get(row["code"])
            rows.append({**row,
                         "share": row["amount"] / planned if planned else None,
                         "change": (row["amount"] - before) / before if before else None})
        return {"title": d.tables[name].schema.title, "rows": rows, "total": total(d.tables[name]),
                "has_estimate": bool(estimate), "has_last_year": bool(last_year)}


KIND = BudgetKind
