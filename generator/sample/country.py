"""Entry point: write the whole sample country, unit by unit, into a data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.sample import budget, land, poverty, reform
from generator.sample.files import write_yaml
from generator.sample.units import plan_country

UNIT_FILE = "unit.yaml"
SAMPLE_NOTE = "Dữ liệu mẫu: đơn vị hư cấu, mọi tên và số liệu đều do máy tạo ra để minh họa."
_SAMPLE_FILES = (UNIT_FILE, "thong-tin.yaml")  # plus *.csv: what a previous sample consists of


def build_sample_country(out_dir: Path, *, seed: int = 2025, districts: int = 2, communes_per_district: int = 4,
                         direct_communes: int = 1, households: tuple[int, int] = (200, 400),
                         years: tuple[int, ...] = (2024, 2025), provinces: int = 1) -> list[Path]:
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
    folders = []
    for province in country:
        folders += _write_province(province, out_dir, seed, households, years)
    return folders


def _write_province(province, out_dir: Path, seed: int, households: tuple[int, int],
                    years: tuple[int, ...]) -> list[Path]:
    indices = reform.index_rows(province, years, seed)
    plans: dict[str, list[land.Plan]] = {}
    folders = []
    for unit in province.walk():
        folder = unit.folder(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        write_yaml(folder / UNIT_FILE, unit.as_yaml(), comment=SAMPLE_NOTE)
        budget.write(unit, folder, years, seed)
        reform.write(unit, folder, years, seed, indices.get(unit.code))
        if unit.level == "commune":
            poverty.write(unit, folder, years, seed, households)
            plans[unit.code] = land.commune_plans(unit, years, seed)
            land.write(unit, folder, years, plans[unit.code], seed)
        folders.append(folder)
    # Districts add up their communes' land plans, so they are written once those exist.
    for unit in province.walk():
        if unit.level == "district" and unit.children:
            land.write(unit, unit.folder(out_dir), years, land.district_plans(unit, plans, seed), seed)
    return folders


def _clear_previous_sample(out_dir: Path) -> None:
    """Remove an earlier sample so no stale units remain; refuse to touch anything else."""
    if not out_dir.exists():
        out_dir.mkdir(parents=True)
        return
    files = [p for p in out_dir.rglob("*") if not p.is_dir()]
    for path in files:
        if path.is_symlink() or not (path.name in _SAMPLE_FILES or path.suffix == ".csv"):
            raise FileExistsError(f"{out_dir} holds files that are not sample data, e.g. {path}")
        if path.name == UNIT_FILE:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not (isinstance(data, dict) and data.get("sample") is True):
                raise FileExistsError(f"{path} is not a sample unit; refusing to overwrite {out_dir}")
    if files and not any(p.name == UNIT_FILE for p in files):
        raise FileExistsError(f"{out_dir} is not empty and holds no sample units")
    for child in sorted(out_dir.iterdir()):
        shutil.rmtree(child)
