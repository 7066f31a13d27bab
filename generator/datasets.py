"""What every dataset kind shares: finding its datasets, reading metadata and tables, pages.

A kind subclasses DatasetKind in its own package (generator/kinds/<kind>/) next to its
schema.yaml and templates/; everything particular to the kind stays there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.downloads import table_csv
from generator.manifest import file_digest
from generator.personal_data import find_personal_data, in_column
from generator.personal_data import message as personal_data_message
from generator.problems import WARNING, Problems
from generator.safe_yaml import YamlProblem, load_yaml
from generator.schema import KindSchema, ValueError_, load_fields
from generator.tables import Table, find_table_file, read_table
from generator.units import Unit, is_staff_own

METADATA_FILE = "thong-tin.yaml"
# Data must be real files inside data/: a link could make the build read (and publish) any file.
LINK_MESSAGE = "đây là liên kết tượng trưng (symlink); hãy chép tệp hoặc thư mục thật vào đây"
LATE_POSTING_DAYS = 30  # Circular 343/2016 and 26/2026: budget documents within 30 days of approval
COMMON_METADATA = load_fields(Path(__file__).parent / "kinds" / "metadata.yaml")


@dataclass
class Dataset:
    kind: str
    shown_folder: str
    metadata: dict
    tables: dict[str, Table]
    key: tuple
    sources: dict[str, str] = field(default_factory=dict)  # shown path -> SHA-256 of its bytes

    @property
    def slug(self) -> str:
        return "-".join(str(part) for part in self.key)


@dataclass
class PageSpec:
    """One Markdown page to write: its path in the unit's docs, template, context and nav place."""

    path: str
    template: str
    context: dict
    nav_title: str
    files: dict[str, bytes] = field(default_factory=dict)  # docs path -> bytes, e.g. downloads
    # Front matter. The page title always comes from here, never from the page's first heading:
    # headings hold data, and the theme prints the title through `striptags`, which unescapes.
    meta: dict = field(default_factory=dict)
    title: str = ""

    def front_matter(self) -> dict:
        return {"title": self.title or self.nav_title, **self.meta}


@dataclass(frozen=True)
class Disclosure:
    """A line of 'latest disclosures' on the home page."""

    title: str
    posted: object
    page: str


def summary_year(key) -> int:
    """Summaries are keyed by year, or by a tuple that starts with the year."""
    return key[0] if isinstance(key, tuple) else key


def add_up(summaries: list[dict], names: tuple[str, ...]) -> dict:
    """Figures of several units summed key by key (year, or year and stage)."""
    combined: dict = {}
    for summary in summaries:
        for key, figures in summary.items():
            slot = combined.setdefault(key, dict.fromkeys(names, 0))
            for name in names:
                slot[name] += figures[name]
    return combined


class DatasetKind:
    """Base of the dataset kinds. Subclasses set `name` and override the hooks below."""

    name: str = ""

    def __init__(self):
        import inspect

        self.dir = Path(inspect.getfile(type(self))).parent
        raw = yaml.safe_load((self.dir / "schema.yaml").read_text(encoding="utf-8"))
        self.title: str = raw["title"]
        self.folder: str = raw["folder"]
        self.metadata_examples: dict = raw.get("metadata_examples", {})
        self.schema = KindSchema.load(self.dir / "schema.yaml", COMMON_METADATA)

    # -- loading ---------------------------------------------------------------------------

    def load(self, unit: Unit, problems: Problems) -> list[Dataset]:
        self.schema.forget_conversions()  # the previous unit's
        root = unit.folder / self.folder
        if not root.is_dir():
            return []
        datasets, keys = [], {}
        if root.is_symlink():
            problems.add(f"{unit.shown_folder}/{self.folder}", LINK_MESSAGE)
            return []
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and not is_staff_own(p.name)):
            if folder.is_symlink():
                problems.add(f"{unit.shown_folder}/{self.folder}/{folder.name}", LINK_MESSAGE)
                continue
            dataset = self._load_one(unit, folder, problems)
            if dataset is None:
                continue
            if dataset.key in keys:
                problems.add(f"{dataset.shown_folder}/{METADATA_FILE}",
                             f"trùng với bộ dữ liệu {keys[dataset.key]}; mỗi "
                             + " + ".join(self.schema.metadata_field(k).title for k in self.schema.key)
                             + " chỉ được có một bộ")
                continue
            keys[dataset.key] = dataset.shown_folder
            datasets.append(dataset)
        return sorted(datasets, key=lambda d: d.key)

    def _load_one(self, unit: Unit, folder: Path, problems: Problems) -> Dataset | None:
        shown_folder = f"{unit.shown_folder}/{self.folder}/{folder.name}"
        shown_meta = f"{shown_folder}/{METADATA_FILE}"
        before = len(problems.errors)
        sources = {}
        meta_path = folder / METADATA_FILE
        if meta_path.is_symlink():
            problems.add(shown_meta, LINK_MESSAGE)
            return None
        if not meta_path.is_file():
            problems.add(shown_meta, "thiếu tệp thông tin của bộ dữ liệu")
            return None
        try:
            raw = load_yaml(meta_path)
        except YamlProblem as error:
            problems.add(shown_meta, str(error))
            return None
        sources[shown_meta] = file_digest(meta_path)
        if not isinstance(raw, dict):
            problems.add(shown_meta, "tệp phải gồm các mục «khóa: giá trị»")
            return None
        metadata = {}
        for f in self.schema.metadata:
            try:
                metadata[f.name] = f.convert(raw.get(f.name))
            except ValueError_ as error:  # a YAML entry is a "mục", not a spreadsheet cell
                problems.add(shown_meta, str(error).replace("ô này", "mục này"), column=f"{f.name} ({f.title})",
                             value=raw.get(f.name))
        known = {f.name for f in self.schema.metadata}
        for key in raw:
            if key not in known:
                problems.add(shown_meta, "mục không có trong mẫu; các mục hợp lệ: " + ", ".join(sorted(known)),
                             column=str(key))
        self._check_dates(metadata, shown_meta, problems)
        named_year = folder.name[:4]
        if metadata.get("year") and named_year.isdigit() and int(named_year) != metadata["year"]:
            year = self.schema.metadata_field("year")
            problems.add(shown_meta, f"năm ghi ở đây khác năm trong tên thư mục «{folder.name}»; hãy sửa cho khớp",
                         column=f"year ({year.title})", value=metadata["year"])
        tables = {}
        for name, table_schema in self.schema.tables.items():
            path, two_files = find_table_file(folder, table_schema.file)
            if path is None:
                if table_schema.required:
                    problems.add(f"{shown_folder}/{table_schema.file}.csv",
                                 f"thiếu bảng «{table_schema.title}» (tệp .csv, .xlsx hoặc .yaml)")
                tables[name] = Table(schema=table_schema, path=None)
                continue
            shown = f"{shown_folder}/{path.name}"
            if path.is_symlink() or two_files:
                problems.add(shown, two_files or LINK_MESSAGE)
                continue
            sources[shown] = file_digest(path)  # streamed: the table's size limit is checked later
            tables[name] = read_table(path, table_schema, problems, shown)
        self._check_personal_data(shown_meta, metadata, tables, shown_folder, problems)
        if len(problems.errors) > before:
            return None
        dataset = Dataset(kind=self.name, shown_folder=shown_folder, metadata=metadata, tables=tables,
                          key=tuple(metadata[k] for k in self.schema.key), sources=sources)
        self.check(unit, dataset, problems)
        if len(problems.errors) > before:
            return None
        return dataset

    def _check_personal_data(self, shown_meta: str, metadata: dict, tables: dict, shown_folder: str,
                             problems: Problems) -> None:
        """No published text may hold an identity number, phone number, birth date or e-mail."""
        for f in self.schema.metadata:
            value = metadata.get(f.name)
            hit = find_personal_data(value) if isinstance(value, str) else None
            if hit:
                problems.add(shown_meta, personal_data_message(hit[0]), column=f"{f.name} ({f.title})", value=hit[1])
        for table in tables.values():
            if table.path is None:
                continue
            shown = f"{shown_folder}/{table.path.name}"
            hits = []
            for order, f in enumerate(table.schema.fields):
                if f.type != "string":
                    continue
                filled = [(row[f.name], line) for row, line in zip(table.rows, table.line_numbers) if row[f.name]]
                for index, hit in in_column([text for text, _ in filled], person_name=f.person_name):
                    hits.append((filled[index][1], order, f.title, hit))
            for line, _, title, hit in sorted(hits, key=lambda h: h[:2]):  # row by row, as staff read
                problems.add(shown, personal_data_message(hit[0]), row=line, column=title, value=hit[1])

    @staticmethod
    def _check_dates(metadata: dict, shown_meta: str, problems: Problems) -> None:
        decided, posted = metadata.get("decision_date"), metadata.get("posted")
        if not (decided and posted):
            return
        if posted < decided:
            problems.add(shown_meta, "ngày công khai không thể trước ngày quyết định",
                         column="posted (Ngày công khai)", value=posted.strftime("%d/%m/%Y"))
        elif (posted - decided).days > LATE_POSTING_DAYS:
            problems.add(shown_meta, f"công khai sau ngày quyết định {(posted - decided).days} ngày; "
                         f"luật yêu cầu công khai kịp thời (ngân sách: trong {LATE_POSTING_DAYS} ngày)",
                         column="posted (Ngày công khai)", value=posted.strftime("%d/%m/%Y"), severity=WARNING)

    # -- hooks for the kinds -----------------------------------------------------------------

    def check(self, unit: Unit, dataset: Dataset, problems: Problems) -> None:
        """Checks across rows and tables (sums, identities, references). Add problems."""

    def summarize(self, unit: Unit, datasets: list[Dataset]) -> dict:
        """Small, picklable figures of one unit's own data, for home pages and rollups."""
        return {}

    def combine(self, summaries: list[dict]) -> dict:
        """Figures of several units together (a district's communes), from their summaries."""
        return {}

    def key_figures(self, own: dict, rollup: dict | None) -> list[dict]:
        """Figures for the unit's home page: dicts with label, value, note, link."""
        return []

    def figure_source(self, own: dict, rollup: dict | None) -> tuple[dict, str, bool]:
        """For home-page figures: the unit's own figures, or else its descendants' total.
        Returns (figures, a note saying which, whether they come from the rollup)."""
        if own:
            return own, "", False
        return rollup or {}, "tổng các đơn vị cấp xã trực thuộc", True

    def figure_link(self, own_page: str, year: int, from_rollup: bool) -> str:
        return f"{self.folder}/tong-hop-{year}.md" if from_rollup else own_page

    def pages(self, unit: Unit, datasets: list[Dataset], rollup: dict | None) -> list[PageSpec]:
        """The unit's pages of this kind. `rollup`, for units with children, holds `rows` (one per
        descendant: title, url, depth, is_leaf, summary) and `total` (all leaf descendants)."""
        return []

    def section(self, unit: Unit, datasets: list[Dataset], dataset_pages: list[PageSpec],
                rollup: dict | None, **index_context) -> list[PageSpec]:
        """The kind's section of a site: an index page, the dataset pages, the rollup pages."""
        rollup_pages = self.rollup_pages(rollup)
        if not dataset_pages and not rollup_pages:
            return []
        for page in dataset_pages:
            self._attach_downloads(page)
        index = PageSpec(f"{self.folder}/index.md", self.template("index.md.j2"),
                         {"unit": unit, "kind": self, "datasets": list(reversed(datasets)),
                          "rollup_pages": rollup_pages, **index_context}, "Tổng quan", title=self.title)
        for page in [*dataset_pages, *rollup_pages]:
            page.title = page.title or f"{self.title}: {page.nav_title}"
        return [index, *dataset_pages, *rollup_pages]

    def _attach_downloads(self, page: PageSpec) -> None:
        folder = page.path.rsplit("/", 1)[0]
        page.context["downloads"] = []
        for title, name, content in self.downloads(page):
            page.files[f"{folder}/{name}"] = content
            page.context["downloads"].append((title, name))

    def downloads(self, page: PageSpec) -> list[tuple[str, str, bytes]]:
        """(link text, file name, bytes) of the CSV files beside a dataset page: by default each
        table of the page's dataset."""
        dataset = page.context["dataset"]
        return [(table.schema.title, f"{dataset.slug}-{table.schema.file}.csv", table_csv(table, self.named(page)))
                for table in dataset.tables.values() if table.path is not None]

    def named(self, page: PageSpec) -> dict[str, dict]:
        """Columns whose stored values are codes, downloaded as names: {field: {code: name}}."""
        return {}

    def rollup_pages(self, rollup: dict | None) -> list[PageSpec]:
        """One rollup page per year that any descendant has figures for, newest first."""
        if not rollup:
            return []
        years = sorted({summary_year(k) for r in rollup["rows"] for k in r["summary"]}, reverse=True)
        return [PageSpec(f"{self.folder}/tong-hop-{year}.md", self.template("rollup.md.j2"),
                         {"year": year, "rows": rollup["rows"], "total": rollup["total"],
                          "missing": self.missing_from_rollup(year, rollup),
                          **self.rollup_context(year, rollup)}, f"Tổng hợp {year}")
                for year in years]

    @staticmethod
    def missing_from_rollup(year: int, rollup: dict) -> list[str]:
        """Names of the communes below with no figures for the year: their rows show «—» and the
        total leaves them out, which the page says (ui.rollup_gaps)."""
        return [r["title"] for r in rollup["rows"]
                if r["is_leaf"] and not any(summary_year(k) == year for k in r["summary"])]

    def rollup_context(self, year: int, rollup: dict) -> dict:
        """Anything more a kind's rollup template needs for one year."""
        return {}

    def field_choices(self, table: str, field, unit: Unit | None) -> list[str] | None:
        """Allowed values offered as a drop-down in the kind's Excel templates."""
        if field.categories:
            return [label for _, label in field.categories]
        if field.type == "boolean":
            return ["có", "không"]
        return None

    def page_path(self, dataset: Dataset) -> str:
        return f"{self.folder}/{dataset.slug}.md"

    def disclosures(self, datasets: list[Dataset]) -> list[Disclosure]:
        return [Disclosure(d.metadata["title"], d.metadata["posted"], self.page_path(d)) for d in datasets]

    def template(self, name: str) -> str:
        return f"{self.name}/{name}"
