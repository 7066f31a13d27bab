"""Property-based tests of the loaders: whatever bytes staff put in a table, a YAML file or a
unit.yaml, the outcome is data or Problems with known codes and Vietnamese messages, never an
uncaught exception."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.input.safe_yaml import YamlProblem, load_yaml
from generator.input.tables import read_table
from generator.input.units import read_unit
from generator.kinds.registry import all_kinds
from generator.model.datasets import METADATA_FILE
from generator.model.problems import Problem, Problems, known_codes
from generator.model.tables import Table
from tests.conftest import SAMPLE_DATA

COMMUNE = "tinh-binh-son/huyen-an-lac/xa-an-dinh"
SCHEMAS = [
    (f"{kind.name}.{name}", kind, schema)
    for kind in all_kinds()
    for name, schema in kind.schema.tables.items()
]
FUZZ = settings(
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
# e.g. 20 for a long search before a release
SCALE = int(os.environ.get("CONGKHAI_FUZZ_SCALE", "1"))


def fuzz(examples: int):
    return settings(FUZZ, max_examples=examples * SCALE)


_counter = itertools.count()


def fresh(workdir: Path, name: str) -> Path:
    """A new empty folder per example (Hypothesis runs many examples in one test call)."""
    folder = workdir / f"{next(_counter):06d}"
    folder.mkdir()
    return folder / name if name else folder


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def vietnamese(message: str) -> bool:
    """Every message to staff is Vietnamese: it has at least one letter with a Vietnamese mark."""
    return any(unicodedata.normalize("NFD", ch)[1:] or ch in "đĐ" for ch in message if ch.isalpha())


def assert_problems_ok(problems: Problems, shown: str | None = None) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.code in known_codes(), problem
        assert problem.message and vietnamese(problem.message), problem
        assert problem.severity in ("error", "warning")
        assert problem.row is None or (isinstance(problem.row, int) and problem.row >= 1), problem
        assert problem.column is None or isinstance(problem.column, str)
        assert problem.value is None or isinstance(problem.value, str)
        if shown is not None:
            assert problem.file == shown
        str(problem), problem.as_dict()  # printable as text and JSON


def assert_table_ok(table: Table, schema, problems: Problems, references=()) -> None:
    """Rows keep their line numbers; without errors every required value is there."""
    assert len(table.rows) == len(table.line_numbers)
    assert table.line_numbers == sorted(set(table.line_numbers))
    # a reference to another kind's row (schema `references:`) resolves to its page and name
    resolved = {f"{name}_{part}" for name in references for part in ("page", "name")}
    for row in table.rows:
        assert (
            {f.name for f in schema.fields}
            <= set(row)
            <= {f.name for f in schema.fields} | resolved
        )
        if not problems.errors:
            assert all(row[f.name] is not None for f in schema.fields if f.required), row


# -- strategies ------------------------------------------------------------------------------------

VIETNAMESE_TEXT = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩị"
    "òóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ 0123456789",
    max_size=30,
)
ODD_TEXT = st.sampled_from(
    [
        "Hµ Néi",
        "Nguyeãn Vaên",
        "Nguyá»…n",
        "Lý Đức Аnh",
        "ᴠăn",
        "«Nông thôn mới»",
        "=SUM(A1:A3)",
        "#VALUE!",
        "\u200b",
        "ｆｕｌｌ",
        "\ufeff",
        "Ã©",
        "\x00",
        "\r",
        "\n",
    ]
)


def _number_text(value) -> str:
    return f"{value:,}".replace(",", " ").replace(".", ",").replace(" ", ".")


NUMBER_TEXT = st.one_of(
    st.integers(-(10**6), 10**13).map(str),
    st.integers(0, 10**13).map(_number_text),
    st.decimals(min_value=-(10**6), max_value=10**9, places=2, allow_nan=False).map(
        lambda d: str(d)
    ),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False).map(
        lambda d: _number_text(d)
    ),
    st.sampled_from(
        [
            "mười triệu",
            "1,2,3",
            "12..5",
            "-0",
            "1.000.000 đồng",
            "5 đ",
            "1e5",
            "NaN",
            "Infinity",
            "9" * 40,
            "(1.000)",
            "\u22125",
            "0,0000001",
            "1 000 000",
            "1\u00a0000",
        ]
    ),
)
DATE_TEXT = st.one_of(
    st.dates(dt.date(1850, 1, 1), dt.date(2150, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)).map(lambda d: d.isoformat()),
    st.sampled_from(["31/02/2025", "2025/13/01", "00/00/0000", "1/1/25", "14-07-2025", "hôm nay"]),
)
SPECIAL = st.sampled_from(
    [
        "",
        " ",
        "có",
        "không",
        "x",
        "Có",
        "ngheo",
        "can-ngheo",
        "Hộ nghèo",
        "giu-nguyen",
        "moi-phat-sinh",
        "T01",
        "Thôn Yên Thái",
        "LUA",
        "NNP",
        "ONT",
        "par-index",
        "SIPAS",
        "1",
        "1.1",
        "2",
        '"',
        '""',
        ",",
        ";",
        "\t",
        "a\nb",
        '"a,b"',
    ]
)
CELL = st.one_of(VIETNAMESE_TEXT, ODD_TEXT, NUMBER_TEXT, DATE_TEXT, SPECIAL)


def header_strategy(schema):
    titles = [f.title for f in schema.fields] + [f.name for f in schema.fields]
    known = st.sampled_from(titles + [t.upper() for t in titles])
    return st.lists(
        st.one_of(known, known, known, VIETNAMESE_TEXT, st.just("")),
        max_size=len(schema.fields) + 2,
    )


@st.composite
def csv_bytes(draw, schema):
    header = draw(header_strategy(schema))
    if draw(st.booleans()):  # usually the real header, in order, so that rows get checked deeply
        header = [f.title for f in schema.fields]
    width = max(len(header), 1)
    rows = draw(
        st.lists(st.lists(CELL, min_size=max(0, width - 2), max_size=width + 1), max_size=12)
    )
    titles = draw(st.lists(st.lists(VIETNAMESE_TEXT, max_size=2), max_size=2))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    everything = titles + [header] + rows
    if draw(st.booleans()):
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=delimiter).writerows(everything)
        text = buffer.getvalue()
    else:  # hand-made: no quoting at all
        text = "\n".join(delimiter.join(r) for r in everything)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 3)) == 0:  # a file cut short, e.g. in the middle of a UTF-16 character
        data = data[: draw(st.integers(0, len(data)))]
    return data


XML_SAFE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
XLSX_CELL = st.one_of(
    st.none(),
    CELL.map(lambda s: "".join(ch for ch in s if ch >= " " or ch in "\t\n")),
    XML_SAFE,
    st.integers(-(10**12), 10**15),
    st.floats(allow_nan=True, allow_infinity=False, width=64),
    st.booleans(),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2200, 1, 1)),
)


@st.composite
def xlsx_rows(draw, schema):
    header = draw(header_strategy(schema))
    if draw(st.booleans()):
        header = [f.title for f in schema.fields]
    titles = draw(st.lists(st.lists(st.one_of(st.none(), VIETNAMESE_TEXT), max_size=2), max_size=3))
    width = max(len(header), 1)
    rows = draw(
        st.lists(st.lists(XLSX_CELL, min_size=max(0, width - 2), max_size=width + 1), max_size=8)
    )
    return titles + [header] + rows


YAML_TOKENS = st.sampled_from(
    [
        "title",
        "year",
        "posted",
        "stage",
        ":",
        ": ",
        "- ",
        "  ",
        "\n",
        "&a ",
        "*a",
        "[",
        "]",
        "{",
        "}",
        "'",
        '"',
        "!!python/object:os.system",
        "!!binary ",
        "<<: ",
        "2025-02-30",
        "2025-01-09",
        "0000-01-01",
        "9" * 5000,
        ".nan",
        ".inf",
        "null",
        "~",
        "yes",
        "no",
        "#",
        "\t",
        "---",
        "...",
        "|",
        ">",
        "? ",
        ",",
        "%YAML 1.1",
        "code",
        "name",
        "villages",
        "office",
        "email",
        "T01",
        "\\x",
        "\ufeff",
        "@",
    ]
)
YAML_TEXT = st.one_of(
    st.lists(st.one_of(YAML_TOKENS, VIETNAMESE_TEXT), max_size=40).map("".join),
    st.text(max_size=200),
)


# -- read_table ------------------------------------------------------------------------------------


@pytest.mark.parametrize("label, kind, schema", SCHEMAS, ids=[s[0] for s in SCHEMAS])
@fuzz(40)
@given(data=st.binary(max_size=600))
def test_read_table_random_bytes(workdir, label, kind, schema, data):
    path = fresh(workdir, f"{schema.file}.csv")
    path.write_bytes(data)
    problems = Problems()
    table = read_table(path, schema, problems, "x.csv")
    assert_problems_ok(problems, "x.csv")
    assert_table_ok(table, schema, problems)


@pytest.mark.parametrize("label, kind, schema", SCHEMAS, ids=[s[0] for s in SCHEMAS])
@fuzz(80)
@given(data=st.data())
def test_read_table_random_csv(workdir, label, kind, schema, data):
    path = fresh(workdir, f"{schema.file}.csv")
    path.write_bytes(data.draw(csv_bytes(schema)))
    problems = Problems()
    table = read_table(path, schema, problems, "x.csv")
    assert_problems_ok(problems, "x.csv")
    assert_table_ok(table, schema, problems)


@fuzz(150)
@given(data=st.data())
def test_read_table_random_xlsx(workdir, data):
    from openpyxl import Workbook

    label, kind, schema = data.draw(st.sampled_from(SCHEMAS))
    book = Workbook()
    sheet = book.active
    sheet.title = data.draw(st.sampled_from(["Sheet1", schema.title[:31], schema.file, "Trang 1"]))
    for line, cells in enumerate(data.draw(xlsx_rows(schema)), start=1):
        for column, value in enumerate(cells, start=1):
            sheet.cell(row=line, column=column, value=value)
    if data.draw(st.booleans()):
        book.create_sheet("Ghi chú").cell(row=1, column=1, value="Bảng phụ")
    path = fresh(workdir, f"{schema.file}.xlsx")
    book.save(path)
    problems = Problems()
    table = read_table(path, schema, problems, "x.xlsx")
    assert_problems_ok(problems, "x.xlsx")
    assert_table_ok(table, schema, problems)


@fuzz(150)
@given(data=st.data())
def test_read_table_random_yaml(workdir, data):
    label, kind, schema = data.draw(st.sampled_from(SCHEMAS))
    if data.draw(st.booleans()):
        titles = [f.name for f in schema.fields]
        items = data.draw(
            st.lists(
                st.dictionaries(
                    st.sampled_from(titles),
                    st.one_of(
                        CELL,
                        st.integers(),
                        st.floats(),
                        st.booleans(),
                        st.none(),
                        st.lists(CELL, max_size=2),
                    ),
                ),
                max_size=6,
            )
        )
        import yaml

        text = yaml.safe_dump(items, allow_unicode=True)
    else:
        text = data.draw(YAML_TEXT)
    path = fresh(workdir, f"{schema.file}.yaml")
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    problems = Problems()
    table = read_table(path, schema, problems, "x.yaml")
    assert_problems_ok(problems, "x.yaml")
    assert_table_ok(table, schema, problems)


# -- load_yaml ------------------------------------------------------------------------------------


@fuzz(500)
@given(text=YAML_TEXT)
def test_load_yaml_random_text(workdir, text):
    path = fresh(workdir, "x.yaml")
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        load_yaml(path)
    except YamlProblem as problem:
        assert problem.code in known_codes() and vietnamese(str(problem)), problem


def test_load_yaml_overlong_version_number_is_a_problem(workdir):
    """Found by the fuzzer: Python refuses to read a number of more than 4,300 digits, and the
    %YAML directive's version is read as one before any value's own check (values already say
    «số quá dài» with their line and column): it was a traceback."""
    path = fresh(workdir, "x.yaml")
    path.write_text("%YAML 1." + "9" * 5000 + "\n--- a\n", encoding="utf-8")
    with pytest.raises(YamlProblem) as caught:
        load_yaml(path)
    assert caught.value.code == "yaml-value-invalid"


@fuzz(100)
@given(data=st.binary(max_size=300))
def test_load_yaml_random_bytes(workdir, data):
    path = fresh(workdir, "x.yaml")
    path.write_bytes(data)
    try:
        load_yaml(path)
    except YamlProblem as problem:
        assert problem.code in known_codes() and vietnamese(str(problem)), problem


# -- read_unit ------------------------------------------------------------------------------------

SAMPLE_UNIT = (SAMPLE_DATA / COMMUNE / "unit.yaml").read_text(encoding="utf-8")


@st.composite
def unit_text(draw):
    if draw(st.booleans()):
        return draw(YAML_TEXT)
    lines = SAMPLE_UNIT.splitlines()
    for _ in range(draw(st.integers(1, 4))):  # damage a few lines of the real file
        index = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["replace", "insert", "delete", "cut"]))
        if how == "replace":
            key = lines[index].split(":", 1)[0]
            lines[index] = f"{key}: {draw(st.one_of(CELL, YAML_TOKENS))}"
        elif how == "insert":
            lines.insert(index, draw(st.one_of(YAML_TOKENS, CELL)))
        elif how == "delete":
            del lines[index]
        else:
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
    return "\n".join(lines) + "\n"


@fuzz(300)
@given(text=unit_text())
def test_read_unit_random_text(workdir, text):
    root = fresh(workdir, "")
    folder = root / "xa-thu"
    folder.mkdir()
    (folder / "unit.yaml").write_bytes(text.encode("utf-8", errors="surrogatepass"))
    problems = Problems()
    unit = read_unit(folder, root, problems)
    assert_problems_ok(problems, "xa-thu/unit.yaml")
    assert (unit is None) == bool(problems.errors)


# -- DatasetKind.load ------------------------------------------------------------------------------


def _sample_dataset(kind) -> Path:
    # a kind that flows down the tree is held by the province (kinds/base.py)
    holder = SAMPLE_DATA / (COMMUNE.split("/")[0] if kind.flows_down else COMMUNE)
    return sorted(p for p in (holder / kind.folder).iterdir() if p.is_dir())[-1]


@st.composite
def damaged_dataset(draw, kind):
    """The files of a real sample dataset, some of them damaged or replaced by random content."""
    source = _sample_dataset(kind)
    files = {p.name: p.read_bytes() for p in source.iterdir() if p.is_file()}
    for name in sorted(files):
        how = draw(st.sampled_from(["keep", "keep", "keep", "line", "random", "delete"]))
        if how == "delete":
            del files[name]
        elif how == "random":
            if name == METADATA_FILE:
                files[name] = draw(YAML_TEXT).encode("utf-8", errors="surrogatepass")
            else:
                schema = next(
                    s for s in kind.schema.tables.values() if name.startswith(s.file + ".")
                )
                files[name] = draw(csv_bytes(schema))
        elif how == "line":
            lines = files[name].decode("utf-8").splitlines()
            index = draw(st.integers(0, len(lines) - 1))
            if name == METADATA_FILE:
                key = lines[index].split(":", 1)[0]
                lines[index] = f"{key}: {draw(st.one_of(CELL, YAML_TOKENS))}"
            else:
                cells = next(csv.reader([lines[index]]))
                cells[draw(st.integers(0, len(cells) - 1))] = draw(CELL)
                buffer = io.StringIO(newline="")
                csv.writer(buffer, lineterminator="").writerow(cells)
                lines[index] = buffer.getvalue()
            files[name] = ("\n".join(lines) + "\n").encode("utf-8", errors="surrogatepass")
    return files


KINDS = list(all_kinds())


@pytest.fixture(scope="module")
def unit(tmp_path_factory):
    root = tmp_path_factory.mktemp("units")
    folder = root / "xa"
    folder.mkdir()
    shutil.copy(SAMPLE_DATA / COMMUNE / "unit.yaml", folder / "unit.yaml")
    problems = Problems()
    found = read_unit(folder, root, problems)
    assert found is not None and not problems
    return found


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
@fuzz(100)
@given(data=st.data())
def test_dataset_kind_load_damaged_folders(unit, kind, data):
    files = data.draw(damaged_dataset(kind))
    root = unit.folder / kind.folder
    shutil.rmtree(root, ignore_errors=True)
    folder = root / "bo-du-lieu"
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    problems = Problems()
    datasets = kind.load(unit, problems)
    assert_problems_ok(problems)
    assert (datasets == []) or not problems.errors
    for dataset in datasets:
        for name, table in dataset.tables.items():
            assert_table_ok(
                table, kind.schema.tables[name], problems, getattr(kind, "references", {})
            )
