"""`congkhai rsync`: a built tree uploaded into a new release folder of a server directory (here a
loopback target folder), `current` switched to it in one rename, the release before kept for a
rollback, unchanged files shared as hard links."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.publish.rsync import PublishProblem, Target, publish

PAGE = "tinh-binh-son/huyen-an-lac/xa-an-dinh/index.html"


@pytest.fixture
def tree(addressed_small_country, tmp_path):
    if shutil.which("rsync") is None:
        pytest.fail("rsync is needed (apt install rsync): make test installs it")
    _, out = addressed_small_country
    site = tmp_path / "site"
    shutil.copytree(out / "site", site)
    return site


def served(target: Path, path: str) -> bytes:
    """What a web server whose root is target/current reads."""
    return (target / "current" / path).read_bytes()


def test_a_release_is_switched_to_whole_and_the_one_before_kept(tree, tmp_path):
    target = tmp_path / "srv"
    first = publish(tree, Target.parse(str(target)), dt.datetime(2026, 12, 7, 8, 0))
    assert served(target, PAGE) == (tree / PAGE).read_bytes()
    assert os.readlink(target / "current") == f"releases/{first}"

    (tree / PAGE).write_bytes(
        (tree / PAGE).read_bytes().replace(b"An \xc4\x90\xe1\xbb\x8bnh", b"X")
    )
    second = publish(tree, Target.parse(str(target)), dt.datetime(2026, 12, 7, 8, 0))
    assert second == f"{first}-2"  # the same second: a new folder all the same
    assert os.readlink(target / "current") == f"releases/{second}"
    assert os.readlink(target / "previous") == f"releases/{first}"
    assert served(target, PAGE) == (tree / PAGE).read_bytes()
    # a file that did not change is the previous release's, hard-linked; a changed one is not
    one, two = target / "releases" / first, target / "releases" / second
    assert (one / "404.html").stat().st_ino == (two / "404.html").stat().st_ino
    assert (one / PAGE).stat().st_ino != (two / PAGE).stat().st_ino
    assert sorted(p.name for p in (target / "releases").iterdir()) == [first, second]

    # a third: the first goes, the second is the one before
    third = publish(tree, Target.parse(str(target)), dt.datetime(2026, 12, 8, 8, 0))
    assert sorted(p.name for p in (target / "releases").iterdir()) == [second, third]

    # back to the one before, from the command line
    assert main(["rsync", str(target), "--rollback"]) == 0
    assert os.readlink(target / "current") == f"releases/{second}"
    assert os.readlink(target / "previous") == f"releases/{third}"


def test_nothing_changes_for_readers_when_the_upload_cannot_start(tree, tmp_path, capsys):
    target = tmp_path / "srv"
    publish(tree, Target.parse(str(target)))
    before = os.readlink(target / "current")
    assert main(["rsync", str(target), "--site", str(tmp_path / "khong-co")]) == 64
    assert "Không thấy cây trang" in capsys.readouterr().err
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    with pytest.raises(PublishProblem, match="Không tạo được thư mục"):
        publish(tree, Target.parse(str(blocked / "srv")))
    assert os.readlink(target / "current") == before


def test_a_remote_target_is_read_as_rsync_reads_it():
    assert Target.parse("may-chu:/srv/congkhai/") == Target("may-chu", "/srv/congkhai")
    assert Target.parse("/srv/congkhai") == Target("", "/srv/congkhai")
    assert Target.parse("./a:b/c") == Target("", "./a:b/c")
    assert Target("may-chu", "/srv").path("current") == "may-chu:/srv/current"
