"""Shared fixtures: the sample country built once per test session, and helpers to read pages."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from generator.kinds.registry import all_kinds
from generator.pipeline.build import BuildOptions
from generator.publish.run import run

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DATA = REPO / "data"
# The units of the small country, as folders of the sample: the province, one district and the
# district's first commune (the one tests pick by name, and the first in the tree's order).
SMALL_COUNTRY = (
    "tinh-binh-son",
    "tinh-binh-son/huyen-an-lac",
    "tinh-binh-son/huyen-an-lac/xa-an-dinh",
)
# The district's second commune (the sibling tests/test_last_good.py's two_communes picks).
SIBLING = "tinh-binh-son/huyen-an-lac/xa-dong-hung"
# The build date tests state postings for unless they choose one: a fixed day, so that a page's
# bytes (tests/test_published_bytes.py) do not change with the day the suite runs.
TEST_DAY = dt.date(2026, 12, 7)
# ... and the commands tests run (in process or not) take the same day from SOURCE_DATE_EPOCH
# (noon in Viet Nam), as a reproducible build would.
os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(2026, 12, 7, 5, tzinfo=dt.UTC).timestamp()))


def build(data: Path, out: Path, jobs: int = 2, only: str | None = None, as_of=TEST_DAY):
    return run(
        BuildOptions(
            data_root=data,
            output=out / "site",
            work=out / "work",
            jobs=jobs,
            only=only,
            as_of=as_of,
        )
    )


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The sample country built once; tests read the built HTML and the source files."""
    out = tmp_path_factory.mktemp("sample")
    result = build(SAMPLE_DATA, out)
    assert result.ok, result.failed
    return result, out / "site"


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of the sample data that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, target)
    return target


def _country_template(tmp_path_factory, units: tuple[str, ...]) -> Path:
    """A copy of the sample with only `units` (unit folders of SAMPLE_DATA) and their datasets,
    checked to build cleanly. The datasets that flow down the tree (held at its top, naming the
    communes below) are left out: they name communes the copy leaves out."""
    kept = {SAMPLE_DATA / unit for unit in units}
    flowing = {kind.folder for kind in all_kinds() if kind.flows_down}

    def other_units(folder, names):
        return [
            name
            for name in names
            if (Path(folder) / name / "unit.yaml").is_file()
            and Path(folder) / name not in kept
            or name in flowing
            and Path(folder) in kept
        ]

    root = tmp_path_factory.mktemp("country")
    shutil.copytree(SAMPLE_DATA, root / "data", ignore=other_units)
    result = build(root / "data", root / "check")
    assert result.ok, result.failed
    assert sorted(u.folder for u in result.tree) == sorted(root / "data" / u for u in units)
    shutil.rmtree(root / "check")
    return root / "data"


@pytest.fixture(scope="session")
def small_country_template(tmp_path_factory):
    """The three units of SMALL_COUNTRY, copied once a session; never changed."""
    return _country_template(tmp_path_factory, SMALL_COUNTRY)


@pytest.fixture(scope="session")
def small_country_with_sibling_template(tmp_path_factory):
    """SMALL_COUNTRY and SIBLING, copied once a session; never changed."""
    return _country_template(tmp_path_factory, (*SMALL_COUNTRY, SIBLING))


ADDRESSED_SITE_URL = "https://congkhai.example.vn/"


@pytest.fixture(scope="session")
def addressed_small_country(small_country_template, tmp_path_factory):
    """The small country built once with its address known (--site-url ADDRESSED_SITE_URL):
    QR codes, canonical links and sitemaps. Returns the build's result and its output folder."""
    out = tmp_path_factory.mktemp("addressed")
    result = run(
        BuildOptions(
            data_root=small_country_template,
            output=out / "site",
            work=out / "work",
            jobs=2,
            as_of=TEST_DAY,
            site_url=ADDRESSED_SITE_URL,
        )
    )
    assert result.ok, result.failed
    return result, out


@pytest.fixture(scope="session")
def served_small_country(addressed_small_country, tmp_path_factory):
    """addressed_small_country's tree served on a loopback port, as a browser reads a site:
    (site folder, its address, a folder for the browser's files)."""
    _, out = addressed_small_country
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out / "site"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield out / "site", f"http://127.0.0.1:{server.server_port}/", tmp_path_factory.mktemp("web")
    server.shutdown()


@pytest.fixture
def small_country(small_country_template, tmp_path):
    """A private three-unit copy (province, district, commune) for tests that change and rebuild."""
    target = tmp_path / "data"
    shutil.copytree(small_country_template, target)
    return target


@pytest.fixture
def small_country_with_sibling(small_country_with_sibling_template, tmp_path):
    """small_country and a second commune of its district, for tests about a unit's sibling."""
    target = tmp_path / "data"
    shutil.copytree(small_country_with_sibling_template, target)
    return target


def rename_in_datasets(unit_folder: Path, old: str, new: str) -> None:
    """Write a unit's new name into its datasets' metadata, as staff do when a unit is renamed or
    copied (a dataset naming another unit of the tree is refused)."""
    for meta in unit_folder.glob("*/*/thong-tin.yaml"):
        meta.write_text(meta.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
