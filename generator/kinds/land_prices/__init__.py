"""Land price frames (bảng giá đất, Land Law 2024 Art. 159): issued by the province, which holds
the one copy; a price per m² by land type, commune, road or area, segment and position.

The first kind that flows down the tree (schema.yaml: flows_down, see kinds/base.py): the
province's page shows the frame's counts and its downloads, never its thousands of rows; each
commune's page shows its own rows, read from the province's files."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

import yaml

from generator.kinds.base import DatasetKind
from generator.model.datasets import Dataset
from generator.model.facts import Figure, Figures, Rollup, RollupColumn, Summary
from generator.model.formatting import date, number
from generator.model.pages import PageSpec
from generator.model.problems import Problems
from generator.model.text import fold, without_marks
from generator.model.units import UNIT_FILE, Unit

LAND_TYPES: dict = yaml.safe_load(
    (Path(__file__).parent / "land_types.yaml").read_text(encoding="utf-8")
)
RESIDENTIAL = ("ODT", "ONT")
# No non-agricultural land is priced this low: such a price was typed in thousands of đồng.
NON_AGRICULTURAL_FLOOR = Decimal(20_000)
ZERO = Decimal(0)
MAXIMA = ("top_residential",)  # combined by their largest, not their sum


@dataclass(frozen=True)
class PriceFigures(Figures):
    """A frame's prices for one unit (or several): how many, and the highest for residential
    land, in đồng per m²."""

    prices: int = 0
    residential: int = 0
    top_residential: Decimal = ZERO

    @classmethod
    def combine(cls, many):
        many = list(many)
        return cls(
            **{
                f.name: max((getattr(m, f.name) for m in many), default=ZERO)
                if f.name in MAXIMA
                else sum(getattr(m, f.name) for m in many)
                for f in fields(cls)
            }
        )


def commune_keys(unit: Unit) -> set[str]:
    """How a row may name a commune: its code, its name, its type and name (folded)."""
    return {fold(unit.code), fold(unit.name), fold(unit.in_text)}


def _figures(dataset: Dataset) -> PriceFigures:
    rows = dataset.tables["prices"].rows
    residential = [r["price"] for r in rows if r["land_code"] in RESIDENTIAL]
    return PriceFigures(
        prices=len(rows),
        residential=len(residential),
        top_residential=max(residential, default=ZERO),
    )


def by_land_type(rows) -> list[dict]:
    """Count, lowest and highest price of each land type, in the list's order."""
    groups: dict[str, list[Decimal]] = {}
    for row in rows:
        groups.setdefault(row["land_code"], []).append(row["price"])
    return [
        {
            "code": code,
            "name": LAND_TYPES[code]["name"],
            "count": len(groups[code]),
            "low": min(groups[code]),
            "high": max(groups[code]),
        }
        for code in LAND_TYPES
        if code in groups
    ]


def unread_units(holder: Unit, below: Sequence[Unit]) -> list[str]:
    """The folders under the holder with a unit.yaml the tree could not place (never read
    well): a row may name one of them."""
    placed = {holder.folder, *(u.folder for u in below)}
    return sorted(
        f"{holder.shown_folder}/{p.parent.relative_to(holder.folder).as_posix()}"
        for p in holder.folder.rglob(UNIT_FILE)
        if p.parent not in placed
    )


class LandPricesKind(DatasetKind):
    name = "land_prices"
    figures = PriceFigures

    rollup_columns = (
        RollupColumn("Số mức giá", attrgetter("prices")),
        RollupColumn("Trong đó đất ở", attrgetter("residential")),
        RollupColumn(
            "Giá đất ở cao nhất (đồng/m²)",
            lambda f: f.top_residential if f.residential else None,
        ),
    )

    def prepare(self, unit: Unit, dataset: Dataset) -> Dataset:
        """Land codes in capitals, without spaces."""
        table = dataset.tables["prices"]
        rows = [{**row, "land_code": row["land_code"].strip().upper()} for row in table.rows]
        return replace(dataset, tables={**dataset.tables, "prices": replace(table, rows=rows)})

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        meta = dataset.metadata
        shown_meta = f"{dataset.shown_folder}/thong-tin.yaml"
        start, end = meta["valid_from"], meta["valid_to"]
        if start and end and end <= start:
            problems.add(
                shown_meta,
                "land_prices.period-order",
                column=f"valid_to ({self.schema.metadata_field('valid_to').title})",
                value=end,
                start=date(start),
            )
        if start and meta["year"] != start.year:
            problems.add(
                shown_meta,
                "land_prices.period-year",
                column=f"year ({self.schema.metadata_field('year').title})",
                value=meta["year"],
                start=date(start),
            )
        table = dataset.tables["prices"]
        shown, title = dataset.shown(table), table.schema.field
        # (commune, road, segment, land type) -> (position, price, line) of the rows seen
        lines: dict[tuple, list[tuple[int, Decimal, int]]] = {}
        for row, line in table.numbered():
            code = row["land_code"]
            if code not in LAND_TYPES:
                problems.add(
                    shown,
                    "land_prices.code-unknown",
                    row=line,
                    column=title("land_code").title,
                    value=row["land_code"],
                    codes=", ".join(LAND_TYPES),
                )
                continue
            start_at, end_at = row["segment_from"] or "", row["segment_to"] or ""
            if end_at and not start_at:
                problems.add(
                    shown,
                    "land_prices.segment-no-start",
                    row=line,
                    column=title("segment_from").title,
                    value=end_at,
                    end=end_at,
                )
            elif start_at and fold(start_at) == fold(end_at):
                problems.add(
                    shown,
                    "land_prices.segment-same-ends",
                    row=line,
                    column=title("segment_to").title,
                    value=end_at,
                    place=start_at,
                )
            if LAND_TYPES[code]["group"] == "PNN" and row["price"] < NON_AGRICULTURAL_FLOOR:
                problems.add(
                    shown,
                    "land_prices.price-thousands",
                    row=line,
                    column=title("price").title,
                    value=row["price"],
                    price=number(row["price"]),
                )
                continue  # an error already: its order among positions says nothing more
            where = (
                fold(row["commune"]),
                fold(row["road"]),
                fold(row["segment_from"] or ""),
                fold(row["segment_to"] or ""),
                code,
            )
            lines.setdefault(where, []).append((row["position"], row["price"], line))
        for seen in lines.values():
            seen.sort()
            for (before, before_price, before_line), (position, price, line) in zip(
                seen, seen[1:], strict=False
            ):
                if position > before and price > before_price:
                    problems.add(
                        shown,
                        "land_prices.position-order",
                        row=line,
                        column=title("price").title,
                        value=price,
                        position=position,
                        price=number(price),
                        before=before,
                        before_price=number(before_price),
                        before_line=before_line,
                    )

    def check_below(
        self, holder: Unit, dataset: Dataset, below: Sequence[Unit], problems: Problems
    ) -> None:
        """Each row names one commune of the holder's tree, by its code or a name no other
        commune of the tree has."""
        communes: dict[str, list[Unit]] = {}
        start = dataset.metadata.get("valid_from")
        for unit in below:
            if unit.is_leaf and in_force_for(unit, start):
                for key in commune_keys(unit):
                    communes.setdefault(key, []).append(unit)
        table = dataset.tables["prices"]
        column = table.schema.field("commune").title
        unread = None
        # one row a place: (commune, road, segment, position, land type), however written
        places: dict[tuple, int] = {}
        for row, line in table.numbered():
            found = communes.get(fold(row["commune"]), [])
            if len(found) == 1:
                place = (
                    found[0].code,
                    _words(row["road"]),
                    _words(row["segment_from"] or ""),
                    _words(row["segment_to"] or ""),
                    row["position"],
                    row["land_code"],
                )
                first = places.setdefault(place, line)
                if first != line:
                    problems.add(
                        dataset.shown(table),
                        "land_prices.place-twice",
                        row=line,
                        column=table.schema.field("price").title,
                        value=row["price"],
                        line=first,
                    )
                continue
            if not found and unread is None:
                unread = unread_units(holder, below)
            if not found and unread:  # it may be one of them: told, but not stopped
                problems.add(
                    dataset.shown(table),
                    "land_prices.commune-unread",
                    row=line,
                    column=column,
                    value=row["commune"],
                    commune=row["commune"],
                    holder=holder.in_text,
                    folders=", ".join(unread),
                )
                continue
            problems.add(
                dataset.shown(table),
                "land_prices.commune-ambiguous" if found else "land_prices.commune-unknown",
                row=line,
                column=column,
                value=row["commune"],
                commune=row["commune"],
                holder=holder.in_text,
                count=len(found),
                codes=", ".join(u.code for u in found),
            )

    def held_part(self, unit: Unit, dataset: Dataset) -> Dataset | None:
        """A commune's rows (none for a unit with units below it, or with none in the frame, or
        for a frame of a time the unit did not exist)."""
        if not unit.is_leaf or not in_force_for(unit, dataset.metadata.get("valid_from")):
            return None
        keys = commune_keys(unit)
        table = dataset.tables["prices"]
        kept = [(row, line) for row, line in table.numbered() if fold(row["commune"]) in keys]
        if not kept:  # a frame of a time the unit did not exist (the 2025 reform)
            return None
        part = replace(
            table, rows=[row for row, _ in kept], line_numbers=[line for _, line in kept]
        )
        # A correction is the province's: its history (every commune's rows) stays on its pages.
        posting = dataset.posting and replace(dataset.posting, history="")
        return replace(
            dataset, tables={"prices": part}, versions=[], earlier_postings=[], posting=posting
        )

    def field_choices(self, table, field, unit):
        if field.name == "land_code":
            return list(LAND_TYPES)
        return super().field_choices(table, field, unit)

    def dataset_figures(self, dataset: Dataset):
        return _figures(dataset)

    def figure_cards(self, own: Summary, rollup: Summary | None) -> list[Figure]:
        newest = self.newest_figures(own, rollup)
        if newest is None:
            return []
        year, figures, note, link = newest.year, newest.figures, newest.note, newest.link
        if not figures.residential:
            label = f"Bảng giá đất {year}"
            return [Figure(label, figures.prices, unit="mức giá", note=note, link=link)]
        return [
            Figure(
                f"Giá đất ở cao nhất, bảng giá đất {year}",
                figures.top_residential,
                unit="đồng/m²",
                note=note,
                link=link,
            )
        ]

    def pages(self, unit: Unit, datasets: list[Dataset], summary: Summary) -> list[PageSpec]:
        pages = []
        for d in datasets:
            rows = d.tables["prices"].rows
            held_here = d.shown_folder.startswith(f"{unit.shown_folder}/")
            context = {
                "unit": unit,
                "dataset": d,
                "year": d.key[0],
                "figures": summary[d.key[0]],
                "land_types": LAND_TYPES,
                "by_type": by_land_type(rows),
                "held_here": held_here,
                "rows": [] if held_here else rows,  # the holder's page shows counts only
            }
            pages.append(
                PageSpec(
                    self.page_path(d), self.template("dataset.md.j2"), context, f"Năm {d.key[0]}"
                )
            )
        return pages

    def rollup_context(self, year: int, rollup: Rollup) -> dict:
        return {"folder": self.folder}


KIND = LandPricesKind


def in_force_for(unit: Unit, start) -> bool:
    """Whether a frame that starts on `start` can name the commune (the 2025 reform): a former
    commune only frames from before its end; a commune that took the name of one merged into it
    only those from its first day, so that «xã A» merged with xã B into a new «xã A» names one
    commune each time."""
    if start is None:
        return True
    if unit.former is not None and start >= unit.former.date:
        return False
    namesakes = [f.date for f in unit.replaces if f.in_text == unit.in_text]
    return not namesakes or start >= min(namesakes)


def _words(text: str) -> str:
    """A place's name compared without marks, case or punctuation, its numbers kept apart:
    «Hẻm 12/3» is not «Hẻm 123», «Đường 3/2» is not «Đường 32»."""
    return " ".join(_NOT_A_WORD.split(without_marks(text).lower())).strip()


_NOT_A_WORD = re.compile(r"[^0-9a-z]+")
