"""The build, in named stages, into the work folder (publish.run places the result in the output
tree):

1. discover - find units and read their unit.yaml files (pipeline.tree);
2. survey   - read, check and summarize every dataset of every unit, once (pipeline.survey);
3. roll up  - add up the communes' figures for each unit above them, once a unit (pipeline.rollup);
4. render   - write each unit's Markdown pages and MkDocs configuration (render.pages);
5. site     - build each unit's site with MkDocs into its staging folder (pipeline.mkdocs).

Stages 2, 4 and 5 run in worker processes, in two passes. The first surveys every unit and, for
a leaf (a commune), goes straight on to render and build its site with the datasets it has just
read: a leaf's pages show nothing of other units' figures. The second builds the units that roll
up their descendants, and the tree's top page, once every leaf's figures are known. A unit whose
data has errors is not rendered; whatever was staged for it before stays.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from generator.checks.datasets import other_units_named
from generator.input.sources import UnitSources
from generator.input.units import remembered_units
from generator.kinds.expected import ahead, overdue
from generator.kinds.registry import all_kinds
from generator.model.facts import Summary, UnitFacts
from generator.model.history import FormerHistory
from generator.model.pages import PageSpec
from generator.model.problems import Problems
from generator.model.units import Tree, Unit
from generator.pipeline import mkdocs
from generator.pipeline.atomic import replace_dir, write_atomically
from generator.pipeline.cache import (
    FactsCache,
    ParsedYaml,
    generator_fingerprint,
    guides_digest,
    site_key,
    tree_context,
    unit_context,
)
from generator.pipeline.checksums import stage_sums
from generator.pipeline.mkdocs_config import PORTAL_NAME, unit_config, write_config
from generator.pipeline.open_data import TITLE as OPEN_DATA
from generator.pipeline.open_data import leaf_packages, open_data_pages
from generator.pipeline.rollup import (
    compliance_for,
    dated_context,
    history_for,
    latest_by_unit,
    rollups_for,
)
from generator.pipeline.search_below import pages_below
from generator.pipeline.shards import record_shard, shard_leaves
from generator.pipeline.stage_times import StageTimes
from generator.pipeline.survey import Survey, SurveyedFacts, held_digest, survey_unit
from generator.pipeline.tree import read_tree, unit_names
from generator.pipeline.work import ROOT_KEY, WorkFolder
from generator.pipeline.workers import Workers, shared
from generator.render.feeds import unit_feeds
from generator.render.html_blocks import SEARCH_BELOW
from generator.render.pages import page_environment, render_pages, set_as_of
from generator.render.posting_pages import TITLE as POSTING_TITLE
from generator.render.posting_pages import posting_section
from generator.render.reorganisation import (
    former_notice,
    former_sentence,
    founded_sentence,
    mapping_key,
    mapping_page,
)
from generator.render.site_pages import contacts_page, guides_nav, guides_page, home_page, tree_page

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
    as_of: dt.date | None = None  # the day postings' statuses are stated for (None: today)


@dataclass
class BuildResult:
    tree: Tree
    problems: Problems
    built: list[str] = field(default_factory=list)
    failed: dict[str, list] = field(default_factory=dict)  # unit code -> its problems
    kept: list[str] = field(default_factory=list)  # failed units whose earlier site stays
    # units whose inputs did not change: not rebuilt
    unchanged: list[str] = field(default_factory=list)
    # (code, name, folder): published, now gone
    removed: list[tuple[str, str, str]] = field(default_factory=list)
    # CPU time by stage, over the leaves built
    leaf_times: StageTimes = field(default_factory=StageTimes)
    # (path in _theme/, source file), shared by every site
    theme_files: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.problems.errors


# -- in the workers --------------------------------------------------------------------------------


def _setup_worker(state: dict) -> None:
    mkdocs.quiet_mkdocs()
    # Compiled templates (ours and the theme's) kept in the work folder: a worker that builds
    # one or two units, as after a one-commune change, does not compile them all again.
    compiled = state["work"].templates
    compiled.mkdir(parents=True, exist_ok=True)
    bytecode = FileSystemBytecodeCache(str(compiled))
    page_environment().bytecode_cache = bytecode
    set_as_of(state["as_of"])
    mkdocs.use_bytecode_cache(bytecode)


def unit_pages(
    unit: Unit,
    facts: UnitFacts,
    rollups: dict,
    datasets: dict,
    compliance: list | None = None,
    history: tuple[FormerHistory, ...] = (),
) -> tuple[list[PageSpec], list]:
    """A unit's pages (home, contacts, each kind's section and its posting section, the history
    of the units it replaced) and its nav."""
    tree, day = shared["tree"], shared["as_of"]
    pages, nav, sections, figures = [], [], [], []
    told = {r.code: former_sentence(r, unit) for r in unit.replaces}
    for kind in all_kinds():
        rollup = rollups.get(kind.name)
        summary = facts.summaries.get(kind.name, Summary())
        kind_pages = kind.section(unit, datasets[kind.name], summary, rollup)
        earlier = [f for f in history if f.site and f.section(kind.name)]
        if earlier and not kind_pages:  # only its former units published it: a section of them
            kind_pages = kind.section(unit, [], Summary(), None, always=True)
        if earlier:
            kind_pages[0].context.update(former_history=earlier, section_of=kind.name)
        if kind_pages:
            pages.extend(kind_pages)
            sections.append((kind.title, kind_pages[0].path))
            # Only each kind's index page: a nav of every dataset would be repeated on every page.
            nav.append({kind.title: kind_pages[0].path})
        figures.extend(kind.figure_cards(summary, rollup and rollup.total))
    home = home_page(
        unit, tree, figures, facts.disclosures, sections, [k.in_text for k in all_kinds()]
    )
    if history:
        home.context.update(former_history=history, sentences=told, founded=founded_sentence(unit))
    home.downloads.extend(
        unit_feeds(unit, facts, ahead(facts.postings, day), day, shared.get("site_url") or "")
    )
    contacts = contacts_page(unit)
    mapping = mapping_page(tree, unit) if unit.parent is None else None
    posting = posting_section(
        unit, facts.disclosures, overdue(facts.postings, day), compliance or [], day
    )
    if posting:
        nav.append({POSTING_TITLE: posting[0].path})
    if mapping:
        nav.append({mapping.nav_title: mapping.path})
    return [home, contacts, *pages, *posting, *([mapping] if mapping else [])], [
        {home.nav_title: home.path},
        *nav,
        {contacts.nav_title: contacts.path},
    ]


def _build_site(
    code: str,
    unit: Unit | None,
    pages: list,
    nav: list,
    newest,
    times: StageTimes | None = None,
    below: list | None = None,
) -> str | None:
    """Render one site's pages and build it into its stage (`below`: the search entries of the
    communes' pages under it). Returns an error, or None."""
    tree, work = shared["tree"], shared["work"]
    folder = work.unit_folder(code)
    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    if unit is None:
        name, depth, sample = PORTAL_NAME, 0, any(u.sample for u in tree)
    else:
        name, depth, sample = unit.title, unit.depth, unit.sample
    times = StageTimes() if times is None else times
    site_url = shared.get("site_url") and shared["site_url"] + (unit.url_path if unit else "")
    with times.timing("pages"):
        render_pages(docs, pages, unit, site_url or "", unit and tree.ancestors(unit), nav)
        if below:
            (docs / SEARCH_BELOW).write_text(json.dumps(below, ensure_ascii=False), "utf-8")
    nav.append({"Hướng dẫn": guides_nav(docs if unit is None else None, depth)})
    fresh = work.fresh_stage(code)
    # Left by a build killed before its swap, with the checksums of files that may be gone (MkDocs
    # cleans a site folder but keeps its hidden files).
    shutil.rmtree(fresh, ignore_errors=True)
    settings = unit_config(
        name, fresh, nav, depth, sample, unit and unit.code, site_url, former_notice(tree, unit)
    )
    config = write_config(folder, settings)
    epoch = (
        int(dt.datetime.combine(newest, dt.time(), dt.UTC).timestamp()) if newest else DEFAULT_EPOCH
    )
    try:
        with times.timing("mkdocs"):
            mkdocs.build_site(config, settings, depth, epoch)
    except BaseException as error:  # MkDocs raises SystemExit-like Abort on warnings in strict mode
        shutil.rmtree(fresh, ignore_errors=True)
        return f"MkDocs không xây dựng được trang: {error}"
    with times.timing("staging"):
        stage_sums(fresh)
        # the unit's staged site is whole: old or new, never half
        replace_dir(fresh, work.stage(code))
    return None


@dataclass
class UnitOutcome:
    code: str
    own: str = ""
    packed: bytes = b""  # what the main process keeps of its facts (Survey.packed)
    newest_posted: dt.date | None = None
    problems: Problems = field(default_factory=Problems)
    status: str = "surveyed"  # surveyed | built | unchanged | failed
    error: str | None = None
    times: StageTimes = field(default_factory=StageTimes)


def _survey(unit: Unit, sources: UnitSources, own: str, times: StageTimes) -> tuple:
    """(survey, facts, datasets) of a unit surveyed now; the survey is kept in the cache."""
    with times.timing("survey"):
        facts, problems, datasets = survey_unit(unit, sources, shared["tree"])
    survey = Survey.of(unit, facts, problems, datasets)
    shared["facts_cache"].put(unit.code, own, survey)
    return survey, facts, datasets


def _unit_names(tree) -> frozenset[str]:
    """The tree's unit names, made once in each worker."""
    if shared.get("unit_names") is None:
        shared["unit_names"] = unit_names(tree)
    return shared["unit_names"]


def survey_and_build_leaf(job: tuple[str, bool]) -> UnitOutcome:
    """Pass 1: survey a unit (from the cache when its files are unchanged); for a leaf that is
    wanted, also build its site unless the staged one is current."""
    code, wanted = job
    tree, facts_cache, fingerprint, work = (
        shared["tree"],
        shared["facts_cache"],
        shared["fingerprint"],
        shared["work"],
    )
    unit = tree.units[code]
    sources = UnitSources(unit)
    # its checks read the names of the units above it (checks.datasets.other_units_named)
    named = "/".join(unit.lineage + unit.also_named)
    own = f"{facts_cache.own_digest(code, sources)}:{named}"
    # what it reads from the top unit (kinds/base.py)
    if held := held_digest(tree, unit, facts_cache):
        own = f"{own}:{held}"
    outcome = UnitOutcome(code, own=own)
    survey, facts, datasets = facts_cache.get(code, outcome.own), None, None
    if survey is None:
        try:
            survey, facts, datasets = _survey(unit, sources, outcome.own, outcome.times)
        except Exception as error:  # noqa: BLE001 - a defect met in one unit's data stops that unit only
            outcome.status, outcome.error = "failed", f"{type(error).__name__}: {error}"
            return outcome
    outcome.problems = Problems(list(survey.problems))
    other_units_named(unit, survey.about_itself, _unit_names(tree), outcome.problems)
    if outcome.problems.errors:
        outcome.status = "failed"
        return outcome
    outcome.packed, outcome.newest_posted = survey.packed, survey.newest_posted
    if not wanted or unit.needs_below:
        return outcome
    dated = dated_context(survey.records, survey.postings, shared["as_of"])
    key = site_key(fingerprint, outcome.own, (unit_context(tree, unit, {}), dated))
    if work.stage_is_current(code, key):
        outcome.status = "unchanged"
        if not work.stage_facts_file(code).is_file():  # staged by an older version
            work.store_published_facts(code, outcome.packed)
        return outcome
    try:
        if datasets is None:  # its survey came from the cache: its files are read now, once
            survey, facts, datasets = _survey(unit, sources, outcome.own, outcome.times)
        with outcome.times.timing("pages"):
            pages, nav = unit_pages(unit, facts, {}, datasets)
        outcome.error = _build_site(code, unit, pages, nav, facts.newest_posted, outcome.times)
    except Exception as error:  # noqa: BLE001 - reported per unit, never stops the other units
        outcome.error = f"{type(error).__name__}: {error}"
    if outcome.error:
        outcome.status = "failed"
    else:
        outcome.status = "built"
        work.store_published_facts(code, outcome.packed)
        work.store_key(code, key)
    return outcome


@dataclass
class ParentJob:
    """What the second pass needs to build a unit that rolls up others, or the tree's top page."""

    code: str
    key: str
    facts: UnitFacts | None = None
    rollups: bytes = b""  # its rollups by kind name, pickled: made once, in the main process
    newest: dt.date | None = None
    own: str = ""  # its own digest: its datasets are kept with its survey under it
    compliance: list = field(default_factory=list)  # its communes' compliance tables
    latest: dict | None = None  # the top page's: each unit's newest year of each kind
    below: list = field(default_factory=list)  # its communes' pages, for its search index
    left_out: frozenset[str] = frozenset()  # failed communes with nothing kept (search_below)
    history: tuple[FormerHistory, ...] = ()  # the units it replaced, and what they left


def build_parent(job: ParentJob) -> tuple[str, str | None]:
    """Pass 2: a unit that rolls up its descendants, or the tree's top page. A job carries the
    unit's own facts and its packed rollups, so no worker holds the whole country's."""
    tree, work = shared["tree"], shared["work"]
    unit = tree.units.get(job.code)
    try:
        if unit is None:
            kinds = all_kinds()
            pages = [
                tree_page(
                    tree,
                    [k.title for k in kinds],
                    job.latest,
                    [k.in_text for k in kinds],
                    shared.get("site_url") or "",
                ),
                guides_page(),
            ]
            nav = [{"Danh sách đơn vị": "index.md"}]
        else:
            survey = shared["facts_cache"].get(job.code, job.own)
            datasets = survey.datasets() if survey is not None else None
            if datasets is None:  # the survey cache could not keep them: read its files again
                datasets = survey_unit(unit, tree=tree)[2]
            pages, nav = unit_pages(
                unit, job.facts, pickle.loads(job.rollups), datasets, job.compliance, job.history
            )
            if unit.parent is None:  # a province: its communes' tables joined
                packages = leaf_packages(tree, unit, work.stage, job.left_out)
                found = open_data_pages(tree, unit, packages)
                if found:
                    pages += found
                    nav.insert(-1, {OPEN_DATA: found[0].path})
        error = _build_site(job.code, unit, pages, nav, job.newest, below=job.below)
    except Exception as failure:  # noqa: BLE001
        error = f"{type(failure).__name__}: {failure}"
    if not error:
        work.store_key(job.code, job.key)
        if unit is not None and unit.is_leaf:  # a commune with former units: as for any leaf
            work.store_published_facts(job.code, SurveyedFacts.pack(job.facts))
    return job.code, error


# -- in the main process ---------------------------------------------------------------------------


def _roll_up_as_published(tree: Tree, facts: SurveyedFacts, work: WorkFolder, code: str) -> None:
    """A failed leaf counts in its district's and province's figures as it is published (not
    when its pages were built for the level it has left: publish.keep drops them)."""
    unit = tree.units[code]
    if unit.is_leaf and mkdocs.built_for_depth(work.stage(code), unit.depth):
        kept = work.published_facts(code)
        if kept:
            facts.add(code, *kept)


def _chosen_units(tree: Tree, options: BuildOptions, sound: list[Unit]) -> set[str]:
    if options.shard:
        return shard_leaves([u for u in sound if not u.needs_below], *options.shard)
    if options.only:
        return {
            u.code
            for u in (
                tree.subtree(options.only) if options.with_subtree else [tree.units[options.only]]
            )
        }
    return {u.code for u in tree}


def _discover(
    options: BuildOptions, work: WorkFolder, problems: Problems, known: dict, fingerprint: str
) -> Tree:
    """Stage 1 through the cache of parsed unit.yaml files, which is let go once saved: the
    workers, forked later, would otherwise each inherit a parsed copy of every unit.yaml."""
    unit_files = ParsedYaml(work.unit_files_cache, fingerprint)
    tree = read_tree(options.data_root, problems, known, unit_files.load)
    unit_files.save()
    return tree


def build(
    options: BuildOptions, known: dict, progress=None, on_total=None, keep=None
) -> BuildResult:
    """Stages 1 to 5 into the work folder. `known`: the units of the last good build (see
    input.units.discover). With `options.shard`, only that shard's leaves are surveyed and built;
    `merge` brings shards' work folders together and finishes the tree. `keep(tree, codes)`:
    gives the failed communes `codes` their published pages as their stage and returns those
    that have some, before the units above them are built (publish/run.py)."""
    problems = Problems()
    work = WorkFolder(options.work.resolve())
    fingerprint = generator_fingerprint()
    tree = _discover(options, work, problems, known, fingerprint)
    work.forget_units_except(tree.units)
    result = BuildResult(tree=tree, problems=problems)
    sound = []
    for unit in tree:
        if unit.broken:
            result.failed[unit.code] = unit.broken
        else:
            sound.append(unit)
    chosen = _chosen_units(tree, options, sound)
    surveyed = [u for u in sound if u.code in chosen] if options.shard else sound
    parents = [u for u in sound if u.needs_below and u.code in chosen and not options.shard]
    with_top = not (options.only or options.shard)
    if on_total:
        on_total(sum(not u.needs_below for u in surveyed) + len(parents) + with_top)
    # A site is built for a place: served elsewhere, every site is built again (its links).
    sites = f"{fingerprint}|{options.site_url}" if options.site_url else fingerprint
    state = {
        "tree": tree,
        "work": work,
        "fingerprint": sites,
        "site_url": options.site_url,
        "facts_cache": FactsCache(work, fingerprint),
        # today in Viet Nam (UTC+7), as the command line takes it, whatever the machine's zone
        "as_of": options.as_of or dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date(),
    }
    # before the workers are forked
    result.theme_files = mkdocs.theme_files(work.theme_files_cache, fingerprint)

    with Workers(state, options.jobs, _setup_worker) as in_workers:
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
            if progress and not tree.units[code].needs_below:
                progress()
        if options.shard:
            record_shard(work.shard_record, *options.shard, (u.code for u in surveyed))
            return result
        # A failed commune's kept pages are staged now, not after its district and province are
        # built: they search its pages and join its tables the same on every run, cache or not.
        failed_leaves = [c for c in result.failed if c in tree.units and tree.units[c].is_leaf]
        kept = set(keep(tree, failed_leaves)) if keep and failed_leaves else set()
        for code in result.failed:  # units whose unit.yaml did not read were not surveyed
            if code in tree.units and code not in facts:
                _roll_up_as_published(tree, facts, work, code)

        # Pass 2: the units that roll up their descendants, and the tree's top page.
        if len(parents) + with_top <= in_workers.workers:
            # Let the workers' heaps go before rolling up: idle workers holding them while the
            # rollups are made would be a whole country's build's largest moment.
            in_workers.here_from_now()
        if progress:  # a parent whose own data failed its survey is done: it keeps its pages
            for _ in range(sum(u.code not in facts or u.code in result.failed for u in parents)):
                progress()
        failed = frozenset(result.failed) - kept
        # Communes that show their former units' history first: the units above them search
        # their pages and join their tables from their staged sites.
        successors = [u for u in parents if u.is_leaf]
        waves = ((successors, False), ([u for u in parents if not u.is_leaf], with_top))
        for second, (wave, top) in enumerate(waves):
            todo = []
            # a unit whose own data failed keeps its published site (its facts, if any, are
            # those published, for the units above it)
            wave = [u for u in wave if u.code not in result.failed]
            jobs = _parent_jobs(
                tree, facts, wave, top, sites, own_digests, work, state["as_of"], failed
            )
            for code, job in jobs:
                if job is None:
                    result.unchanged.append(code)
                    if progress:
                        progress()
                else:
                    todo.append(job)
            if second and len(todo) <= in_workers.workers:
                in_workers.here_from_now()
            for code, error in in_workers.few_ahead(build_parent, todo):
                if error and not second:  # a commune: counted and searched as published
                    result.failed[code] = [error]
                    facts.discard(code)
                    kept_now = set(keep(tree, [code])) if keep else set()
                    _roll_up_as_published(tree, facts, work, code)
                    if code not in kept_now:
                        failed |= {code}
                elif error:
                    result.failed[code] = [error]
                elif code != ROOT_KEY:
                    result.built.append(code)
                if progress:
                    progress()
    return result


def _parent_jobs(
    tree: Tree,
    facts: SurveyedFacts,
    parents: list[Unit],
    with_top: bool,
    sites: str,
    own_digests: dict,
    work: WorkFolder,
    day: dt.date,
    failed: frozenset[str] = frozenset(),
):
    """(code, job) of each unit of the second pass, the job holding the key its site is stored
    under; no job for a unit whose staged site is current. Each parent's rollups are made once,
    here, and packed (a few bytes a row) only for a job to run."""
    for unit in parents:
        if unit.code not in facts:
            continue
        own = facts.get(unit.code)
        # a commune with former units below it shows their history, not a rollup of them
        rollups = rollups_for(tree, facts, unit) if not unit.is_leaf else {}
        compliance = compliance_for(tree, facts, unit, day)
        history = history_for(tree, facts, unit)
        mapped = mapping_key(tree, unit) if unit.parent is None else ()
        dated = (dated_context(own.disclosures, own.postings, day), compliance)
        # a province's open data is made from its communes' tables: their data's digests
        joined = (
            [
                own_digests.get(u.code)
                for u in tree.descendants(unit)
                if u.is_leaf and u.code not in failed
            ]
            if unit.parent is None
            else []
        )
        # its search holds its communes' pages: a title or an address changed rebuilds it
        left_out = frozenset(u.code for u in tree.descendants(unit) if u.code in failed)
        below = pages_below(tree, unit, work.stage, left_out)
        key = site_key(
            sites,
            own_digests[unit.code],
            (unit_context(tree, unit, rollups), dated, joined, below, history, mapped),
        )
        if work.stage_is_current(unit.code, key):
            yield unit.code, None
            continue
        yield (
            unit.code,
            ParentJob(
                unit.code,
                key,
                own,
                pickle.dumps(rollups, protocol=pickle.HIGHEST_PROTOCOL),
                own.newest_posted,
                own_digests[unit.code],
                compliance,
                below=below,
                left_out=left_out,
                history=history,
            ),
        )
    if with_top:
        latest = latest_by_unit(tree, facts)
        key = site_key(sites, guides_digest(), tree_context(tree, facts.newest_posted, latest))
        if work.stage_is_current(ROOT_KEY, key):
            yield ROOT_KEY, None
        else:
            yield ROOT_KEY, ParentJob(ROOT_KEY, key, newest=facts.newest_posted, latest=latest)


def remember(work: Path, tree: Tree, known: dict) -> None:
    """Keep the units' identities for the next build (see input.units.remembered_units)."""
    import json

    write_atomically(
        WorkFolder(work).memory,
        json.dumps(
            remembered_units(tree, known), ensure_ascii=False, indent=1, sort_keys=True
        ).encode(),
    )


def remembered(work: Path) -> dict | None:
    """The identities the last build kept, or None without them."""
    import json

    memory = WorkFolder(work).memory
    if not memory.is_file():
        return None
    try:
        kept = json.loads(memory.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):  # cut short by a killed build (older versions)
        return None
    return kept if isinstance(kept, dict) else None


def import_shards(work: Path, shard_works: list[Path]) -> list[str]:
    """Bring the staged sites and survey results of shard builds into this build's work folder,
    so that a following build finds those leaves current and builds only the rest. From each
    shard only the communes it was given in its last run (see shards.shard_units)."""
    from generator.pipeline.shards import shard_units

    target = WorkFolder(work)
    imported = set()
    for shard_root in shard_works:
        shard = WorkFolder(shard_root)
        given = shard_units(shard.shard_record) or set()
        if shard_root.resolve() == work.resolve():  # already in place
            imported |= {code for code in given if target.stage_key_file(code).is_file()}
            continue
        for code in sorted(given):
            if target.import_unit(shard, code):  # else its data is bad and it was never built there
                imported.add(code)
        for code in sorted(given):
            target.import_survey(shard, code)
    return sorted(imported)
