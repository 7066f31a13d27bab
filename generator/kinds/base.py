"""The hooks a dataset kind implements, each declared once below with what it returns (as
Datasette's hookspecs are), and what every kind shares: reading and checking its datasets, the
section's index page, downloads and rollup pages.

A kind is one folder, generator/kinds/<name>/: `schema.yaml` (its folder in the data and on the
site, titles, periodicity, posting rule, key and tables), `__init__.py` (a DatasetKind subclass
named KIND, overriding the hooks it needs), `templates/` (index.md.j2, rollup.md.j2 and its
dataset pages) and `sample.py` (its part of the sample country). `registry.py` lists the kinds.

A kind whose schema says `flows_down: true` (a land price frame) is held once, by the unit at the
top of the tree (the province), and flows down it: a unit below keeps no copy (one is refused),
and reads its part of the holder's datasets (`held_part`); the holder checks the rows that name
the units below it (`check_below`). The pipeline gives each unit what it reads from above
(pipeline/survey.py: `survey_unit`, `held_digest`).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

import yaml

from generator.checks.datasets import personal_data
from generator.checks.posting import POSTED as POSTED_COLUMN
from generator.checks.posting import check_posting
from generator.checks.total_rows import total_rows
from generator.input.cells import forget_conversions
from generator.input.datasets import (
    LINK,
    dataset_folders,
    read_metadata,
    read_tables,
    source_digests,
)
from generator.input.sources import UnitSources
from generator.kinds.registry import find_kind
from generator.model.calendar import working_calendar
from generator.model.charts import BarChart, communes_compared
from generator.model.datasets import METADATA_FILE, Dataset
from generator.model.facts import Figure, Figures, Rollup, RollupColumn, RollupTable, Summary
from generator.model.pages import Download, PageSpec
from generator.model.posting import PostingRecord, PostingRule, record_of
from generator.model.problems import Problems, register_messages
from generator.model.schema import Field, KindSchema, load_fields
from generator.model.tables import Table
from generator.model.units import Unit, is_staff_own
from generator.model.versions import VERSIONS_FOLDER, Version, table_changes

HERE = Path(__file__).parent
COMMON_METADATA = load_fields(HERE / "metadata.yaml")
POSTING_RULES = {
    name: PostingRule.from_dict(name, rule)
    for name, rule in yaml.safe_load(
        (HERE / "posting_rules.yaml").read_text(encoding="utf-8")
    ).items()
}
# How often a kind's datasets come: a year's (yearly), a quarter's, once (a project), or one that
# stands until replaced (a price frame). Yearly and quarterly datasets sit in folders named
# after their year, and their rollups are made year by year.
PERIODICITIES = ("yearly", "quarterly", "one-off", "standing")
FROM_ROLLUP = "tổng các đơn vị cấp xã trực thuộc"


@dataclass(frozen=True)
class NewestFigures:
    """A unit's figures of its newest year, as home-page cards show them."""

    year: int
    figures: object  # the kind's figures of a year
    note: str
    link: str


class DatasetKind:
    """A kind of dataset units disclose. Subclasses set `name` and `figures` and override the
    hooks they need; everything else reads their schema.yaml."""

    name: str = ""
    figures: type[Figures] = Figures  # the kind's figures of one period

    def __init__(self):
        self.dir = Path(inspect.getfile(type(self))).parent
        declared = yaml.safe_load((self.dir / "schema.yaml").read_text(encoding="utf-8"))
        self.title: str = declared["title"]
        self.folder: str = declared["folder"]
        self.in_text: str = declared["in_text"]  # the kind inside a sentence, e.g. "ngân sách"
        self.periodicity: str = declared.get("period", "yearly")
        if self.periodicity not in PERIODICITIES:
            raise ValueError(f"{self.dir}/schema.yaml: period must be one of {PERIODICITIES}")
        self.posting: PostingRule | None = (
            POSTING_RULES[declared["posting"]] if declared.get("posting") else None
        )
        # by when a period's dataset is expected, for what is missing: {month, day, years_after}
        self.due: dict | None = declared.get("due")
        self.metadata_examples: dict = declared.get("metadata_examples", {})
        # held once by the unit at the top of the tree, read by every unit below it
        self.flows_down: bool = bool(declared.get("flows_down", False))
        self.schema = KindSchema.load(self.dir / "schema.yaml", COMMON_METADATA)
        register_messages(declared.get("problems", {}), prefix=f"{self.name}.")

    # -- the hooks ---------------------------------------------------------------------------

    def prepare(self, unit: Unit, dataset: Dataset) -> Dataset:
        """The dataset as checks and pages read it, references resolved (a village's name to its
        code, a line's implied group): new rows; the rows as read are never changed."""
        return dataset

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        """Nothing: adds to `problems` what is wrong across rows and tables (sums, identities,
        references), and changes nothing."""

    def check_together(
        self, unit: Unit, datasets: list[Dataset], problems: Problems
    ) -> list[Dataset]:
        """All of them: the datasets that hold together once checked side by side (a budget's
        stages of one year), the others' problems added to `problems`."""
        return datasets

    def refer(self, unit: Unit, dataset: Dataset, others, problems: Problems) -> Dataset:
        """The dataset with its references to another kind's rows resolved, in new rows, and
        those that name nothing added to `problems`; `others(name)` gives the unit's datasets of
        the kind `name` (see row_page)."""
        return dataset

    def row_page(self, dataset: Dataset, table: str, key: str) -> tuple[str, str] | None:
        """Where another kind's page links to a row of one of this kind's tables, by its key:
        (the page's path and the row's anchor, «<folder>/2025.md#…», the row's name), or None
        when the dataset has no such row."""
        return None

    def check_below(
        self, holder: Unit, dataset: Dataset, below: Sequence[Unit], problems: Problems
    ) -> None:
        """A flowing-down kind, at the unit holding it: adds what is wrong in rows naming the
        units `below` it (a unit that is not there, a name two units share); changes nothing."""

    def held_part(self, unit: Unit, dataset: Dataset) -> Dataset | None:
        """A flowing-down kind: the part of its holder's dataset a unit below shows (new rows), or
        None when it shows none of it; by default the whole."""
        return dataset

    def sort_key(self, dataset: Dataset) -> tuple:
        """The order of a unit's datasets of this kind: by default their key."""
        return dataset.key

    def summarize(self, unit: Unit, datasets: list[Dataset]) -> Summary:
        """Compute the unit's own figures by period, once: pages and rollups read them. By
        default, each dataset's `dataset_figures` under its year."""
        figures = {d.key[0]: self.dataset_figures(d) for d in datasets}
        return Summary({year: f for year, f in figures.items() if f is not None})

    def dataset_figures(self, dataset: Dataset) -> Figures | None:
        """One dataset's figures, for a kind with a dataset a year (see summarize)."""
        return None

    def section_chart(self, datasets: list[Dataset], summary: Summary) -> BarChart | None:
        """A chart of the section index's table (its datasets newest first), if one helps."""
        return None

    def figure_cards(self, own: Summary, rollup: Summary | None) -> list[Figure]:
        """The kind's cards on a unit's home page: from its own figures, else its communes' total
        (see figure_source)."""
        return []

    def pages(self, unit: Unit, datasets: list[Dataset], summary: Summary) -> list[PageSpec]:
        """The kind's pages of a unit's datasets; the base adds the section's index page, each
        page's downloads and the rollup pages."""
        return []

    def downloads(self, page: PageSpec) -> list[Download]:
        """The CSV files offered beside one of the kind's pages: by default each table of the
        page's dataset, under its schema's titles."""
        dataset = page.context.get("dataset")
        if dataset is None:
            return []
        return [
            Download(
                table.schema.title,
                f"{dataset.slug}-{table.schema.file}.csv",
                table=table,
                named=self.named(page),
            )
            for table in dataset.tables.values()
            if table.path is not None
        ]

    def named(self, page: PageSpec) -> dict[str, dict]:
        """Columns whose stored values are codes, downloaded as names: {field: {code: name}}."""
        return {}

    def rollup_context(self, year: int, rollup: Rollup) -> dict:
        """What more the kind's rollup template needs for one year."""
        return {}

    # the rollup table's column its communes are compared on in a chart before it: (its header
    # as the table writes it, the Figures attribute, the style and digits it is written in)
    compared_on: tuple[str, str, str, int | None] | None = None

    def rollup_chart(self, year: int, rollup: Rollup) -> BarChart | None:
        """The communes compared on `compared_on`, for the rollup page's `chart`."""
        if self.compared_on is None:
            return None
        header, attribute, style, digits = self.compared_on
        value = attrgetter(attribute)
        return communes_compared(year, rollup, header, value, header, style, digits)

    # the columns of a rollup page's one table, as the page shows them (see rollup_tables)
    rollup_columns: tuple[RollupColumn, ...] = ()

    def rollup_tables(self, year: int, rollup: Rollup) -> list[RollupTable]:
        """The rollup page's tables offered for download, with the columns the page shows: by
        default one table of `rollup_columns`."""
        return [RollupTable(year, self.rollup_columns)] if self.rollup_columns else []

    def field_choices(self, table: str, field: Field, unit: Unit | None) -> list[str] | None:
        """The values offered in a drop-down of the kind's Excel template for a column, or None."""
        if field.categories:
            return [label for _, label in field.categories]
        if field.type == "boolean":
            return ["có", "không"]
        return None

    def latest(self, summary: Summary) -> str | None:
        """What the tree page's column for this kind says of a unit: its newest year of figures."""
        return str(summary.years[-1]) if summary else None

    # -- reading and checking, the same for every kind -----------------------------------------

    def load(
        self,
        unit: Unit,
        problems: Problems,
        sources: UnitSources | None = None,
        loaded: dict[str, list[Dataset]] | None = None,
        below: Sequence[Unit] | None = None,
    ) -> list[Dataset]:
        """The unit's datasets of this kind that read and check without error, in sort_key order;
        the others' problems are added to `problems`. Files are read through `sources` (once);
        `loaded` holds the unit's datasets of the kinds read before, by kind name, for refer();
        `below`: the units below a flowing-down kind's holder, when known (check_below)."""
        shown_root = f"{unit.shown_folder}/{self.folder}"
        if self.flows_down and unit.parent is not None:
            if (unit.folder / self.folder).exists():  # a copy: the holder's is the one shown
                problems.add(shown_root, "dataset-held-above", kind=self.title)
            return []
        sources = sources or UnitSources(unit)
        loaded = {} if loaded is None else loaded

        def others(name: str) -> list[Dataset]:
            if name not in loaded:  # a kind registered after this one: read it now
                loaded[name] = find_kind(name).load(unit, Problems(), sources, loaded)
            return loaded[name]

        forget_conversions()  # the previous unit's
        datasets, keys = [], {}
        for folder in dataset_folders(unit.folder / self.folder, shown_root, problems):
            dataset = self._load_one(
                unit, folder, f"{shown_root}/{folder.name}", sources, problems, others, below
            )
            if dataset is None:
                continue
            if dataset.key in keys:
                problems.add(
                    f"{dataset.shown_folder}/{METADATA_FILE}",
                    "dataset-duplicate",
                    other=keys[dataset.key],
                    key=" + ".join(self.schema.metadata_field(k).title for k in self.schema.key),
                )
                continue
            keys[dataset.key] = dataset.shown_folder
            datasets.append(dataset)
        return sorted(self.check_together(unit, datasets, problems), key=self.sort_key)

    def _load_one(
        self,
        unit: Unit,
        folder: Path,
        shown_folder: str,
        sources: UnitSources,
        problems: Problems,
        others,
        below: Sequence[Unit] | None = None,
    ) -> Dataset | None:
        shown_meta = f"{shown_folder}/{METADATA_FILE}"
        before = len(problems.errors)
        metadata = read_metadata(folder, shown_folder, self.schema, sources, problems)
        if metadata is None:
            return None
        self._check_year(metadata, folder.name, shown_meta, problems)
        tables = self._read_checked(folder, shown_folder, metadata, sources, problems)
        versions = self._versions(folder, shown_folder, metadata, sources, problems)
        # A correction is re-published when the error is found: the first version's posting is
        # the one a deadline applies to.
        first = versions[0] if versions else None
        check_posting(
            first.metadata if first else metadata,
            f"{first.shown_folder}/{METADATA_FILE}" if first else shown_meta,
            self.posting,
            working_calendar(),
            problems,
        )
        for later in [*versions[1:], None] if versions else []:  # each re-posting's own period
            check_posting(
                later.metadata if later else metadata,
                f"{later.shown_folder}/{METADATA_FILE}" if later else shown_meta,
                self.posting,
                working_calendar(),
                problems,
                deadline=False,
            )
        year = metadata.get("year")
        if unit.former and isinstance(year, int) and year > unit.former.date.year:
            # a year after the unit ended (its last accounts may be approved later, by the new
            # council: the year they cover is what counts): its successor's
            problems.add(
                shown_meta,
                "dataset-after-former-end",
                column="year (Năm)",
                value=year,
                unit=unit.former.title,
                date=f"{unit.former.date:%d/%m/%Y}",
            )
        if len(problems.errors) > before:
            return None
        dataset = Dataset(
            kind=self.name,
            shown_folder=shown_folder,
            metadata=metadata,
            tables=tables,
            key=tuple(metadata[k] for k in self.schema.key),
            sources=source_digests(folder, shown_folder, tables, sources),
            versions=versions,
        )
        history = self.history_path(dataset) if versions else ""
        dataset.earlier_postings = [
            record_of(
                version.metadata,
                self.title,
                history,
                self.posting,
                working_calendar(),
                revision=version.number,
                superseded=True,
            )
            for version in versions
        ]
        dataset.posting = record_of(
            metadata,
            self.title,
            self.page_path(dataset),
            None if versions else self.posting,  # a correction has no deadline of its own
            working_calendar(),
            revision=len(versions) + 1,
            history=history,
            duration_rule=self.posting,
        )
        dataset = self.refer(unit, self.prepare(unit, dataset), others, problems)
        self.check(unit, dataset, problems)
        if self.flows_down and below is not None:
            self.check_below(unit, dataset, below, problems)
        return None if len(problems.errors) > before else dataset

    def _read_checked(
        self,
        folder: Path,
        shown_folder: str,
        metadata: dict,
        sources: UnitSources,
        problems: Problems,
    ) -> dict[str, Table]:
        """A version's tables, read and checked for personal data and typed total rows."""
        tables = read_tables(folder, shown_folder, self.schema, sources, problems)
        shown_meta = f"{shown_folder}/{METADATA_FILE}"
        personal_data(shown_meta, self.schema, metadata, tables, shown_folder, problems)
        for table in tables.values():
            if table.path is not None:
                total_rows(table, f"{shown_folder}/{table.path.name}", problems)
        return tables

    def _versions(
        self,
        folder: Path,
        shown_folder: str,
        metadata: dict,
        sources: UnitSources,
        problems: Problems,
    ) -> list[Version]:
        """The dataset's earlier published versions (cac-ban-truoc/1, 2, …), oldest first, each
        read and checked as the current one is: they stay downloadable."""
        kept = folder / VERSIONS_FOLDER
        if not kept.is_dir():
            return []
        shown_kept = f"{shown_folder}/{VERSIONS_FOLDER}"
        if kept.is_symlink():  # a link could publish files from outside data/
            problems.add(shown_kept, LINK)
            return []
        versions = []
        folders = sorted(p for p in kept.iterdir() if p.is_dir() and not is_staff_own(p.name))
        folders.sort(key=lambda p: (not p.name.isdigit(), int(p.name) if p.name.isdigit() else 0))
        for number, path in enumerate(folders, start=1):
            shown = f"{shown_kept}/{path.name}"
            if path.is_symlink():
                problems.add(shown, LINK)
                continue
            if path.name != str(number):
                problems.add(shown, "version-folder-name", name=path.name)
                continue
            old = read_metadata(path, shown, self.schema, sources, problems)
            if old is None:
                continue
            tables = self._read_checked(path, shown, old, sources, problems)
            versions.append(
                Version(number, shown, old, tables, source_digests(path, shown, tables, sources))
            )
        posted = [*(v.metadata.get("posted") for v in versions), metadata.get("posted")]
        for number in range(1, len(posted)):
            if posted[number] and posted[number - 1] and posted[number] <= posted[number - 1]:
                shown_meta = (
                    f"{versions[number].shown_folder}/{METADATA_FILE}"
                    if number < len(versions)
                    else f"{shown_folder}/{METADATA_FILE}"
                )
                problems.add(
                    shown_meta,
                    "version-posted-order",
                    column=POSTED_COLUMN,
                    value=posted[number],
                    number=number + 1,
                    posted=f"{posted[number]:%d/%m/%Y}",
                    before=f"{posted[number - 1]:%d/%m/%Y}",
                )
        if versions and not metadata.get("correction_reason"):
            problems.add(
                f"{shown_folder}/{METADATA_FILE}",
                "correction-reason-missing",
                column="correction_reason (Lý do đính chính)",
            )
        return versions

    def _check_year(
        self, metadata: dict, folder_name: str, shown_meta: str, problems: Problems
    ) -> None:
        """A yearly or quarterly dataset's folder is named after its year, as in its metadata."""
        if self.periodicity not in ("yearly", "quarterly"):
            return
        named_year = folder_name[:4]
        if metadata.get("year") and named_year.isdigit() and int(named_year) != metadata["year"]:
            year = self.schema.metadata_field("year")
            problems.add(
                shown_meta,
                "dataset-year-folder",
                column=f"year ({year.title})",
                value=metadata["year"],
                folder=folder_name,
            )

    def due_date(self, year: int) -> dt.date | None:
        """The day by which a unit's dataset of `year` must be posted, if the kind expects one of
        every unit each year."""
        if not self.due:
            return None
        return dt.date(year + self.due.get("years_after", 0), self.due["month"], self.due["day"])

    def disclosures(self, datasets: list[Dataset]) -> list[PostingRecord]:
        """The posting of each of the unit's datasets of this kind, and of each version a
        correction replaced."""
        return [
            record
            for d in datasets
            for record in (*d.earlier_postings, d.posting)
            if record is not None
        ]

    # -- pages, the same for every kind --------------------------------------------------------

    def section(
        self,
        unit: Unit,
        datasets: list[Dataset],
        summary: Summary,
        rollup: Rollup | None,
        always: bool = False,
    ) -> list[PageSpec]:
        """The kind's section of a unit's site: an index page, its pages with their downloads, and
        a rollup page per year for a unit with units below it; none when it has nothing to show
        (`always`: an index page even so, for the data its former units left)."""
        own_pages = self.pages(unit, datasets, summary)
        rollup_pages = self.rollup_pages(rollup)
        if not own_pages and not rollup_pages and not always:
            return []
        for page in own_pages:
            page.downloads = self.downloads(page)
        index = PageSpec(
            f"{self.folder}/index.md",
            self.template("index.md.j2"),
            {
                "unit": unit,
                "kind": self,
                "datasets": list(reversed(datasets)),
                "summary": summary,
                "rollup_pages": rollup_pages,
                "chart": self.section_chart(list(reversed(datasets)), summary),
            },
            "Tổng quan",
            title=self.title,
        )
        histories = [self.history_page(unit, d) for d in datasets if d.versions]
        for page in [*own_pages, *rollup_pages]:
            page.title = page.title or f"{self.title}: {page.nav_title}"
        return [index, *own_pages, *histories, *rollup_pages]

    def history_page(self, unit: Unit, dataset: Dataset) -> PageSpec:
        """A corrected dataset's versions, what each correction changed row by row, and each
        earlier version's tables to download."""
        chain = [*dataset.versions, dataset]
        corrections = []
        for earlier, later in zip(chain, chain[1:], strict=False):
            changes = [
                table_changes(schema, earlier.tables.get(name), later.tables.get(name))
                for name, schema in self.schema.tables.items()
            ]
            corrections.append((later, [c for c in changes if c.rows]))
        path = self.history_path(dataset)
        downloads = [
            Download(
                f"{table.schema.title} (bản {version.number}, công khai ngày "
                f"{version.posted:%d/%m/%Y})",
                f"{dataset.slug}-ban-{version.number}-{table.schema.file}.csv",
                table=table,
            )
            for version in dataset.versions
            for table in version.tables.values()
            if table.path is not None
        ]
        page = PageSpec(
            path,
            "history.md.j2",
            {
                "unit": unit,
                "dataset": dataset,
                "versions": chain,
                "corrections": corrections,
                "page": self.page_path(dataset),
                "history": path,
            },
            f"Lịch sử đính chính {dataset.slug}",
            title=f"Lịch sử công khai, đính chính: {dataset.metadata['title']}",
        )
        page.downloads = downloads
        return page

    def history_path(self, dataset: Dataset) -> str:
        return f"{self.folder}/{dataset.slug}-lich-su.md"

    def rollup_downloads(self, year: int, rollup: Rollup) -> list[Download]:
        """A rollup page's tables as files: a row a unit below, then the total; exact amounts
        (the page may show millions), shares as percentages."""
        found = []
        tables = self.rollup_tables(year, rollup)
        for i, table in enumerate(tables, start=1):

            def values(figures, columns=table.columns):
                return tuple(
                    None if figures is None else _plain(c.value(figures), c.percent)
                    for c in columns
                )

            rows = [
                (r.title, "Đơn vị cấp xã" if r.is_leaf else "Cộng các đơn vị cấp xã thuộc đơn vị")
                + values(r.summary.get(table.period))
                for r in rollup.rows
            ]
            rows.append(("Tổng cộng", "Tổng cộng") + values(rollup.total.get(table.period)))
            found.append(
                Download(
                    f"Tổng hợp năm {year}" + (f": {table.label}" if table.label else ""),
                    f"tong-hop-{year}" + (f"-{i}" if len(tables) > 1 else "") + ".csv",
                    header=("Đơn vị", "Dòng", *(c.title for c in table.columns)),
                    rows=tuple(rows),
                )
            )
        return found

    def rollup_pages(self, rollup: Rollup | None) -> list[PageSpec]:
        """One rollup page per year that any unit below has figures for, newest first."""
        if not rollup:
            return []
        years = sorted({year for row in rollup.rows for year in row.summary.years}, reverse=True)
        return [
            PageSpec(
                self.rollup_path(year),
                self.template("rollup.md.j2"),
                {
                    "year": year,
                    "rows": rollup.rows,
                    "total": rollup.total,
                    "missing": rollup.missing(year),
                    # where a row's name leads, from the unit's home, when it has the year
                    "row_pages": (f"{self.folder}/{year}/", f"{self.folder}/tong-hop-{year}/"),
                    "chart": self.rollup_chart(year, rollup),
                    # communes whose row adds up the units merged into them (the 2025 reform)
                    "merged_rows": [row for row in rollup.rows if year in row.merged],
                    **self.rollup_context(year, rollup),
                },
                f"Tổng hợp {year}",
                downloads=self.rollup_downloads(year, rollup),
                # its table is kept out of the index: the site search finds the page by a unit's
                # name («xuan loc» on a province finds every rollup naming Xuân Lộc)
                meta={"search_text": [["", "; ".join(row.title for row in rollup.rows)]]},
            )
            for year in years
        ]

    def figure_source(self, own: Summary, rollup: Summary | None) -> tuple[Summary, str, bool]:
        """For home-page cards: the unit's own figures, or else its communes' total, with a note
        saying which, and whether they come from the rollup."""
        if own:
            return own, "", False
        return rollup or Summary(), FROM_ROLLUP, True

    def figure_link(self, own_page: str, year: int, from_rollup: bool) -> str:
        return self.rollup_path(year) if from_rollup else own_page

    def newest_figures(self, own: Summary, rollup: Summary | None) -> NewestFigures | None:
        """For home-page cards: the newest year's figures (see figure_source), the note saying
        where they come from and the page they link to; None when there are none."""
        source, note, from_rollup = self.figure_source(own, rollup)
        if not source:
            return None
        year = source.years[-1]
        link = self.figure_link(f"{self.folder}/{year}.md", year, from_rollup)
        return NewestFigures(year, source[year], note, link)

    def folder_pattern(self) -> str:
        """How a dataset's folder is named, as staff read it: «<năm>» or «<năm>-<giai đoạn>»."""
        return "-".join(f"<{self.schema.metadata_field(k).title.lower()}>" for k in self.schema.key)

    def rollup_path(self, year: int) -> str:
        # a folder's index page: its rows link to each unit in raw HTML, which engines other than
        # MkDocs move on any other page (render/html_blocks.py)
        return f"{self.folder}/tong-hop-{year}/index.md"

    def page_path(self, dataset: Dataset) -> str:
        return f"{self.folder}/{dataset.slug}.md"

    def template(self, name: str) -> str:
        return f"{self.name}/{name}"


def _plain(value, percent: bool):
    """A rollup cell as downloaded: a share as a percentage with two decimals."""
    if value is None or not percent:
        return value
    return (Decimal(str(value)) * 100).quantize(Decimal("0.01"))
