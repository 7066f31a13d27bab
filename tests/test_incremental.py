"""Incremental builds: only what changed is rebuilt, and the result equals a clean build."""

from __future__ import annotations

import hashlib

from generator import build_cache
from tests.conftest import build


def digests(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_one_commune_change_rebuilds_it_and_its_ancestors_only(data_copy, tmp_path):
    first = build(data_copy, tmp_path / "inc")
    assert first.ok and len(first.built) == len(list(first.tree))
    again = build(data_copy, tmp_path / "inc")
    assert again.built == [] and "_root" in again.unchanged
    commune = next(u for u in first.tree if u.depth == 3)
    listing = sorted((commune.folder / "ho-ngheo").glob("*/danh-sach.csv"))[-1]
    lines = listing.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[0], "Đinh Thị Thay Đổi", 1)
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    renamed = build(data_copy, tmp_path / "inc")
    assert renamed.built == [commune.code]  # a name is on the commune's pages only, not in rollups
    totals = listing.with_name("so-ho-theo-thon.csv")
    lines = totals.read_text(encoding="utf-8").splitlines()
    village, households = lines[1].split(",")
    lines[1] = f"{village},{int(households) + 7}"
    totals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recounted = build(data_copy, tmp_path / "inc")  # the rollups above it show the new total
    ancestors = [a.code for a in first.tree.ancestors(commune)]
    assert sorted(recounted.built) == sorted([commune.code, *ancestors]) and len(ancestors) == 2
    clean = build(data_copy, tmp_path / "clean")
    assert clean.ok
    assert digests(tmp_path / "inc" / "site") == digests(tmp_path / "clean" / "site")


def test_generator_change_invalidates_every_unit(data_copy, tmp_path, monkeypatch):
    first = build(data_copy, tmp_path)
    template = tmp_path / "pretend-template.md.j2"
    template.write_text("một", encoding="utf-8")
    monkeypatch.setattr(build_cache, "FINGERPRINT_SOURCES", [*build_cache.FINGERPRINT_SOURCES, template])
    changed_template = build(data_copy, tmp_path)
    assert sorted(changed_template.built) == sorted(u.code for u in first.tree)
    monkeypatch.setattr("generator.__version__", "99.0.0")
    changed_version = build(data_copy, tmp_path)
    assert sorted(changed_version.built) == sorted(u.code for u in first.tree)
