"""An independent reading of the sample's source files, with nothing from the generator,
so that tests compare the built pages against the data and not against the code under test."""

from __future__ import annotations

import csv
import unicodedata
from decimal import Decimal
from pathlib import Path

import yaml


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def vi_number(text: str) -> Decimal:
    text = text.strip()
    if (
        "," in text
        or text.count(".") > 1
        or (text.count(".") == 1 and len(text.split(".")[1]) == 3)
    ):
        text = text.replace(".", "").replace(",", ".")
    return Decimal(text)


def units(data: Path) -> list[tuple[Path, dict]]:
    return [
        (p.parent, yaml.safe_load(p.read_text(encoding="utf-8")))
        for p in sorted(data.rglob("unit.yaml"))
    ]


def leaf_units(data: Path) -> list[tuple[Path, dict]]:
    return [
        (folder, meta)
        for folder, meta in units(data)
        if not any(p != folder / "unit.yaml" for p in folder.rglob("unit.yaml"))
    ]


def datasets(unit_folder: Path, kind_folder: str) -> list[Path]:
    root = unit_folder / kind_folder
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def metadata(dataset_folder: Path) -> dict:
    return yaml.safe_load((dataset_folder / "thong-tin.yaml").read_text(encoding="utf-8"))


def budget_total(dataset_folder: Path, table: str) -> Decimal:
    return sum(
        (
            vi_number(r["Số tiền (đồng)"])
            for r in read_csv(dataset_folder / f"{table}.csv")
            if not r["Thuộc mục"].strip()
        ),
        Decimal(0),
    )


def cp1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it: base letters with circumflex, breve, horn precomposed,
    tones as combining marks."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        letter_marks = [m for m in marks if m in "\u0302\u0306\u031b"]
        tones = [m for m in marks if m not in letter_marks]
        out += unicodedata.normalize("NFC", base + "".join(letter_marks)).encode("cp1258")
        out += "".join(tones).encode("cp1258")
    return bytes(out)


def rows_below(tree, unit) -> list:
    """The units a rollup of `unit` has a row for: every unit below it but the former units (the
    2025 reform), whose figures are in the row of the unit that replaced them."""
    return [d for d in tree.descendants(unit) if not d.former]


def counted(tree, unit) -> list:
    """The units whose own files add up to `unit`'s row of a rollup: a commune's own with its
    former units' (the sample's years of the two never overlap), or every commune below (a
    dissolved district's own figures were never a commune's)."""
    if unit.is_leaf:
        return [unit, *(tree.units[c] for c in unit.formers)]
    return [
        d
        for d in tree.descendants(unit)
        if d.is_leaf and not (d.former and not tree.units[d.parent].is_leaf)
    ]
