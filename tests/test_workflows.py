"""The GitHub workflows as a reviewer checks them: every action pinned by a full commit SHA
(Dependabot proposes updates), Pages deployed with the official actions, pull requests cancel
their older runs, a data-only change does not wait for the test suite, and the sharded build's
count stated once."""

from __future__ import annotations

import re

import yaml

from tests.conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def _load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _uses(workflow: dict) -> list[str]:
    return [
        s["uses"] for job in workflow["jobs"].values() for s in job.get("steps", []) if "uses" in s
    ]


def test_every_action_is_pinned_by_commit_and_names_its_release():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert len(files) >= 2
    for path in files:
        text = path.read_text(encoding="utf-8")
        used = _uses(yaml.safe_load(text))
        assert used, path
        for action in used:
            assert PINNED.match(action), (path.name, action)
            assert re.search(re.escape(action) + r" # v\d+\.\d+\.\d+", text), (path.name, action)
    dependabot = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in dependabot["updates"]} >= {"github-actions"}


def test_pages_are_deployed_with_the_official_actions_after_the_tests_or_for_data_alone():
    site = _load("site.yml")
    publish = site["jobs"]["publish"]
    names = [u.split("@")[0] for u in _uses({"jobs": {"publish": publish}})]
    assert names.index("actions/upload-pages-artifact") < names.index("actions/deploy-pages")
    assert publish["permissions"] == {"contents": "write", "pages": "write", "id-token": "write"}
    assert publish["environment"]["name"] == "github-pages"
    # the suite runs when code changed; publishing waits for it, or goes on when it was skipped
    assert site["jobs"]["test"]["if"] == "needs.changes.outputs.code == 'true'"
    assert "needs.test.result == 'skipped'" in publish["if"]
    diff = site["jobs"]["changes"]["steps"][1]["run"]
    assert "grep -qv '^data/'" in diff
    # pull requests: a newer push cancels the older run, and the built tree is offered
    assert "pull_request" in site["concurrency"]["cancel-in-progress"]
    preview = site["jobs"]["preview"]
    assert preview["if"] == "github.event_name == 'pull_request'"
    assert any(u.startswith("actions/upload-artifact@") for u in _uses({"jobs": {"p": preview}}))


def test_the_sharded_build_takes_its_count_from_one_place():
    text = (WORKFLOWS / "country-sharded.yml").read_text(encoding="utf-8")
    sharded = yaml.safe_load(text)
    count = sharded["env"]["SHARDS"]
    assert sharded["jobs"]["shard"]["strategy"]["matrix"]["shard"].startswith("${{ fromJSON(")
    # the number appears once, in env; everything else reads it
    assert len(re.findall(rf"(?<![\w.-]){count}(?![\w.-])", text.split("\njobs:", 1)[1])) == 0
    assert "shards/shard-*" in text


def test_the_build_cache_is_saved_when_some_unit_fails():
    """A run with data errors publishes the others: it saves its build cache too, or the next
    run starts from an older one (actions/cache saves only for a job that succeeds)."""
    steps = [s for job in _load("site.yml")["jobs"].values() for s in job.get("steps", [])]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert "actions/cache" not in uses
    restore = uses.index("actions/cache/restore")
    save = uses.index("actions/cache/save")
    build = next(n for n, s in enumerate(steps) if s.get("id") == "build")
    failing = next(n for n, s in enumerate(steps) if s.get("run") == "exit 1")
    assert restore < build < save < failing
    assert steps[save]["if"].startswith("always()") and "'1'" in steps[save]["if"]
    assert steps[save]["with"]["key"] == steps[restore]["with"]["key"]
