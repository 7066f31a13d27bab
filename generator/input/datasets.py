"""Reading a dataset folder: its thong-tin.yaml (metadata) and a file for each table of its kind,
typed by the kind's schema. What the values mean is for the checks and the kind."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from generator.input.cells import ValueError_, convert
from generator.input.safe_yaml import YamlProblem, load_yaml
from generator.input.sources import UnitSources
from generator.input.tables import (
    TABLE_SUFFIXES,
    UNSUPPORTED_SUFFIXES,
    find_table_file,
    read_table,
)
from generator.model.datasets import METADATA_FILE
from generator.model.problems import Problems
from generator.model.schema import KindSchema
from generator.model.tables import Table
from generator.model.text import fold
from generator.model.units import is_staff_own

# Data must be real files inside data/: a link could make the build read (and publish) any file.
LINK = "symlink"


def dataset_folders(root: Path, shown_root: str, problems: Problems) -> list[Path]:
    """The dataset folders of one kind's folder in a unit, in name order (staff's own left out)."""
    if not root.is_dir():
        return []
    if root.is_symlink():
        problems.add(shown_root, LINK)
        return []
    folders = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not is_staff_own(p.name)):
        if folder.is_symlink():
            problems.add(f"{shown_root}/{folder.name}", LINK)
        else:
            folders.append(folder)
    return folders


def read_metadata(
    folder: Path, shown_folder: str, schema: KindSchema, sources: UnitSources, problems: Problems
) -> dict | None:
    """The dataset's metadata typed by the schema (a field that cannot be read is None and named
    in `problems`), or None when thong-tin.yaml is missing or not a mapping."""
    shown_meta = f"{shown_folder}/{METADATA_FILE}"
    meta_path = folder / METADATA_FILE
    if meta_path.is_symlink():
        problems.add(shown_meta, LINK)
        return None
    if not meta_path.is_file():
        problems.add(shown_meta, "metadata-missing")
        return None
    try:
        raw = load_yaml(meta_path, data=sources.data(meta_path))
    except YamlProblem as error:
        problems.add_raised(shown_meta, error)
        return None
    if not isinstance(raw, dict):
        problems.add(shown_meta, "metadata-not-mapping")
        return None
    metadata = {}
    for f in schema.metadata:
        try:
            metadata[f.name] = convert(f, raw.get(f.name))
        except ValueError_ as error:
            metadata[f.name] = None
            problems.add_raised(
                shown_meta,
                error,
                column=f"{f.name} ({f.title})",
                value=raw.get(f.name),
                place="mục",
            )
    known = {f.name for f in schema.metadata}
    for key in raw:
        if key not in known:
            problems.add(
                shown_meta,
                "metadata-key-unknown",
                column=str(key),
                allowed=", ".join(sorted(known)),
            )
    return metadata


def read_tables(
    folder: Path, shown_folder: str, schema: KindSchema, sources: UnitSources, problems: Problems
) -> dict[str, Table]:
    """Each table of the kind from its file in the folder (an optional table without a file is
    empty); a table whose file cannot be used is left out and named in `problems`."""
    tables = {}
    for name, table_schema in schema.tables.items():
        path, files = find_table_file(folder, table_schema.file)
        if path is None:
            if table_schema.required:
                problems.add(
                    f"{shown_folder}/{table_schema.file}.csv",
                    "table-missing",
                    table=table_schema.title,
                )
            tables[name] = Table(schema=table_schema, path=None)
            continue
        shown = f"{shown_folder}/{path.name}"
        if files:
            problems.add(
                shown,
                "table-two-files",
                count="hai" if len(files) == 2 else len(files),
                first=", ".join(files[:-1]),
                last=files[-1],
            )
            continue
        if path.is_symlink():
            problems.add(shown, LINK)
            continue
        tables[name] = read_table(path, table_schema, problems, shown, data=sources.data(path))
    _files_not_read(folder, shown_folder, schema, tables, problems)
    return tables


# What a browser, Windows or a copy adds to a name: «thu-xin-loi (1)», «chi - Copy», «chi_copy».
_COPY_SUFFIX = re.compile(r"(?:\s*\(\d+\)|\s*-?\s*(?:copy|bản sao|ban sao)(?:\s*\(\d+\))?)+$", re.I)
# Files the system or an editor leaves beside staff's: never theirs to name.
_SYSTEM_FILES = ("thumbs.db", "desktop.ini")


def _files_not_read(
    folder: Path, shown_folder: str, schema: KindSchema, tables: dict, problems: Problems
) -> None:
    """Name every file of a dataset folder that is not read: one whose name is near a table's or
    the metadata's (a «(1)» suffix, spaces for hyphens, another case, a typo) is an error, since
    its rows would be lost without a word; any other is a warning."""
    tabular = (*TABLE_SUFFIXES, *UNSUPPORTED_SUFFIXES)
    # the metadata and each table's files (two for one table are named by read_tables)
    used = {METADATA_FILE} | {
        f"{s.file}{suffix}" for s in schema.tables.values() for suffix in tabular
    }
    stems = {fold(s.file): s.file for s in schema.tables.values()}
    metadata_stem = METADATA_FILE.rsplit(".", 1)[0]
    stems[fold(metadata_stem)] = metadata_stem
    try:
        with os.scandir(folder) as listing:
            names = sorted(e.name for e in listing if e.is_file())
    except OSError:
        return
    for name in names:
        stem_part, dot, suffix = name.rpartition(".")
        stem_part, suffix = (stem_part, f".{suffix.lower()}") if dot else (name, "")
        if f"{stem_part}{suffix}" in used or is_staff_own(name) or name.startswith("~$"):
            continue
        if name.lower() in _SYSTEM_FILES:
            continue
        shown = f"{shown_folder}/{name}"
        meant = None
        # a near miss only where a table or the metadata could be: a scan (.pdf) is no table
        if suffix in tabular:
            stem = fold(_COPY_SUFFIX.sub("", stem_part))
            meant = stems.get(stem) or next(
                (stems[m] for m in difflib.get_close_matches(stem, stems, n=1, cutoff=0.8)), None
            )
        if meant == metadata_stem:
            problems.add(shown, "file-misnamed", meant=METADATA_FILE)
        elif meant is not None:
            problems.add(
                shown,
                "file-misnamed",
                meant=meant + (suffix if suffix in TABLE_SUFFIXES else ".csv"),
            )
        else:
            files = [METADATA_FILE, *(f"{s.file}.csv" for s in schema.tables.values())]
            problems.add(shown, "file-not-read", files=", ".join(files))


def source_digests(
    folder: Path, shown_folder: str, tables: dict[str, Table], sources: UnitSources
) -> dict[str, str]:
    """Shown path -> SHA-256 of the files a dataset was read from: its metadata, then its tables."""
    found = {f"{shown_folder}/{METADATA_FILE}": sources.sha256(folder / METADATA_FILE)}
    for table in tables.values():
        if table.path is not None:
            found[f"{shown_folder}/{table.path.name}"] = sources.sha256(table.path)
    return found
