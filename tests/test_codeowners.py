"""`.github/CODEOWNERS` made from the units' `owners:` lists: the committed file is what the tree
gives, and under GitHub's rule (the last matching pattern decides) every file of a unit's folder
belongs to that unit's owners alone."""

from __future__ import annotations

from pathlib import Path

from generator.cli import main
from generator.model.problems import Problems
from generator.pipeline.tree import read_tree
from tests.conftest import REPO

COMMITTED = REPO / ".github" / "CODEOWNERS"


def owners_of(rules: list[tuple[str, list[str]]], path: str) -> list[str]:
    """GitHub's reading of CODEOWNERS for a repository path: the last rule matching it."""
    found: list[str] = []
    for pattern, owners in rules:
        if pattern == "*" or (pattern.endswith("/") and ("/" + path).startswith(pattern)):
            found = owners
    return found


def rules(text: str) -> list[tuple[str, list[str]]]:
    parsed = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            parsed.append((pattern, owners))
    return parsed


def test_the_committed_file_is_the_one_the_tree_gives(tmp_path):
    committed = COMMITTED.read_text(encoding="utf-8")
    default = next(owners for pattern, owners in rules(committed) if pattern == "*")
    out = tmp_path / "CODEOWNERS"
    argv = ["codeowners", "--data", str(REPO / "data"), "--default", *default, "--out", str(out)]
    assert main(argv) == 0
    assert out.read_text(encoding="utf-8") == committed, "run make codeowners"


def test_each_units_folder_belongs_to_its_own_owners_alone():
    tree = read_tree(REPO / "data", Problems())
    given = rules(COMMITTED.read_text(encoding="utf-8"))
    owned = [u for u in tree if u.owners]
    assert len(owned) == len(list(tree)) > 10
    for unit in owned:
        for inside in (f"data/{unit.shown_folder}/unit.yaml", f"data/{unit.shown_folder}/x/y.csv"):
            assert owners_of(given, inside) == list(unit.owners), inside
    # the code and anything outside data/ keep the default owners
    assert owners_of(given, "generator/cli.py") == given[0][1]


def _unit_yaml(folder: Path, owners: str) -> None:
    folder.mkdir(parents=True)
    (folder / "unit.yaml").write_text(
        'code: "99"\ntype: tỉnh\nname: Thử\noffice: {name: UBND, address: Số 1}\n' + owners,
        encoding="utf-8",
    )


def test_owners_that_github_would_not_read_are_refused_with_their_place(tmp_path, capsys):
    _unit_yaml(tmp_path / "data" / "tinh-thu", 'owners:\n  - "@dung-ten"\n  - Nguyễn Văn A\n')
    problems = Problems()
    tree = read_tree(tmp_path / "data", problems)
    # a warning: the unit's pages are still built; only CODEOWNERS waits
    assert not problems.errors and "99" in tree.units
    [problem] = problems.warnings
    assert problem.code == "unit-owner-format" and problem.column == "owners, mục thứ 2"
    assert problem.file == "tinh-thu/unit.yaml" and "@ten-tai-khoan" in problem.message
    out = tmp_path / "CODEOWNERS"
    assert main(["codeowners", "--data", str(tmp_path / "data"), "--out", str(out)]) == 1
    assert not out.exists() and "Nguyễn Văn A" in capsys.readouterr().out

    _unit_yaml(tmp_path / "data2" / "tinh-thu", 'owners: "@mot-nguoi"\n')
    problems = Problems()
    read_tree(tmp_path / "data2", problems)
    assert [p.code for p in problems.warnings] == ["unit-owners-shape"]
    out = tmp_path / "CODEOWNERS"
    assert main(["codeowners", "--data", str(tmp_path / "data2"), "--out", str(out)]) == 1
    assert not out.exists()  # nothing written while a unit cannot be read


def test_a_stale_file_is_caught_by_the_check_the_data_only_workflow_runs(tmp_path, capsys):
    _unit_yaml(tmp_path / "data" / "tinh-thu", 'owners:\n  - "@mot-nhom/tinh"\n')
    out = tmp_path / "CODEOWNERS"
    given = ["codeowners", "--data", str(tmp_path / "data"), "--out", str(out)]
    assert main([*given, "--check"]) == 1 and "make codeowners" in capsys.readouterr().err
    assert main(given) == 0
    assert main([*given, "--check"]) == 0
    assert out.read_text(encoding="utf-8").endswith("/data/tinh-thu/ @mot-nhom/tinh\n")
