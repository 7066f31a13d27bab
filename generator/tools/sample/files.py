"""Writing the sample's files as staff would keep them: CSV with Vietnamese headers, plain YAML.

CSV columns come from the kinds' schema.yaml, so headers and column order always match the
schema. YAML is laid out by hand: PyYAML's dumper cannot put village lists in flow style while
keeping `office` in block style, and a hand layout reads best for a person editing it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from generator.kinds.registry import find_kind
from generator.model import formatting

# Plain YAML scalars that would be read back as something other than a string.
_YAML_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"}
# a letter (or bracket) may start a plain scalar
_PLAIN_FIRST = re.compile(r"[^\W\d_]|\(", re.UNICODE)


@cache
def kind_schema(kind: str) -> dict:
    """A registered kind's schema.yaml, as written (the sample follows it column by column)."""
    return yaml.safe_load((find_kind(kind).dir / "schema.yaml").read_text(encoding="utf-8"))


def dataset_folder(unit_folder: Path, kind: str, name: str) -> Path:
    folder = unit_folder / kind_schema(kind)["folder"] / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# -- values ------------------------------------------------------------------------------------


def hectares(centi: int) -> str:
    """Areas are kept as whole hundredths of a hectare, so sums are exact; written '12,50'."""
    sign = "-" if centi < 0 else ""
    return f"{sign}{abs(centi) // 100},{abs(centi) % 100:02d}"


def decimal_comma(value: float, places: int = 2) -> str:
    return formatting.as_typed(Decimal(f"{value:.{places}f}"))


def yes_no(flag: bool) -> str:
    return "có" if flag else "không"


# -- CSV -----------------------------------------------------------------------------------------


def write_table(folder: Path, kind: str, table: str, rows: list[dict]) -> Path:
    """One table as `<file>.csv`: header = the titles of the fields it fills, in schema order."""
    spec = kind_schema(kind)["tables"][table]
    # optional columns no row fills are left out, as staff leave them out
    fields = [
        f
        for f in spec["fields"]
        if f.get("constraints", {}).get("required") or any(row.get(f["name"]) for row in rows)
    ]
    names = [f["name"] for f in fields]
    known = {f["name"] for f in spec["fields"]}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f["title"] for f in fields])
    for row in rows:
        unknown = set(row) - known
        assert not unknown, f"{kind}/{table}: no such field {unknown}"
        writer.writerow(["" if row.get(n) is None else row[n] for n in names])
    path = folder / f"{spec['file']}.csv"
    _write(path, buffer.getvalue())
    return path


# -- YAML ----------------------------------------------------------------------------------------


def scalar(value, flow: bool = False) -> str:
    """A YAML scalar, plain when that reads back as the same string, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _plain_ok(text, flow):
        return text
    return json.dumps(text, ensure_ascii=False)  # JSON strings are valid YAML double-quoted scalars


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or not _PLAIN_FIRST.match(text):
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\n" in text:
        return False
    if flow and any(ch in text for ch in ",[]{}"):
        return False
    return text.lower() not in _YAML_WORDS


def yaml_text(data: dict, indent: int = 0) -> str:
    """Block mapping; lists of small mappings in flow style, one item a line; lists of words
    one a line."""
    pad = " " * indent
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.append(yaml_text(value, indent + 2).rstrip("\n"))
        elif isinstance(value, list):
            if not value:
                lines.append(f"{pad}{key}: []")
                continue
            lines.append(f"{pad}{key}:")
            for item in value:
                if not isinstance(item, dict):  # a list of words, as owners
                    lines.append(f"{pad}  - {scalar(item)}")
                    continue
                pairs = ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in item.items())
                lines.append(f"{pad}  - {{{pairs}}}")
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"


def write_yaml(path: Path, data: dict, comment: str = "") -> Path:
    header = "".join(f"# {line}\n" for line in comment.splitlines())
    _write(path, header + yaml_text(data))
    return path


def _write(path: Path, text: str) -> None:
    # NFC, UTF-8 without BOM, \n line ends: byte-identical on every platform.
    path.write_bytes(unicodedata.normalize("NFC", text).encode("utf-8"))
