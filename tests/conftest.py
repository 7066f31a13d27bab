"""Shared fixtures: the sample country built once per test session, and helpers to read pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline.build import BuildOptions
from generator.publish.run import run

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DATA = REPO / "data"


def build(data: Path, out: Path, jobs: int = 2, only: str | None = None):
    return run(
        BuildOptions(data_root=data, output=out / "site", work=out / "work", jobs=jobs, only=only)
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
