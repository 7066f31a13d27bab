"""The build, in named stages:

1. discover  - find units and read their unit.yaml files;
2. survey    - load and check every dataset of every unit, keep small summaries;
3. aggregate - roll summaries up the tree for district and province pages;
4. render    - write each unit's Markdown pages and MkDocs config (in worker processes);
5. site      - build each unit's site with MkDocs into its staging folder (same workers);
6. assemble  - put the staged sites and the shared theme files together into the output tree.

A unit whose data has errors is not rendered; whatever was staged for it before stays.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator import links
from generator.atomic import recover, replace_dir
from generator.build_cache import (FactsCache, generator_fingerprint, own_files_digest, site_key,
                                    tree_context, unit_context)
from generator.datasets import PageSpec
from generator.kinds import all_kinds
from generator.manifest import write_manifest
from generator.problems import Problems
from generator.rendering import environment
from generator.site_config import PORTAL_NAME, unit_config, write_config
from generator.site_pages import (GUIDES_FOLDER, SHARED_DOCS, UnitFacts, contacts_page, home_page,
                                  shared_guides, tree_page)
from generator.units import Tree, Unit, discover, remembered_units

ROOT_KEY = "_root"
UNITS_MEMORY = "units.json"  # identities of the last good units, for units whose unit.yaml breaks
DEFAULT_EPOCH = 1_672_531_200  # 01/01/2023, for a site with no dated data


@dataclass
class BuildOptions:
    data_root: Path
    output: Path
    work: Path
    jobs: int = os.cpu_count() or 1
    only: str | None = None  # a unit code: build only that unit ...
    with_subtree: bool = False  # ... or that unit and every unit under it


@dataclass
class BuildResult:
    tree: Tree
    problems: Problems
    built: list[str] = field(default_factory=list)
    failed: dict[str, list] = field(default_factory=dict)  # unit code -> its problems
    kept: list[str] = field(default_factory=list)  # failed units whose earlier site stays
    unchanged: list[str] = field(default_factory=list)  # units whose inputs did not change: not rebuilt

    @property
    def ok(self) -> bool:
        return not self.failed and not self.problems.errors


# -- stage 2: survey --------------------------------------------------------------------------

def survey_unit(unit: Unit) -> tuple[UnitFacts, Problems]:
    problems = Problems()
    facts = UnitFacts(code=unit.code)
    for kind in all_kinds():
        datasets = kind.load(unit, problems)
        facts.summaries[kind.name] = kind.summarize(unit, datasets)
        facts.disclosures.extend(kind.disclosures(datasets))
    posted = [d.posted for d in facts.disclosures]
    facts.newest_posted = max(posted) if posted else None
    return facts, problems


# -- stage 3: aggregate -----------------------------------------------------------------------

def leaf_summary(tree: Tree, facts: dict[str, UnitFacts], unit: Unit, kind) -> dict:
    """A leaf's own figures; for any other unit, its leaf descendants' figures combined."""
    if unit.is_leaf:
        return facts[unit.code].summaries.get(kind.name, {}) if unit.code in facts else {}
    leaves = [d for d in tree.descendants(unit) if d.is_leaf and d.code in facts]
    return kind.combine([facts[d.code].summaries.get(kind.name, {}) for d in leaves])


def aggregate(tree: Tree, facts: dict[str, UnitFacts]) -> dict[tuple[str, str], dict]:
    rollups = {}
    for unit in tree:
        if unit.is_leaf:
            continue
        for kind in all_kinds():
            rows = [{"title": d.title, "url": links.to_unit("index.md", unit, d),
                     "depth": d.depth - unit.depth, "is_leaf": d.is_leaf,
                     "summary": leaf_summary(tree, facts, d, kind)}
                    for d in tree.descendants(unit)]
            rollups[(unit.code, kind.name)] = {"rows": rows, "total": leaf_summary(tree, facts, unit, kind)}
    return rollups


# -- stages 4 and 5: render and site, in workers ------------------------------------------------

_shared: dict = {}


def _init_worker(tree: Tree, facts: dict, rollups: dict, work: Path) -> None:
    from generator.mkdocs_build import quiet_mkdocs

    quiet_mkdocs()
    _shared.update(tree=tree, facts=facts, rollups=rollups, work=work)


def _kind_dirs() -> tuple:
    return tuple((k.name, k.dir) for k in all_kinds())


def render_pages(folder: Path, pages: list[PageSpec]) -> None:
    env = environment(_kind_dirs())
    for page in pages:
        target = folder / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = env.get_template(page.template).render(
            **page.context, root=links.to_site_root(page.path), to_unit=links.to_unit)
        target.write_text(text, encoding="utf-8")
        for path, content in page.files.items():
            (folder / path).write_bytes(content)


def _guide_pages(docs: Path) -> list:
    nav = []
    for title, name in shared_guides():
        (docs / GUIDES_FOLDER).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHARED_DOCS / name, docs / GUIDES_FOLDER / name)
        nav.append({title: f"{GUIDES_FOLDER}/{name}"})
    return nav


def unit_pages(unit: Unit) -> tuple[list[PageSpec], list]:
    tree, facts, rollups = _shared["tree"], _shared["facts"], _shared["rollups"]
    problems = Problems()
    pages, nav, sections, figures = [], [], [], []
    for kind in all_kinds():
        datasets = kind.load(unit, problems)
        rollup = rollups.get((unit.code, kind.name))
        kind_pages = kind.pages(unit, datasets, rollup)
        if kind_pages:
            pages.extend(kind_pages)
            sections.append((kind.title, kind_pages[0].path))
            nav.append({kind.title: [{p.nav_title: p.path} for p in kind_pages]})
        figures.extend(kind.key_figures(facts[unit.code].summaries.get(kind.name), rollup and rollup["total"]))
    if problems.errors:  # the survey passed, so the data changed under us
        raise RuntimeError(f"dữ liệu của {unit.title} thay đổi trong khi đang xây dựng")
    home = home_page(unit, tree, figures, facts[unit.code].disclosures, sections)
    contacts = contacts_page(unit)
    return [home, contacts, *pages], [{home.nav_title: home.path}, *nav, {contacts.nav_title: contacts.path}]


def build_unit(code: str) -> tuple[str, str | None]:
    """Render and build one unit's site (ROOT_KEY: the tree's top page). Returns (code, error)."""
    from generator.mkdocs_build import build_site

    tree, facts, work = _shared["tree"], _shared["facts"], _shared["work"]
    unit = tree.units.get(code)
    folder = work / "units" / code
    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    if unit is None:
        pages, nav = [tree_page(tree)], [{"Danh sách đơn vị": "index.md"}]
        name, depth, sample, newest = PORTAL_NAME, 0, any(u.sample for u in tree), [
            f.newest_posted for f in facts.values() if f.newest_posted]
        newest = max(newest) if newest else None
    else:
        pages, nav = unit_pages(unit)
        name, depth, sample = unit.title, unit.depth, unit.sample
        newest = facts[code].newest_posted
    render_pages(docs, pages)
    nav.append({"Hướng dẫn": _guide_pages(docs)})
    stage = work / "stage" / code
    fresh = stage.with_name(code + ".new")
    config = write_config(folder, unit_config(name, fresh, nav, depth, sample, unit and unit.code))
    epoch = int(dt.datetime.combine(newest, dt.time(), dt.timezone.utc).timestamp()) if newest else DEFAULT_EPOCH
    try:
        build_site(config, depth, epoch)
    except BaseException as error:  # MkDocs raises SystemExit-like Abort on warnings in strict mode
        shutil.rmtree(fresh, ignore_errors=True)
        return code, f"MkDocs không xây dựng được trang: {error}"
    replace_dir(fresh, stage)  # the unit's staged site is whole: old or new, never half
    return code, None


# -- stage 6: assemble ----------------------------------------------------------------------------

def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, target)


def keep_published(tree: Tree, unit: Unit, work: Path, output: Path) -> bool:
    """A failed unit with nothing staged (say, `build/` was cleaned) keeps what is published:
    its own files in the output tree, without its children's folders, become its stage."""
    stage = work / "stage" / unit.code
    if stage.is_dir():
        return True
    published = output / unit.url_path
    if not (published / "index.html").is_file():
        return False
    children = {tree.units[c].slug for c in unit.children}
    shutil.copytree(published, stage, ignore=lambda folder, names: [
        n for n in names if Path(folder) == published and n in children])
    return True


def assemble(tree: Tree, work: Path, output: Path) -> None:
    """Swap in a freshly assembled tree, so a reader never sees a half-written one."""
    from generator.mkdocs_build import copy_theme_files

    fresh = output.with_name(output.name + ".new")
    if fresh.exists():
        shutil.rmtree(fresh)
    fresh.mkdir(parents=True)
    placements = [(ROOT_KEY, fresh)] + [(u.code, fresh / u.url_path) for u in tree]
    for code, target in placements:
        stage = work / "stage" / code
        if stage.is_dir():
            # Hard links: staged files are never changed in place (a unit is restaged whole and
            # swapped in), so sharing them with the output costs no copying and no disk.
            shutil.copytree(stage, target, dirs_exist_ok=True, copy_function=_link_or_copy)
    copy_theme_files(fresh)
    write_manifest(fresh)
    replace_dir(fresh, output)


# -- the whole build ------------------------------------------------------------------------------

def run(options: BuildOptions, progress=None, on_total=None) -> BuildResult:
    recover(options.output)
    problems = Problems()
    memory_file = options.work / UNITS_MEMORY
    known = json.loads(memory_file.read_text(encoding="utf-8")) if memory_file.is_file() else {}
    tree = discover(options.data_root, problems, known)
    result = BuildResult(tree=tree, problems=problems)
    fingerprint = generator_fingerprint()
    facts_cache = FactsCache(options.work / "facts", fingerprint)
    facts: dict[str, UnitFacts] = {}
    own_digests: dict[str, str] = {}
    for unit in tree:
        if unit.broken:
            result.failed[unit.code] = unit.broken
            continue
        own_digests[unit.code] = own_files_digest(unit)
        cached = facts_cache.get(unit, own_digests[unit.code])
        if cached is None:
            cached = survey_unit(unit)
            facts_cache.put(unit, own_digests[unit.code], cached)
        unit_facts, unit_problems = cached
        problems.extend(unit_problems)
        if unit_problems.errors:
            result.failed[unit.code] = unit_problems.errors
        else:
            facts[unit.code] = unit_facts
    rollups = aggregate(tree, facts)
    if options.only:
        chosen = tree.subtree(options.only) if options.with_subtree else [tree.units[options.only]]
    else:
        chosen = list(tree)
    keys = {u.code: site_key(fingerprint, own_digests[u.code], unit_context(tree, u, rollups))
            for u in chosen if u.code in facts}
    if not options.only:
        newest = max((f.newest_posted for f in facts.values() if f.newest_posted), default=None)
        keys[ROOT_KEY] = site_key(fingerprint, "", tree_context(tree, newest))
    wanted = []
    for code, key in keys.items():
        stage = options.work / "stage" / code
        stored = stage.with_name(code + ".key")
        if stage.is_dir() and stored.is_file() and stored.read_text() == key:
            result.unchanged.append(code)
        else:
            wanted.append(code)
    if on_total:
        on_total(len(wanted))
    shared = (tree, facts, rollups, options.work.resolve())
    if options.jobs <= 1:
        _init_worker(*shared)
        outcomes = map(build_unit, wanted)
    else:
        pool = ProcessPoolExecutor(max_workers=options.jobs, initializer=_init_worker, initargs=shared)
        outcomes = pool.map(build_unit, wanted, chunksize=max(1, len(wanted) // (options.jobs * 8)))
    for code, error in outcomes:
        if error:
            result.failed[code] = [error]
        else:
            (options.work / "stage" / f"{code}.key").write_text(keys[code])
            if code != ROOT_KEY:
                result.built.append(code)
        if progress:
            progress()
    if options.jobs > 1:
        pool.shutdown()
    result.kept = [c for c in result.failed
                   if c in tree.units and keep_published(tree, tree.units[c], options.work, options.output)]
    assemble(tree, options.work, options.output)
    options.work.mkdir(parents=True, exist_ok=True)
    memory_file.write_text(json.dumps(remembered_units(tree, known), ensure_ascii=False, indent=1,
                                      sort_keys=True), encoding="utf-8")
    return result
