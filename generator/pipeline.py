"""The build, in named stages:

1. discover  - find units and read their unit.yaml files;
2. survey    - load and check every dataset of every unit, keep small summaries;
3. aggregate - roll summaries up the tree for district and province pages (one at a time);
4. render    - write each unit's Markdown pages and MkDocs config (in worker processes);
5. site      - build each unit's site with MkDocs into its staging folder (same workers);
6. assemble  - put the staged sites and the shared theme files together into the output tree.

A unit whose data has errors is not rendered; whatever was staged for it before stays.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import shutil
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import yaml
from jinja2 import FileSystemBytecodeCache

from generator import links
from generator.assembly import assemble, copied_files, link_or_copy, staged_site
from generator.atomic import copy_dir, recover, replace_dir
from generator.build_cache import (FactsCache, ParsedYaml, generator_fingerprint, guides_digest, site_key,
                                    tree_context, unit_context)
from generator.datasets import PageSpec
from generator.kinds import all_kinds
from generator.manifest import stage_sums
from generator.problems import Problems
from generator.rendering import FRAGMENTS_FILE, FragmentCollector, environment
from generator.shards import record_shard, shard_leaves, shard_units
from generator.stage_times import StageTimes
from generator.work_lock import exclusive
from generator.site_config import PORTAL_NAME, unit_config, write_config
from generator.site_pages import UnitFacts, contacts_page, guides_nav, guides_page, home_page, tree_page
from generator.unit_index import child_folders, published_units, remembered_from
from generator.units import Tree, Unit, discover, remembered_units

ROOT_KEY = "_root"
UNITS_MEMORY = "units.json"  # identities of the last good units, for units whose unit.yaml breaks
UNIT_FILES_CACHE = "unit-files.pickle"  # parsed unit.yaml files, reused while unchanged
THEME_FILES_CACHE = "theme-files.json"  # the theme's static files, listed again when it changes
DEFAULT_EPOCH = 1_672_531_200  # 01/01/2023, for a site with no dated data


@dataclass
class BuildOptions:
    data_root: Path
    output: Path
    work: Path
    jobs: int = os.cpu_count() or 1
    only: str | None = None  # a unit code: build only that unit ...
    with_subtree: bool = False  # ... or that unit and every unit under it
    shard: tuple[int, int] | None = None  # (k, n): only the k-th of n shares of the leaves
    site_url: str = ""  # where the tree is served, e.g. https://owner.github.io/repo/ (optional)


@dataclass
class BuildResult:
    tree: Tree
    problems: Problems
    built: list[str] = field(default_factory=list)
    failed: dict[str, list] = field(default_factory=dict)  # unit code -> its problems
    kept: list[str] = field(default_factory=list)  # failed units whose earlier site stays
    unchanged: list[str] = field(default_factory=list)  # units whose inputs did not change: not rebuilt
    removed: list[tuple[str, str, str]] = field(default_factory=list)  # (code, name, folder): published, now gone
    leaf_times: StageTimes = field(default_factory=StageTimes)  # CPU time by stage, over the leaves built

    @property
    def ok(self) -> bool:
        return not self.failed and not self.problems.errors


# -- stage 2: survey --------------------------------------------------------------------------

def survey_unit(unit: Unit) -> tuple[UnitFacts, Problems, dict]:
    """Load and check every dataset of a unit: (facts, problems, loaded datasets by kind)."""
    problems = Problems()
    facts = UnitFacts(code=unit.code)
    loaded = {}
    for kind in all_kinds():
        datasets = loaded[kind.name] = kind.load(unit, problems)
        facts.summaries[kind.name] = kind.summarize(unit, datasets)
        facts.disclosures.extend(kind.disclosures(datasets))
    posted = [d.posted for d in facts.disclosures]
    facts.newest_posted = max(posted) if posted else None
    return facts, problems, loaded


# -- stage 3: aggregate -----------------------------------------------------------------------

class SurveyedFacts:
    """Every surveyed unit's facts, held by the main process from the first pass to the second,
    each as the bytes a worker pickled it to: about 2 KB a commune, against 28 KB as objects (a
    dict of Decimals for each budget stage, each year's reform figures), which made the main
    process grow with the country. Unpacked one parent's descendants at a time."""

    @staticmethod
    def pack(facts: UnitFacts) -> bytes:
        """In the worker: what travels to the main process and is kept there."""
        return pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)

    def __init__(self):
        self._packed: dict[str, bytes] = {}
        self.newest_posted: dt.date | None = None  # the newest disclosure of all

    def add(self, code: str, packed: bytes, newest_posted: dt.date | None) -> None:
        self._packed[code] = packed
        if newest_posted and (self.newest_posted is None or newest_posted > self.newest_posted):
            self.newest_posted = newest_posted

    def __contains__(self, code: str) -> bool:
        return code in self._packed

    def get(self, code: str) -> UnitFacts | None:
        packed = self._packed.get(code)
        return None if packed is None else pickle.loads(packed)


def rollups_for(tree: Tree, facts: SurveyedFacts, unit: Unit) -> dict[tuple[str, str], dict]:
    """A unit's rollups, one per kind: a row for every unit below it (a leaf's own figures, any
    other unit's its leaves' combined) and the total of its leaves."""
    below = tree.descendants(unit)
    own = {d.code: facts.get(d.code).summaries for d in below if d.is_leaf and d.code in facts}

    def combined(of: Unit, kind) -> dict:
        if of.is_leaf:
            return own.get(of.code, {}).get(kind.name, {})
        leaves = below if of is unit else tree.descendants(of)
        return kind.combine([own[d.code].get(kind.name, {}) for d in leaves if d.code in own])

    rollups = {}
    for kind in all_kinds():
        rows = [{"title": d.title, "url": links.to_unit("index.md", unit, d),
                 "depth": d.depth - unit.depth, "is_leaf": d.is_leaf, "summary": combined(d, kind)}
                for d in below]
        rollups[(unit.code, kind.name)] = {"rows": rows, "total": combined(unit, kind)}
    return rollups


# -- stages 4 and 5: render and site, in workers ------------------------------------------------
#
# Two passes over a pool of workers. The first surveys every unit and, for a leaf (a commune),
# goes straight on to render and build its site with the datasets it has just loaded: a leaf's
# pages show nothing of other units' figures. The second builds the units that roll up their
# descendants, and the tree's top page, once every leaf's figures are known.

_shared: dict = {}


def _init_worker(state: dict) -> None:
    from generator.mkdocs_build import quiet_mkdocs, use_bytecode_cache

    quiet_mkdocs()
    _shared.clear()
    _shared.update(state)
    # Compiled templates (ours and the theme's) kept in the work folder: a worker that builds
    # one or two units, as after a one-commune change, does not compile them all again.
    compiled = state["work"] / "templates"
    compiled.mkdir(parents=True, exist_ok=True)
    bytecode = FileSystemBytecodeCache(str(compiled))
    environment(_kind_dirs()).bytecode_cache = bytecode
    use_bytecode_cache(bytecode)


def _init_pool_worker(state: dict, parent: int) -> None:
    _init_worker(state)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker of a build killed outright (kill -9, the OOM killer) would wait for jobs forever,
    idle but holding its memory: it holds an end of the job queue's pipe itself, so never sees it
    close."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _kind_dirs() -> tuple:
    return tuple((k.name, k.dir) for k in all_kinds())


def render_pages(folder: Path, pages: list[PageSpec]) -> None:
    env = environment(_kind_dirs())
    fragments, made = FragmentCollector(), {folder}
    for page in pages:
        target = folder / page.path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        text = env.get_template(page.template).render(
            **page.context, root=links.to_site_root(page.path), to_unit=links.to_unit,
            fragment=fragments.for_page(page.path))
        front = yaml.safe_dump(page.front_matter(), allow_unicode=True, sort_keys=False)
        target.write_text(f"---\n{front}---\n{text}", encoding="utf-8")
        for path, content in page.files.items():
            (folder / path).write_bytes(content)
    fragments.write(folder.parent / FRAGMENTS_FILE)


def unit_pages(unit: Unit, facts: UnitFacts, rollups: dict, loaded: dict | None = None) -> tuple[list[PageSpec], list]:
    tree = _shared["tree"]
    problems = Problems()
    pages, nav, sections, figures = [], [], [], []
    for kind in all_kinds():
        datasets = loaded[kind.name] if loaded else kind.load(unit, problems)
        rollup = rollups.get((unit.code, kind.name))
        kind_pages = kind.pages(unit, datasets, rollup)
        if kind_pages:
            pages.extend(kind_pages)
            sections.append((kind.title, kind_pages[0].path))
            # Only each kind's index page: a nav of every dataset would be repeated on every page.
            nav.append({kind.title: kind_pages[0].path})
        figures.extend(kind.key_figures(facts.summaries.get(kind.name), rollup and rollup["total"]))
    if problems.errors:  # the survey passed, so the data changed under us
        raise RuntimeError(f"dữ liệu của {unit.in_text} thay đổi trong khi đang xây dựng")
    home = home_page(unit, tree, figures, facts.disclosures, sections)
    contacts = contacts_page(unit)
    return [home, contacts, *pages], [{home.nav_title: home.path}, *nav, {contacts.nav_title: contacts.path}]


def _build_site(code: str, unit: Unit | None, pages: list, nav: list, newest,
                times: StageTimes | None = None) -> str | None:
    """Render one site's pages and build it into its stage. Returns an error, or None."""
    from generator.mkdocs_build import build_site

    tree, work = _shared["tree"], _shared["work"]
    folder = work / "units" / code
    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    if unit is None:
        name, depth, sample = PORTAL_NAME, 0, any(u.sample for u in tree)
    else:
        name, depth, sample = unit.title, unit.depth, unit.sample
    times = StageTimes() if times is None else times
    with times.timing("pages"):
        render_pages(docs, pages)
    nav.append({"Hướng dẫn": guides_nav(docs if unit is None else None, depth)})
    stage = work / "stage" / code
    fresh = stage.with_name(code + ".new")
    # Left by a build killed before its swap, with the checksums of files that may be gone (MkDocs
    # cleans a site folder but keeps its hidden files).
    shutil.rmtree(fresh, ignore_errors=True)
    site_url = _shared.get("site_url") and _shared["site_url"] + (unit.url_path if unit else "")
    config = write_config(folder, unit_config(name, fresh, nav, depth, sample, unit and unit.code, site_url))
    epoch = int(dt.datetime.combine(newest, dt.time(), dt.timezone.utc).timestamp()) if newest else DEFAULT_EPOCH
    try:
        with times.timing("mkdocs"):
            build_site(config, depth, epoch)
    except BaseException as error:  # MkDocs raises SystemExit-like Abort on warnings in strict mode
        shutil.rmtree(fresh, ignore_errors=True)
        return f"MkDocs không xây dựng được trang: {error}"
    with times.timing("staging"):
        stage_sums(fresh)
        replace_dir(fresh, stage)  # the unit's staged site is whole: old or new, never half
    return None


def stage_is_current(work: Path, code: str, key: str) -> bool:
    stage = work / "stage" / code
    stored = stage.with_name(code + ".key")
    return stage.is_dir() and stored.is_file() and stored.read_text() == key


def _store_key(code: str, key: str) -> None:
    (_shared["work"] / "stage" / f"{code}.key").write_text(key)


def _leaf_facts(facts: UnitFacts) -> UnitFacts:
    """What of a leaf's facts the second pass needs: its figures, not its list of disclosures
    (half of what would travel to the main process and stay there; a leaf's pages are built)."""
    return replace(facts, disclosures=[])


def _store_published_facts(code: str, packed: bytes) -> None:
    """Beside a leaf's staged site, the figures it was built from: while the leaf's data has
    errors its published pages stay, and its district and province keep rolling up these."""
    (_shared["work"] / "stage" / f"{code}.facts").write_bytes(packed)


def published_facts(work: Path, code: str) -> tuple[bytes, dt.date | None] | None:
    """A failed leaf's figures as published (see _store_published_facts): its packed facts and
    newest disclosure date, or None when it has no staged site or no figures beside it."""
    stored = work / "stage" / f"{code}.facts"
    if not (work / "stage" / code).is_dir() or not stored.is_file():
        return None
    packed = stored.read_bytes()
    try:
        return packed, pickle.loads(packed).newest_posted
    except Exception:  # noqa: BLE001 - damaged: the leaf is then shown without figures
        return None


@dataclass
class UnitOutcome:
    code: str
    own: str = ""
    facts: UnitFacts | None = None  # in a worker; what reaches the main process is `packed`
    packed: bytes = b""  # SurveyedFacts.pack(facts)
    newest_posted: dt.date | None = None
    problems: Problems = field(default_factory=Problems)
    status: str = "surveyed"  # surveyed | built | unchanged | failed
    error: str | None = None
    times: StageTimes = field(default_factory=StageTimes)


def survey_and_build_leaf(job: tuple[str, bool]) -> UnitOutcome:
    """Pass 1: survey a unit (from the cache when its files are unchanged); for a leaf that is
    wanted, also build its site unless the staged one is current."""
    outcome = _survey_and_build_leaf(job)
    if outcome.facts is not None:
        facts = outcome.facts
        if _shared["tree"].units[outcome.code].is_leaf:
            facts = _leaf_facts(facts)
        outcome.packed = outcome.packed or SurveyedFacts.pack(facts)
        outcome.newest_posted, outcome.facts = facts.newest_posted, None
    return outcome


def _survey_and_build_leaf(job: tuple[str, bool]) -> UnitOutcome:
    code, wanted = job
    tree, facts_cache, fingerprint = _shared["tree"], _shared["facts_cache"], _shared["fingerprint"]
    unit = tree.units[code]
    outcome = UnitOutcome(code, own=facts_cache.own_digest(unit))
    cached, loaded = facts_cache.get(unit, outcome.own), None
    if cached is None:
        with outcome.times.timing("survey"):
            facts, problems, loaded = survey_unit(unit)
        cached = facts, problems
        facts_cache.put(unit, outcome.own, cached)
    outcome.facts, outcome.problems = cached
    if outcome.problems.errors:
        outcome.status, outcome.facts = "failed", None
        return outcome
    if not (wanted and unit.is_leaf):
        return outcome
    key = site_key(fingerprint, outcome.own, unit_context(tree, unit, {}))
    outcome.packed = SurveyedFacts.pack(_leaf_facts(outcome.facts))
    if stage_is_current(_shared["work"], code, key):
        outcome.status = "unchanged"
        if not (_shared["work"] / "stage" / f"{code}.facts").is_file():  # staged by an older version
            _store_published_facts(code, outcome.packed)
        return outcome
    try:
        with outcome.times.timing("pages"):
            pages, nav = unit_pages(unit, outcome.facts, {}, loaded)
        outcome.error = _build_site(code, unit, pages, nav, outcome.facts.newest_posted, outcome.times)
    except Exception as error:  # noqa: BLE001 - reported per unit, never stops the other units
        outcome.error = f"{type(error).__name__}: {error}"
    if outcome.error:
        outcome.status = "failed"
    else:
        outcome.status = "built"
        _store_published_facts(code, outcome.packed)
        _store_key(code, key)
    return outcome


def parent_job(tree: Tree, facts: SurveyedFacts, code: str, key: str) -> tuple:
    """What build_parent needs of a unit (ROOT_KEY: the tree's top page)."""
    if code == ROOT_KEY:
        return code, key, None, {}, facts.newest_posted
    own = facts.get(code)
    return code, key, own, rollups_for(tree, facts, tree.units[code]), own.newest_posted


def build_parent(job: tuple) -> tuple[str, str | None]:
    """Pass 2: a unit that rolls up its descendants (ROOT_KEY: the tree's top page). A job
    carries the unit's own facts and rollups, so no worker holds the whole country's."""
    code, key, facts, rollups, newest = job
    tree = _shared["tree"]
    unit = tree.units.get(code)
    try:
        if unit is None:
            pages, nav = [tree_page(tree), guides_page()], [{"Danh sách đơn vị": "index.md"}]
        else:
            pages, nav = unit_pages(unit, facts, rollups)
        error = _build_site(code, unit, pages, nav, newest)
    except Exception as failure:  # noqa: BLE001
        error = f"{type(failure).__name__}: {failure}"
    if not error:
        _store_key(code, key)
    return code, error


class _Workers:
    """A map over worker processes (in this process, with one worker), for both passes. The
    workers are forked once, at the first pass's start, before every unit's survey results pile
    up here: they never carry a copy of them, and the second pass starts no new processes."""

    def __init__(self, state: dict, workers: int):
        self.state, self.workers = state, workers
        self.pool = None
        if workers <= 1:
            _init_worker(state)
        else:
            self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_pool_worker,
                                            initargs=(state, os.getpid()))

    def __call__(self, function, jobs: list):
        if self.pool is None:
            return map(function, jobs)
        # Small chunks: units differ tenfold in size, and a large last chunk would leave a worker idle.
        return self.pool.map(function, jobs, chunksize=max(1, min(4, len(jobs) // (self.workers * 8))))

    def few_ahead(self, function, jobs: Iterable):
        """Results in the jobs' order, as calling does, but with jobs taken from `jobs` only a
        few ahead of the results: a second-pass job carries a parent's rollups, and all of them
        made at once would hold every commune's figures as objects again."""
        if self.pool is None:
            yield from map(function, jobs)
            return
        running = deque()
        for job in jobs:
            running.append(self.pool.submit(function, job))
            if len(running) > 2 * self.workers:
                yield running.popleft().result()
        while running:
            yield running.popleft().result()

    def here_from_now(self) -> None:
        """Later jobs run in this process. For a second pass of a unit or two (a province and the
        top page): idle workers would otherwise hold their memory while one of them builds the
        province, whose rollups have a row for every commune."""
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
            _init_worker(self.state)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown()


# -- stage 6: assemble ----------------------------------------------------------------------------

def _roll_up_as_published(tree: Tree, facts: SurveyedFacts, work: Path, code: str) -> None:
    """A failed leaf counts in its district's and province's figures as it is published (not
    when its pages were built for the level it has left: keep_published drops them)."""
    from generator.mkdocs_build import built_for_depth

    unit = tree.units[code]
    kept = published_facts(work, code) if unit.is_leaf and built_for_depth(work / "stage" / code, unit.depth) else None
    if kept:
        facts.add(code, *kept)


def keep_published(tree: Tree, unit: Unit, work: Path, output: Path,
                   paths: dict[str, str]) -> tuple[bool, str | None]:
    """A failed unit with nothing staged (say, `build/` was cleaned) keeps what is published:
    its own files in the output tree, without its children's folders, become its stage (placed
    at its address now). Returns whether it keeps pages, and why not when it has some it cannot."""
    from generator.mkdocs_build import built_for_depth

    stage = work / "stage" / unit.code
    if stage.is_dir():
        if built_for_depth(stage, unit.depth):
            return True, None
        shutil.rmtree(stage)  # built for the level it has left: placed at its new one, its links would be wrong
        return False, _moved_level()
    # Its pages are where the published list of units (`paths`) says, even if it has been renamed
    # or moved since; else (a list older than the unit's address) at its address now, unless that
    # is another unit's.
    others = {path for code, path in paths.items() if code != unit.code}
    for at in dict.fromkeys(filter(None, (paths.get(unit.code), unit.url_path))):
        published = output / at
        if at in others or not (published / "index.html").is_file():
            continue
        if not built_for_depth(published, unit.depth):  # its links to the theme and other units are relative
            return False, _moved_level(at)
        children = child_folders(paths, at) | {tree.units[c].slug for c in unit.children}
        copy_dir(published, stage, ignore=lambda folder, names: [  # whole or not at all, if the build is killed
            n for n in names if Path(folder) == published and n in children])
        return True, None
    return False, None


def _moved_level(at: str = "") -> str:
    return (f"trang đã đăng{f' ở {at}' if at else ''} không giữ được vì đơn vị đã chuyển sang cấp khác; hãy sửa "
            "lỗi ở trên để trang được xây dựng lại ở địa chỉ mới")


def placements(tree: Tree, work: Path, shared_theme: list) -> dict:
    """What the output tree holds: each unit's staged site at its place, the theme files once."""
    from generator.mkdocs_build import THEME_FOLDER

    held = {}
    for code, at in [(ROOT_KEY, "")] + [(u.code, u.url_path.rstrip("/")) for u in tree]:
        stage = work / "stage" / code
        if stage.is_dir():
            held[code] = staged_site(stage, at)
    held[THEME_FOLDER] = copied_files(shared_theme, THEME_FOLDER)
    return held


# -- the whole build ------------------------------------------------------------------------------

def _chosen_units(tree: Tree, options: BuildOptions, sound: list[Unit]) -> set[str]:
    if options.shard:
        return shard_leaves([u for u in sound if u.is_leaf], *options.shard)
    if options.only:
        return {u.code for u in (tree.subtree(options.only) if options.with_subtree else [tree.units[options.only]])}
    return {u.code for u in tree}


def _discover(options: BuildOptions, problems: Problems, known: dict, fingerprint: str) -> Tree:
    """Stage 1 through the cache of parsed unit.yaml files, which is let go once saved: the
    workers, forked later, would otherwise each inherit a parsed copy of every unit.yaml."""
    unit_files = ParsedYaml(options.work / UNIT_FILES_CACHE, fingerprint)
    tree = discover(options.data_root, problems, known, unit_files.load)
    unit_files.save()
    return tree


def forget_removed_units(work: Path, tree: Tree) -> None:
    """Drop what the work folder keeps for units no longer in the data (a commune removed, or
    given another code): a new unit given a freed code must never be published with the old
    unit's pages or count its figures."""
    for folder in (work / "stage", work / "facts", work / "units"):
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            code = entry.name.split(".", 1)[0]
            if code in tree.units or code == ROOT_KEY:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def run(options: BuildOptions, progress=None, on_total=None) -> BuildResult:
    """The whole build. With `options.shard`, only that shard's leaves are surveyed and built into
    the work folder; `merge` brings shards' work folders together and finishes the tree."""
    with exclusive(options.work):
        return _run(options, progress, on_total)


def _run(options: BuildOptions, progress, on_total) -> BuildResult:
    recover(options.output)
    problems = Problems()
    listed = published_units(options.output)
    memory_file = options.work / UNITS_MEMORY
    # Without the work folder's memory (a runner without build/), the published list says who the
    # published units were: a unit whose unit.yaml no longer reads keeps its pages there too.
    known = json.loads(memory_file.read_text(encoding="utf-8")) if memory_file.is_file() else remembered_from(listed)
    fingerprint = generator_fingerprint()
    tree = _discover(options, problems, known, fingerprint)
    forget_removed_units(options.work, tree)
    result = BuildResult(tree=tree, problems=problems)
    sound = []
    for unit in tree:
        if unit.broken:
            result.failed[unit.code] = unit.broken
        else:
            sound.append(unit)
    chosen = _chosen_units(tree, options, sound)
    surveyed = [u for u in sound if u.code in chosen] if options.shard else sound
    parents = [u for u in sound if not u.is_leaf and u.code in chosen and not options.shard]
    with_top = not (options.only or options.shard)
    if on_total:
        on_total(sum(u.is_leaf for u in surveyed) + len(parents) + with_top)
    work = options.work.resolve()
    # A site is built for a place: served elsewhere, every site is built again (its links).
    sites = f"{fingerprint}|{options.site_url}" if options.site_url else fingerprint
    state = {"tree": tree, "work": work, "fingerprint": sites, "site_url": options.site_url,
             "facts_cache": FactsCache(work / "facts", fingerprint)}
    from generator.mkdocs_build import theme_files
    shared_theme = theme_files(work / THEME_FILES_CACHE, fingerprint)  # before the workers are forked

    with _Workers(state, options.jobs) as in_workers:
        # Pass 1: every unit surveyed, every wanted leaf built.
        facts = SurveyedFacts()
        own_digests: dict[str, str] = {}
        jobs = [(u.code, u.code in chosen) for u in surveyed]
        for outcome in in_workers(survey_and_build_leaf, jobs):
            code = outcome.code
            problems.extend(outcome.problems)
            own_digests[code] = outcome.own
            if outcome.status == "failed":
                result.failed[code] = outcome.problems.errors or [outcome.error]
                _roll_up_as_published(tree, facts, work, code)
            else:
                facts.add(code, outcome.packed, outcome.newest_posted)
            if outcome.status == "built":
                result.built.append(code)
                result.leaf_times.add(outcome.times)
            elif outcome.status == "unchanged":
                result.unchanged.append(code)
            if progress and tree.units[code].is_leaf:
                progress()
        if options.shard:
            record_shard(work, *options.shard, (u.code for u in surveyed))
            return result
        for code in result.failed:  # units whose unit.yaml did not read were not surveyed
            if code in tree.units and code not in facts:
                _roll_up_as_published(tree, facts, work, code)

        # Pass 2: the units that roll up their descendants, and the tree's top page.
        if len(parents) + with_top <= in_workers.workers:
            # Let the workers' heaps go before rolling up: at 3,321 communes, workers idle while
            # the rollups were made were the build's largest moment (355 MB, 334 in pass 1).
            in_workers.here_from_now()
        # Each parent's rollups are made for its key, let go, and made again for its job.
        keys = {u.code: site_key(sites, own_digests[u.code], unit_context(tree, u, rollups_for(tree, facts, u)))
                for u in parents if u.code in facts}
        if progress:  # a parent whose own data failed its survey is done: it keeps its pages
            for _ in range(sum(u.code not in facts for u in parents)):
                progress()
        newest_overall = facts.newest_posted
        if with_top:
            keys[ROOT_KEY] = site_key(sites, guides_digest(), tree_context(tree, newest_overall))
        wanted = []
        for code, key in keys.items():
            if stage_is_current(work, code, key):
                result.unchanged.append(code)
                if progress:
                    progress()
            else:
                wanted.append((code, key))
        if len(wanted) <= in_workers.workers:
            in_workers.here_from_now()
        jobs = (parent_job(tree, facts, code, key) for code, key in wanted)
        for code, error in in_workers.few_ahead(build_parent, jobs):
            if error:
                result.failed[code] = [error]
            elif code != ROOT_KEY:
                result.built.append(code)
            if progress:
                progress()

    paths = {code: unit.path for code, unit in listed.items()}
    for code in [c for c in result.failed if c in tree.units]:
        kept, why_not = keep_published(tree, tree.units[code], options.work, options.output, paths)
        if kept:
            result.kept.append(code)
        elif why_not:
            result.failed[code] = [*result.failed[code], why_not]
    result.removed = [(code, unit.title, unit.path) for code, unit in listed.items()
                      if code not in tree.units and (options.output / unit.path / "index.html").is_file()]
    assemble(placements(tree, options.work, shared_theme), options.work, options.output)
    options.work.mkdir(parents=True, exist_ok=True)
    memory_file.write_text(json.dumps(remembered_units(tree, known), ensure_ascii=False, indent=1,
                                      sort_keys=True), encoding="utf-8")
    return result


def import_shards(work: Path, shard_works: list[Path]) -> list[str]:
    """Bring the staged sites and survey results of shard builds into this build's work folder,
    so that a following `run` finds those leaves current and builds only the rest. From each shard
    only the communes it was given in its last run (see shards.SHARD_RECORD)."""
    imported = set()
    for shard in shard_works:
        given = shard_units(shard) or set()
        if shard.resolve() == work.resolve():  # already in place
            imported |= {code for code in given if (work / "stage" / f"{code}.key").is_file()}
            continue
        for code in sorted(given):
            entry, source = shard / "stage" / f"{code}.key", shard / "stage" / code
            if not (entry.is_file() and source.is_dir()):  # its data is bad and it was never built there
                continue
            copy_dir(source, work / "stage" / code, copy_function=link_or_copy)
            shutil.copyfile(entry, work / "stage" / entry.name)
            if (figures := entry.with_suffix(".facts")).is_file():
                shutil.copyfile(figures, work / "stage" / figures.name)
            imported.add(code)
        for code in sorted(given):
            if (cached := shard / "facts" / f"{code}.pickle").is_file():
                (work / "facts").mkdir(parents=True, exist_ok=True)
                shutil.copyfile(cached, work / "facts" / cached.name)
    return sorted(imported)
