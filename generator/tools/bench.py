"""`make bench`: build synthetic countries and compare with the naive way (the `mkdocs build`
command once per unit), in the same run on the same machine. Prints figures and ratios; never
asserts times (machines are shared and noisy).

    python -m generator.tools.bench [--communes 100 1000] [--naive-sample 20] [-j 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from generator.model.problems import Problems
from generator.pipeline.build import BuildOptions
from generator.pipeline.stage_times import STAGES
from generator.pipeline.tree import read_tree
from generator.pipeline.work import WorkFolder
from generator.publish.run import run
from generator.tools.cold_load import cold_load
from generator.tools.sample import build_sample_country
from generator.tools.sample.country import sample_modules
from generator.tools.sample.units import COMMUNES_PER_PROVINCE, MAX_PROVINCES

BENCH_DIR = Path(".bench")
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Builder:
    """What builds the country: this tree, or a baseline commit with its own Python."""

    name: str
    python: Path
    source: Path

    def command(self, *args: str) -> list[str]:
        # before the layout of generator/ had tools/
        module = (
            "generator.tools.bench"
            if (self.source / "generator" / "tools" / "bench.py").is_file()
            else "generator.bench"
        )
        return [str(self.python), "-m", module, *args]


def this_tree() -> Builder:
    return Builder("this tree", Path(sys.executable), REPO)


def baseline(ref: str) -> Builder:
    """A commit of this repository, built by its own code and its own locked dependencies."""
    sha = subprocess.run(
        ["git", "rev-parse", "--verify", f"{ref}^{{commit}}"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    root = (BENCH_DIR / f"baseline-{sha[:12]}").resolve()
    source, venv = root / "src", root / "venv"
    ready = venv / ".installed"
    if not ready.is_file():
        shutil.rmtree(root, ignore_errors=True)
        source.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", sha], cwd=REPO, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run(
            [*pip, "--require-hashes", "-r", str(source / "requirements" / "dev.lock")], check=True
        )
        subprocess.run([*pip, "--no-deps", "--no-build-isolation", "-e", str(source)], check=True)
        ready.touch()
    return Builder(f"baseline {sha[:7]}", venv / "bin" / "python", source)


def provinces_for(communes: int) -> int:
    """As in the country since July 2025, a province for about every 98 communes (3,321 in 34)."""
    return min(MAX_PROVINCES, max(1, round(communes / COMMUNES_PER_PROVINCE)))


def synth(out: Path, communes: int, seed: int = 2025, provinces: int | None = None) -> int:
    """A country of `communes` communes directly under their provinces, as after the 2025 reform
    (by default `provinces_for(communes)` of them). Returns the number of provinces."""
    provinces = provinces or provinces_for(communes)
    build_sample_country(
        out,
        seed=seed,
        districts=0,
        communes_per_district=0,
        direct_communes=communes,
        households=(200, 2000),
        provinces=provinces,
    )
    return provinces


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def commune_output(site: Path, leaves: list) -> dict[str, int]:
    """Where a commune's output bytes go, summed over `leaves`: the theme's frame around each
    page's article (header, search box, navigation, scripts), the article itself, the search
    index, and the CSV downloads."""
    parts = dict.fromkeys(("frame", "article", "search", "downloads"), 0)
    for unit in leaves:
        for path in (site / unit.url_path).rglob("*"):
            if path.name == "index.html":
                page = path.read_bytes()
                start, end = page.find(b"<article"), page.rfind(b"</article>")
                article = end + len(b"</article>") - start if 0 <= start < end else 0
                parts["article"] += article
                parts["frame"] += len(page) - article
            elif path.name == "search_index.json":
                parts["search"] += path.stat().st_size
            elif path.suffix == ".csv":
                parts["downloads"] += path.stat().st_size
    return parts


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    stack.extend(int(c) for c in children.read().split())
        except OSError:  # it ended meanwhile
            continue
    return found


def _proc_field(pid: int, file: str, name: str) -> int:
    """A size in bytes from /proc/PID/FILE (status or smaps_rollup), 0 if the process ended."""
    try:
        with open(f"/proc/{pid}/{file}", encoding="ascii") as lines:
            return next((int(line.split()[1]) * 1024 for line in lines if line.startswith(name)), 0)
    except OSError:
        return 0


class PeakMemory:
    """Samples the build's memory (this process and its workers together) while it runs: the
    resident size often, the proportional size (shared pages counted once) each second and
    whenever the resident size has grown by a few MB since it was last read. Reading smaps_rollup
    walks a process's page tables and holds its memory map's lock (2 ms a process here): read for
    every process 20 times a second, it cost a 17-second build 1.3 s of system time."""

    def __init__(self, interval: float = 0.05, proportional_every: int = 20, growth: int = 4 << 20):
        self.interval, self.proportional_every, self.growth = interval, proportional_every, growth
        self.peak = self.peak_proportional = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        samples, resident_when_read = 0, -self.growth
        while not self._done.is_set():
            processes = process_tree(os.getpid())
            resident = sum(_proc_field(p, "status", "VmRSS:") for p in processes)
            self.peak = max(self.peak, resident)
            if (
                samples % self.proportional_every == 0
                or resident >= resident_when_read + self.growth
            ):
                pss = sum(_proc_field(p, "smaps_rollup", "Pss:") for p in processes)
                self.peak_proportional = max(self.peak_proportional, pss)
                resident_when_read = resident
            samples += 1
            self._done.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()


def naive_seconds_per_unit(work: Path, codes: list[str]) -> float:
    """The same generated pages and configuration built the naive way: the mkdocs command once
    per unit, one after another."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    started = time.perf_counter()
    folder = WorkFolder(work)
    for code in codes:
        target = folder.naive_site(
            code
        ).resolve()  # mkdocs reads a relative one from the config file
        subprocess.run(
            [
                str(mkdocs),
                "build",
                "--quiet",
                "--config-file",
                str(folder.unit_folder(code) / "mkdocs.yml"),
                "--site-dir",
                str(target),
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    return (time.perf_counter() - started) / len(codes)


def timed_build(options: BuildOptions) -> dict:
    """The build, run here; its figures as JSON-ready values."""
    with PeakMemory() as memory:
        result = run(options)
    leaves_built = sum(result.tree.units[code].is_leaf for code in result.built)
    return {
        "ok": result.ok,
        "failed": [str(f) for f in list(result.failed.items())[:3]],
        "built": sorted(result.built),
        "peak_rss": memory.peak,
        "peak_pss": memory.peak_proportional,
        "leaf_ms": {
            stage: 1000 * seconds / max(1, leaves_built)
            for stage, seconds in result.leaf_times.items()
        },
    }


def build_in_fresh_process(builder: Builder, data: Path, site: Path, work: Path, jobs: int) -> dict:
    """A build as CI runs it, `congkhai build` in a new process: timed from outside (start-up and
    imports included), its memory sampled inside. Neither build inherits another's heap: a rebuild
    run after a full build in one process forked its workers from a process holding the full
    build's, twice its own peak."""
    started = time.perf_counter()
    done = subprocess.run(
        builder.command(
            "--build",
            str(data.resolve()),
            str(site.resolve()),
            str(work.resolve()),
            "-j",
            str(jobs),
        ),
        cwd=builder.source,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return {**json.loads(done.stdout.splitlines()[-1]), "seconds": time.perf_counter() - started}


def _figures(first: dict, again: dict, site: Path, data: Path, leaves: list) -> dict:
    """A builder's figures for one country: its full build and its rebuild after one change."""
    units = len(first["built"])
    return {
        "units": units,
        "seconds": first["seconds"],
        "pages": sum(1 for _ in site.rglob("index.html")),
        "kb_per_commune": (tree_bytes(site) - tree_bytes(data)) / 1024 / len(leaves),
        "commune_kb": {
            "data files": sum(tree_bytes(u.folder) for u in leaves) / 1024 / len(leaves),
            **{
                name: size / 1024 / len(leaves)
                for name, size in commune_output(site, leaves).items()
            },
        },
        "incremental_seconds": again["seconds"],
        "incremental_units": again["built"],
        "commune_cpu_ms": {stage: first["leaf_ms"].get(stage, 0.0) for stage in STAGES},
        "full_rss_mb": first["peak_rss"] / 2**20,
        "full_pss_mb": first["peak_pss"] / 2**20,
        "incremental_rss_mb": again["peak_rss"] / 2**20,
        "incremental_pss_mb": again["peak_pss"] / 2**20,
        "peak_rss_mb": max(first["peak_rss"], again["peak_rss"]) / 2**20,
        "home_cold": _cold(site, leaves[0].url_path),
    }


def _cold(site: Path, page: str) -> dict | None:
    """A commune's home page loaded cold on a slow phone (tools/cold_load.py); None without
    Chromium."""
    measured = cold_load(site, page)
    return None if measured is None else dataclasses.asdict(measured)


def bench_country(communes: int, jobs: int, naive_sample: int, builders: list[Builder]) -> dict:
    """Each builder builds the country its code makes from one seed (the same units, the kinds it
    knows), then rebuilds it after the same one-commune change."""
    root = BENCH_DIR / f"country-{communes}"
    if root.exists():
        shutil.rmtree(root)
    # Each builder makes its own country with its own code and the same seed: the same units,
    # with the kinds that code knows (a baseline from before a new kind refuses its folders). In
    # its own process: the builds measured below are then processes that did nothing else, as
    # `congkhai build` is.
    countries = [root / "data"] + [root / f"data-{n}" for n in range(1, len(builders))]
    started = time.perf_counter()
    synth_seconds = 0.0
    for builder, data in zip(builders, countries, strict=True):
        subprocess.run(
            [str(builder.python), "-m", "generator", "synth", "--communes", str(communes)]
            + ["--out", str(data.resolve())],
            cwd=builder.source,
            env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        synth_seconds = synth_seconds or time.perf_counter() - started
    # The builders' folders: this tree's are site/ and work/ (the naive builds use its pages).
    folders = [(root / "site", root / "work")] + [
        (root / f"site-{n}", root / f"work-{n}") for n in range(1, len(builders))
    ]
    firsts = []
    for builder, data, (site, work) in zip(builders, countries, folders, strict=True):
        first = build_in_fresh_process(builder, data, site, work, jobs)
        if not first["ok"]:
            raise SystemExit(
                f"bench: {builder.name} did not build the synthetic country: {first['failed']}"
            )
        firsts.append(first)
    trees = [read_tree(data, Problems()) for data in countries]
    leaves = [[u for u in tree if u.is_leaf] for tree in trees]
    # One commune's data changes as staff change it (a kind's sample.alter): the commune's pages
    # change, and so do the figures its province rolls up.
    changed = [found[len(found) // 2] for found in leaves]
    # Each builder rebuilds after each of two changes, in turn and then in the other order: the
    # first to rebuild after the others' full builds finds its files out of the disk cache. The
    # faster of its two rebuilds is its figure.
    agains: list[list[dict]] = [[] for _ in builders]
    for round_ in range(2):
        for commune in changed:  # the same change: the first kind that can make one (the budget)
            if not any(k.alter(commune.folder) for k in sample_modules() if hasattr(k, "alter")):
                raise SystemExit("bench: no kind's sample could change a commune's data")
        order = list(range(len(builders)))
        for index in order if round_ == 0 else order[::-1]:
            site, work = folders[index]
            agains[index].append(
                build_in_fresh_process(builders[index], countries[index], site, work, jobs)
            )
    results = []
    for builder, data, found, (site, _), first, runs in zip(
        builders, countries, leaves, folders, firsts, agains, strict=True
    ):
        again = min(runs, key=lambda run: run["seconds"])
        results.append({"builder": builder.name, **_figures(first, again, site, data, found)})
    step = max(1, len(leaves[0]) // naive_sample)
    sample = [u.code for u in leaves[0][::step][:naive_sample]]
    naive = naive_seconds_per_unit(folders[0][1], sample)
    for figures in results:
        figures["speedup"] = naive / (figures["seconds"] / figures["units"])
    return {
        "communes": communes,
        "provinces": len(trees[0].roots),
        "synth_seconds": synth_seconds,
        "naive_units": len(sample),
        "naive_seconds_per_unit": naive,
        "builders": results,
    }


def _describe(f: dict, naive: float, jobs: int) -> str:
    """A builder's lines for one country."""
    return (
        f"  full build: {f['units']} units, {f['pages']} pages in {f['seconds']:.1f} s = "
        f"{f['units'] / f['seconds']:.2f} units/s, {f['pages'] / f['seconds']:.1f} pages/s; "
        f"peak memory {f['full_rss_mb']:.0f} MB "
        f"({f['full_pss_mb']:.0f} MB counting shared pages once); "
        f"{f['kb_per_commune']:.0f} KB of output per commune beyond its data\n"
        f"  a commune on average, KB: "
        + ", ".join(f"{name} {kb:.0f}" for name, kb in f["commune_kb"].items())
        + " (pages = frame + article)\n"
        f"  one commune's data changed: rebuilt {len(f['incremental_units'])} units "
        f"({', '.join(f['incremental_units'])}) in {f['incremental_seconds']:.1f} s = "
        f"{100 * f['incremental_seconds'] / f['seconds']:.1f} % of the full build; "
        f"peak memory {f['incremental_rss_mb']:.0f} MB ({f['incremental_pss_mb']:.0f} MB)\n"
        + _cold_line(f.get("home_cold"))
        + f"  against the naive: {naive:.2f} s per unit vs {f['seconds'] / f['units']:.3f} s "
        f"-> {f['speedup']:.1f}x\n"
        f"  CPU time a commune, ms: "
        + ", ".join(f"{STAGES[stage]} {ms:.0f}" for stage, ms in f["commune_cpu_ms"].items())
        + f" = {sum(f['commune_cpu_ms'].values()):.0f}; 10x the naive would leave "
        f"{1000 * naive / 10 * jobs:.0f} for all of it on {jobs} workers"
    )


def _cold_line(cold: dict | None) -> str:
    if not cold:
        return "  a commune's home page, cold: not measured (no Chromium)\n"
    return (
        f"  a commune's home page, cold (Slow 4G, 4x CPU, gzip): {cold['transferred_kb']:.0f} KB "
        f"in {cold['requests']} requests, first contentful paint {cold['first_paint_ms']:.0f} ms\n"
    )


def side_by_side(now: dict, then: dict, name: str) -> str:
    """This tree's figures against the baseline's, each ratio now / then."""
    rows = [
        ("full build, s", then["seconds"], now["seconds"], 1),
        (
            "one commune changed: rebuild, s",
            then["incremental_seconds"],
            now["incremental_seconds"],
            1,
        ),
        ("speedup against the naive, x", then["speedup"], now["speedup"], 1),
        ("peak memory, MB", then["peak_rss_mb"], now["peak_rss_mb"], 0),
        ("output a commune beyond its data, KB", then["kb_per_commune"], now["kb_per_commune"], 0),
    ]
    if now.get("home_cold") and then.get("home_cold"):
        rows += [
            (
                "a commune's home page, cold: KB transferred (gzip)",
                then["home_cold"]["transferred_kb"],
                now["home_cold"]["transferred_kb"],
                0,
            ),
            (
                "  its first contentful paint, ms (Slow 4G, 4x CPU)",
                then["home_cold"]["first_paint_ms"],
                now["home_cold"]["first_paint_ms"],
                0,
            ),
        ]
    rows += [
        (
            f"CPU a commune, ms: {STAGES[stage]}",
            then["commune_cpu_ms"][stage],
            now["commune_cpu_ms"][stage],
            0,
        )
        for stage in STAGES
    ]
    rows.append(
        (
            "CPU a commune, ms: all of it",
            sum(then["commune_cpu_ms"].values()),
            sum(now["commune_cpu_ms"].values()),
            0,
        )
    )
    width = max(len(label) for label, *_ in rows)
    lines = [f"  {'':{width}}  {name:>16}  {'this tree':>10}  {'ratio':>6}"]
    for label, before, after, digits in rows:
        ratio = f"{after / before:.2f}" if before else "—"
        lines.append(
            f"  {label:{width}}  {before:>16.{digits}f}  {after:>10.{digits}f}  {ratio:>6}"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--communes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--naive-sample", type=int, default=20)
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--baseline", help="a commit to build side by side (its own code and locked dependencies)"
    )
    # a checkout, run with this Python
    parser.add_argument("--baseline-source", type=Path, help=argparse.SUPPRESS)
    # a country, in a fresh process, as JSON
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    # data site work: one build, as JSON
    parser.add_argument("--build", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        data, site, work = args.build
        print(
            json.dumps(
                timed_build(BuildOptions(data_root=data, output=site, work=work, jobs=args.jobs))
            )
        )
        return 0
    builders = [this_tree()]
    if args.baseline_source:
        builders.append(
            Builder(
                f"baseline {args.baseline_source.name}", Path(sys.executable), args.baseline_source
            )
        )
    elif args.baseline:
        builders.append(baseline(args.baseline))
    if args.one:
        print(json.dumps(bench_country(args.one, args.jobs, args.naive_sample, builders)))
        return 0
    compared = f"; side by side with {builders[1].name}" if len(builders) > 1 else ""
    print(
        f"bench: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{args.jobs} workers, "
        f"Python {platform.python_version()}{compared}",
        flush=True,
    )
    results = []
    for communes in args.communes:
        # Each country in a fresh process, so that no build is measured with what an earlier one
        # left.
        extra = (
            ["--baseline-source", str(builders[1].source)]
            if args.baseline_source
            else (["--baseline", args.baseline] if args.baseline else [])
        )
        one = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator.tools.bench",
                "--one",
                str(communes),
                "--naive-sample",
                str(args.naive_sample),
                "-j",
                str(args.jobs),
                *extra,
            ],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        country = json.loads(one.stdout.splitlines()[-1])
        results.append(country)
        naive = country["naive_seconds_per_unit"]
        provinces = f"{country['provinces']} province" + ("s" if country["provinces"] > 1 else "")
        print(
            f"{communes} communes in {provinces} "
            f"(data generated in {country['synth_seconds']:.0f} s); "
            f"naive (mkdocs build once per unit, {country['naive_units']} units): "
            f"{naive:.2f} s per unit",
            flush=True,
        )
        for figures in country["builders"]:
            print(f" {figures['builder']}:\n" + _describe(figures, naive, args.jobs), flush=True)
        if len(country["builders"]) > 1:
            print(
                side_by_side(
                    country["builders"][0],
                    country["builders"][1],
                    country["builders"][1]["builder"],
                ),
                flush=True,
            )
    largest = results[-1]["builders"][0]
    summary = (
        f"bench: speedup_vs_naive={largest['speedup']:.1f}x "
        f"incremental_share={100 * largest['incremental_seconds'] / largest['seconds']:.1f}% "
        f"peak_rss_mb={max(r['builders'][0]['peak_rss_mb'] for r in results):.0f} "
        f"kb_per_commune={largest['kb_per_commune']:.0f}"
    )
    if len(results[-1]["builders"]) > 1:
        then = results[-1]["builders"][1]
        cpu_ratio = sum(largest["commune_cpu_ms"].values()) / sum(then["commune_cpu_ms"].values())
        summary += (
            f" cpu_per_commune_vs_baseline={cpu_ratio:.2f}"
            f" speedup_vs_baseline_speedup={largest['speedup'] / then['speedup']:.2f}"
        )
    print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
