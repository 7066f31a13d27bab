"""Reading a dataset folder: its thong-tin.yaml (metadata) and a file for each table of its kind,
typed by the kind's schema. What the values mean is for the checks and the kind."""

from __future__ import annotations

from pathlib import Path

from generator.input.cells import ValueError_, convert
from generator.input.safe_yaml import YamlProblem, load_yaml
from generator.input.sources import UnitSources
from generator.input.tables import find_table_file, read_table
from generator.model.datasets import METADATA_FILE
from generator.model.problems import Problems
from generator.model.schema import KindSchema
from generator.model.tables import Table
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
    return tables


def source_digests(
    folder: Path, shown_folder: str, tables: dict[str, Table], sources: UnitSources
) -> dict[str, str]:
    """Shown path -> SHA-256 of the files a dataset was read from: its metadata, then its tables."""
    found = {f"{shown_folder}/{METADATA_FILE}": sources.sha256(folder / METADATA_FILE)}
    for table in tables.values():
        if table.path is not None:
            found[f"{shown_folder}/{table.path.name}"] = sources.sha256(table.path)
    return found
