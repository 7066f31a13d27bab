"""`make bench`: build synthetic countries and compare with the naive way (one `mkdocs build`
command per unit), in the same run on the same machine. Prints ratios, never asserts times.

    python -m generator.bench [--communes 100 1000] [--naive-sample 20] [-j 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generator.pipeline import BuildOptions, run
from generator.sample import build_sample_country

BENCH_DIR = Path(".bench")


def synth(out: Path, communes: int, seed: int = 2025) -> None:
    """A country of `communes` communes directly under one province, as after the 2025 reform."""
    build_sample_country(out, seed=seed, districts=0, communes_per_district=0, direct_communes=communes,
                         households=(200, 2000))


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def naive_seconds_per_unit(work: Path, codes: list[str]) -> float:
    """The same generated pages built the naive way: the mkdocs command once per unit."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    started = time.perf_counter()
    for code in codes:
        target = work / "naive" / code
        subprocess.run([str(mkdocs), "build", "--quiet", "--config-file", str(work / "units" / code / "mkdocs.yml"),
                        "--site-dir", str(target)], check=True, capture_output=True,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return (time.perf_counter() - started) / len(codes)


def bench_country(communes: int, jobs: int, naive_sample: int) -> dict:
    root = BENCH_DIR / f"country-{communes}"
    if root.exists():
        shutil.rmtree(root)
    data, site, work = root / "data", root / "site", root / "work"
    synth(data, communes)
    options = BuildOptions(data_root=data, output=site, work=work, jobs=jobs)
    started = time.perf_counter()
    result = run(options)
    full = time.perf_counter() - started
    if not result.ok:
        raise SystemExit(f"bench: the synthetic country did not build: {list(result.failed.items())[:3]}")
    units = len(result.built)
    pages = sum(1 for _ in site.rglob("index.html"))
    leaves = [u for u in result.tree if u.is_leaf]
    data_bytes = tree_bytes(data)
    site_bytes = tree_bytes(site)

    changed = leaves[len(leaves) // 2]
    listing = sorted((changed.folder / "ho-ngheo").glob("*/danh-sach.csv"))[-1]
    listing.write_text(listing.read_text(encoding="utf-8").replace("Nguyễn", "Nguyễn", 1) + "\n", encoding="utf-8")
    started = time.perf_counter()
    again = run(options)
    incremental = time.perf_counter() - started

    sample = [u.code for u in leaves[:naive_sample]]
    naive = naive_seconds_per_unit(work, sample)
    return {
        "communes": communes, "units": units, "seconds": full, "pages": pages,
        "units_per_second": units / full, "pages_per_second": pages / full,
        "kb_per_commune": (site_bytes - data_bytes) / 1024 / len(leaves),
        "incremental_seconds": incremental, "incremental_units": len(again.built),
        "naive_seconds_per_unit": naive, "speedup": naive / (full / units),
        "peak_rss_mb": peak_rss_mb(),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--communes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--naive-sample", type=int, default=20)
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    results = []
    for communes in args.communes:
        figures = bench_country(communes, args.jobs, args.naive_sample)
        results.append(figures)
        print(f"{communes} communes: {figures['units']} units in {figures['seconds']:.1f} s "
              f"({figures['units_per_second']:.2f} units/s, {figures['pages_per_second']:.1f} pages/s), "
              f"peak RSS {figures['peak_rss_mb']:.0f} MB, {figures['kb_per_commune']:.0f} KB/commune beyond data; "
              f"one-commune change: {figures['incremental_seconds']:.1f} s, {figures['incremental_units']} units rebuilt; "
              f"naive mkdocs per unit {figures['naive_seconds_per_unit']:.2f} s vs "
              f"{figures['seconds'] / figures['units']:.2f} s -> {figures['speedup']:.1f}x", flush=True)
    largest = results[-1]
    print(f"bench: speedup_vs_naive={largest['speedup']:.1f}x "
          f"incremental_share={100 * largest['incremental_seconds'] / largest['seconds']:.1f}% "
          f"peak_rss_mb={max(r['peak_rss_mb'] for r in results):.0f} "
          f"kb_per_commune={largest['kb_per_commune']:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
