"""Entry point: write the whole sample country, unit by unit, into a data folder."""

from __future__ import annotations

import shutil
from importlib import import_module
from pathlib import Path

import yaml

from generator.kinds.registry import KIND_MODULES
from generator.model.units import UNIT_FILE
from generator.tools.sample.files import write_yaml
from generator.tools.sample.units import SampleOptions, SampleUnit, plan_country

SAMPLE_NOTE = "Dữ liệu mẫu: đơn vị hư cấu, mọi tên và số liệu đều do máy tạo ra để minh họa."
_SAMPLE_FILES = (UNIT_FILE, "thong-tin.yaml")  # plus *.csv: what a previous sample consists of
GUIDE = "README.md"  # the staff guide beside the sample country


def build_sample_country(
    out_dir: Path,
    *,
    seed: int = 2025,
    districts: int = 2,
    communes_per_district: int = 4,
    direct_communes: int = 1,
    households: tuple[int, int] = (200, 400),
    years: tuple[int, ...] = (2024, 2025),
    provinces: int = 1,
) -> list[Path]:
    """Write a synthetic country into `out_dir`; return the unit folders, parents first.

    `districts=0` gives provinces whose communes sit directly under them, as after the 2025
    reform; the districts all go to the first province, and the `direct_communes` are shared
    out among the provinces. The same arguments always give byte-identical files.
    """
    out_dir = Path(out_dir)
    years = tuple(sorted(set(years)))
    if not years:
        raise ValueError("at least one year is needed")
    if not 1 <= households[0] <= households[1]:
        raise ValueError("households must be a range (low, high) with 1 <= low <= high")
    _clear_previous_sample(out_dir)
    country = plan_country(seed, districts, communes_per_district, direct_communes, provinces)
    options = SampleOptions(seed, years, households)
    folders = []
    for province in country:
        folders += _write_province(province, out_dir, options)
    return folders


def sample_modules() -> list:
    """Each registered kind's part of the sample country (its sample.py), in registry order."""
    return [import_module(f"{module}.sample") for module in KIND_MODULES]


def _write_province(province: SampleUnit, out_dir: Path, options: SampleOptions) -> list[Path]:
    folders = []
    for unit in province.walk():
        folder = unit.folder(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        write_yaml(folder / UNIT_FILE, unit.as_yaml(), comment=SAMPLE_NOTE)
        folders.append(folder)
    for kind in sample_modules():
        kind.write_province(province, out_dir, options)
    for unit in province.walk():
        if unit.since or unit.until:
            _keep_years(unit, unit.folder(out_dir))
    return folders


def _keep_years(unit: SampleUnit, folder: Path) -> None:
    """Only the datasets of the years a unit existed (the 2025 reform): a dataset's folder is
    named from its year («2024», «2025-du-toan»)."""
    for kind in (p for p in folder.iterdir() if p.is_dir() and not (p / UNIT_FILE).exists()):
        for dataset in (p for p in kind.iterdir() if p.is_dir()):
            if dataset.name[:4].isdigit() and not unit.has_year(int(dataset.name[:4])):
                shutil.rmtree(dataset)
        if not any(kind.iterdir()):
            kind.rmdir()


def _clear_previous_sample(out_dir: Path) -> None:
    """Remove an earlier sample so no stale units remain; refuse to touch anything else. The
    staff guide at the top of the data folder (README.md) is hand-written and stays."""
    if not out_dir.exists():
        out_dir.mkdir(parents=True)
        return
    files = [p for p in out_dir.rglob("*") if not p.is_dir() and p != out_dir / GUIDE]
    for path in files:
        if path.is_symlink() or not (path.name in _SAMPLE_FILES or path.suffix == ".csv"):
            raise FileExistsError(f"{out_dir} holds files that are not sample data, e.g. {path}")
        if path.name == UNIT_FILE:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not (isinstance(data, dict) and data.get("sample") is True):
                raise FileExistsError(
                    f"{path} is not a sample unit; refusing to overwrite {out_dir}"
                )
    if files and not any(p.name == UNIT_FILE for p in files):
        raise FileExistsError(f"{out_dir} is not empty and holds no sample units")
    for child in sorted(out_dir.iterdir()):
        if child.is_dir():
            shutil.rmtree(child)
