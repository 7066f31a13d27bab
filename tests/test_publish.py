"""CI publishing (.ci/publish): the built tree becomes the next commit of the gh-pages branch, and
a unit with bad data keeps its published pages even on a runner that has no build cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.model.problems import Problems
from generator.pipeline.tree import read_tree
from tests.conftest import REPO
from tests.test_last_good import break_budget, rename_first_household, two_communes


def git(*args, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def published_files(
    origin: Path, prefix: str = "", without: tuple[str, ...] = ()
) -> dict[str, str]:
    """Path -> blob id of the files on the gh-pages branch under `prefix`, minus the `without`
    folders."""
    listing = git("ls-tree", "-r", "gh-pages", cwd=origin).splitlines()
    files = {line.split("\t", 1)[1]: line.split()[2] for line in listing}
    return {
        path: blob
        for path, blob in files.items()
        if path.startswith(prefix) and not any(path.startswith(prefix + w + "/") for w in without)
    }


def test_publishing_keeps_a_broken_units_pages_on_a_runner_without_cache(
    small_country_with_sibling, tmp_path
):
    origin, repo = tmp_path / "origin.git", tmp_path / "repo"
    git("init", "-q", "--bare", str(origin), cwd=tmp_path)
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(REPO / ".ci" / "publish", repo / ".ci" / "publish")
    shutil.move(small_country_with_sibling, repo / "data")
    git("init", "-q", cwd=repo)
    git("add", ".", cwd=repo)
    git(
        "-c",
        "user.name=Cán bộ",
        "-c",
        "user.email=canbo@example.org",
        "commit",
        "-qm",
        "Dữ liệu",
        cwd=repo,
    )
    git("remote", "add", "origin", str(origin), cwd=repo)
    env = {**os.environ, "CONGKHAI": str(Path(sys.executable).with_name("congkhai"))}

    def publish(*args):
        return subprocess.run(
            ["bash", ".ci/publish", *args], cwd=repo, env=env, capture_output=True, text=True
        )

    first = publish("build", "--data", "data", "-j", "1")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Đã đăng lên nhánh gh-pages" in first.stdout
    tree = read_tree(repo / "data", Problems())
    broken, sibling = two_communes(tree)
    own = {"prefix": broken.url_path, "without": tuple(tree.units[c].slug for c in broken.children)}
    before = published_files(origin, **own)
    assert f"{broken.url_path}index.html" in before and ".nojekyll" in published_files(origin)
    first_commit = git("rev-parse", "gh-pages", cwd=origin)

    break_budget(broken)
    listing = rename_first_household(sibling, "Nguyễn Văn Mớiđăng")
    for left in ("site", "build"):  # a new runner whose cache was evicted
        shutil.rmtree(repo / left)
    second = publish("build", "--data", "data", "-j", "1")
    assert second.returncode == 1, second.stdout + second.stderr  # the run fails, so staff look
    assert "Đã lấy lại các trang đang đăng (nhánh gh-pages) vào site/." in second.stdout
    assert f"- {broken.title} ({broken.code}) (giữ nguyên trang đã đăng trước đó):" in second.stdout
    assert "Traceback" not in second.stdout + second.stderr
    assert published_files(origin, **own) == before
    listed = f"{sibling.url_path}ho-ngheo/danh-sach-{listing.parent.name}/index.html"
    assert "Mớiđăng" in git("show", f"gh-pages:{listed}", cwd=origin)
    # its district still finds its pages (as published), on a runner without cache as on any
    district = tree.units[broken.parent]
    index = json.loads(
        git("show", f"gh-pages:{district.url_path}search/search_index.json", cwd=origin)
    )
    below = broken.url_path.removeprefix(district.url_path)
    assert any(d["location"] == below for d in index["docs"]), below
    # the history of what was published
    assert git("rev-parse", "gh-pages^", cwd=origin) == first_commit
    second_commit = git("rev-parse", "gh-pages", cwd=origin)

    again = publish("build", "--data", "data", "-j", "1")
    assert again.returncode == 1
    assert "Các trang không thay đổi; không cần đăng lại." in again.stdout
    refused = publish("build", "--data", "data", "--shard", "abc")
    assert refused.returncode == 64
    assert "Không đăng gì: lệnh xây dựng trang dừng với mã 64." in refused.stderr
    assert git("rev-parse", "gh-pages", cwd=origin) == second_commit

    # Runs finish in any order: only the run for the branch's latest commit publishes (GitHub has
    # the pushed branch on the remote). Not by commit time: both commits here are in one second.
    branch = git("symbolic-ref", "--short", "HEAD", cwd=repo)
    older = git("rev-parse", "HEAD", cwd=repo)
    rename_first_household(sibling, "Nguyễn Văn Saunày")
    git("add", "data", cwd=repo)
    same_second = {**os.environ, "GIT_COMMITTER_DATE": git("log", "-1", "--format=%cI", cwd=repo)}
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Cán bộ",
            "-c",
            "user.email=canbo@example.org",
            "commit",
            "-qm",
            "Sửa tên",
        ],
        cwd=repo,
        check=True,
        env=same_second,
    )
    newer_source = git("rev-parse", "HEAD", cwd=repo)
    git("push", "-q", "origin", branch, cwd=repo)
    newer = publish("build", "--data", "data", "-j", "1")
    assert newer.returncode == 1 and "Đã đăng lên nhánh gh-pages" in newer.stdout
    newest = git("rev-parse", "gh-pages", cwd=origin)
    assert f"Nguồn: {newer_source}" in git("log", "-1", "--format=%B", "gh-pages", cwd=origin)
    git("checkout", "-q", older, cwd=repo)  # as a runner checks out the commit it was started for
    env["SOURCE_BRANCH"] = branch
    stale = publish("build", "--data", "data", "-j", "1")
    assert stale.returncode == 0, stale.stdout + stale.stderr
    assert (
        f"Không đăng: nhánh {branch} đã có commit mới hơn ({newer_source[:7]}); lần chạy này là "
        f"của commit {older[:7]}, lần chạy của commit mới hơn sẽ đăng."
    ) in stale.stdout
    assert git("rev-parse", "gh-pages", cwd=origin) == newest
    # A rollback (the branch forced back to the older commit) is the latest: it publishes.
    git("push", "-q", "-f", "origin", f"{older}:refs/heads/{branch}", cwd=repo)
    rolled_back = publish("build", "--data", "data", "-j", "1")
    # its data was sound
    assert rolled_back.returncode == 0 and "Đã đăng lên nhánh gh-pages" in rolled_back.stdout
    assert git("rev-parse", "gh-pages^", cwd=origin) == newest


def test_workflows_publish_through_the_script_and_never_wait_for_valid_data():
    import yaml

    site = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))["jobs"]
    # not "validate": bad data in one unit holds back no other
    assert "validate" not in site["publish"]["needs"] and "test" in site["publish"]["needs"]
    assert site["publish"]["permissions"]["contents"] == "write"  # the gh-pages record
    assert any("bash .ci/publish build" in step.get("run", "") for step in site["publish"]["steps"])
    country = yaml.safe_load(
        (REPO / ".github/workflows/country-sharded.yml").read_text(encoding="utf-8")
    )["jobs"]
    shard_runs = " ".join(step.get("run", "") for step in country["shard"]["steps"])
    assert '--shard "${{ matrix.shard }}/$SHARDS" --site-url "$SITE_URL" || test $? -eq 1' in (
        shard_runs
    )
    assert any(
        "bash .ci/publish merge" in step.get("run", "") for step in country["merge"]["steps"]
    )
    assert country["merge"]["if"] == "github.ref == 'refs/heads/main'"
    assert "github.ref == 'refs/heads/main'" in site["publish"]["if"]
    uploaded = next(
        step["with"]["path"].split()
        for step in country["shard"]["steps"]
        if "upload-artifact" in step.get("uses", "")
    )
    # a merge takes from a shard only the communes it was given
    assert "build/shard.json" in uploaded
    assert site["publish"]["concurrency"]["group"] == country["merge"]["concurrency"]["group"]
    publishing = [
        step["run"]
        for step in site["publish"]["steps"] + country["merge"]["steps"]
        if ".ci/publish" in step.get("run", "")
    ]
    # shards and merge alike
    assert len(publishing) == 2 and all('--site-url "$SITE_URL"' in run for run in publishing)
