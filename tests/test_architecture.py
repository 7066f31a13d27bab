"""The shape of generator/: layers that import only the ones below them, tools a build never
loads, kinds that are one folder each, checks that change nothing."""

from __future__ import annotations

import ast
import copy
import subprocess
import sys
from pathlib import Path

import pytest

from generator.input.sources import UnitSources
from generator.kinds.registry import all_kinds
from generator.model.problems import Problems
from generator.pipeline.tree import read_tree
from tests.conftest import REPO, SAMPLE_DATA

GENERATOR = REPO / "generator"
# Each layer imports only from the layers before it (and itself).
LAYERS = ["model", "input", "checks", "kinds", "render", "pipeline", "publish", "cli"]


def layer_of(path: Path) -> str:
    """The layer a module belongs to; a kind's sample.py is part of the tools."""
    parts = path.relative_to(GENERATOR).parts
    if parts[0] == "tools" or (parts[0] == "kinds" and parts[-1] == "sample.py"):
        return "tools"
    if len(parts) == 1:
        return "cli"  # cli.py, __main__.py, __init__.py
    return parts[0]


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every generator module the file imports, wherever the import is."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, alias.name)
                for alias in node.names
                if alias.name.startswith("generator")
            ]
    return found


def target_layer(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[1] in ("cli", "__version__", "__main__"):
        return "cli" if len(parts) > 1 and parts[1] == "cli" else None
    if parts[1] == "tools" or (parts[1] == "kinds" and "sample" in parts[3:4]):
        return "tools"
    return parts[1] if parts[1] in LAYERS else None


def test_each_layer_imports_only_the_layers_below_it():
    wrong = []
    for path in sorted(GENERATOR.rglob("*.py")):
        layer = layer_of(path)
        for line, module in imported_modules(path):
            target = target_layer(module)
            if target is None or layer in ("tools", "cli") and target != "cli":
                continue  # the tools and the command line, on top, may use any layer
            if target == "tools" or LAYERS.index(target) > LAYERS.index(layer):
                wrong.append(
                    f"{path.relative_to(REPO)}:{line} ({layer}) imports {module} ({target})"
                )
    assert not wrong, "\n".join(wrong)


def test_the_layer_test_sees_an_upward_import(tmp_path):
    """The check above is not vacuous: a model module importing the pipeline is caught."""
    module = GENERATOR / "model" / "facts.py"
    assert layer_of(module) == "model"
    assert target_layer("generator.pipeline.build.run") == "pipeline"
    assert LAYERS.index("pipeline") > LAYERS.index("model")
    assert target_layer("generator.kinds.budget.sample.write") == "tools"
    assert layer_of(GENERATOR / "kinds" / "budget" / "sample.py") == "tools"


def test_a_build_loads_no_tool(tmp_path):
    """The sample country, bench and scaffolding stay apart: `congkhai build` never imports them."""
    script = (
        "import sys\n"
        "from generator.cli import main\n"
        f"code = main(['build', '--data', {str(SAMPLE_DATA)!r}, "
        f"'--output', {str(tmp_path / 's')!r}, "
        f"'--work', {str(tmp_path / 'w')!r}, '-j', '1', '--unit', '99'])\n"
        "loaded = [m for m in sys.modules if m.startswith('generator') "
        "and (m.startswith('generator.tools') or m.endswith('.sample'))]\n"
        "print(code, loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stdout + done.stderr


def test_a_kinds_folder_name_appears_only_in_its_folder():
    """A kind is its folder plus its registration line: nothing else in the code, the templates,
    the theme or the documentation names it (the sample data, the tests and the staff's guides to
    the data's folders, data/README and docs/can-bo/, may)."""
    tracked = subprocess.run(
        ["git", "ls-files"], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout.split()
    for kind in all_kinds():
        outside = [
            name
            for name in tracked
            if not name.startswith(
                ("data/", "tests/", "docs/can-bo/", f"generator/kinds/{kind.name}/")
            )
            and kind.folder in (REPO / name).read_text(encoding="utf-8", errors="replace")
        ]
        assert outside == [], f"«{kind.folder}» named outside its kind's folder"


def contents(dataset) -> tuple:
    """What a dataset holds: its metadata and every table's rows, deep-copied."""
    return copy.deepcopy(
        (dataset.metadata, {name: table.rows for name, table in dataset.tables.items()})
    )


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda kind: kind.name)
def test_prepare_makes_new_rows_and_checks_change_nothing(kind, monkeypatch):
    """What staff typed is never rewritten: a kind's prepare() returns new rows, and its checks
    only report."""
    prepare = kind.prepare
    monkeypatch.setattr(kind, "prepare", lambda unit, dataset: dataset)  # the datasets as read
    checked = 0
    for unit in read_tree(SAMPLE_DATA, Problems()):
        for read in kind.load(unit, Problems(), UnitSources(unit)):
            as_read = contents(read)
            prepared = prepare(unit, read)
            assert contents(read) == as_read
            before = contents(prepared)
            problems = Problems()
            kind.check(unit, prepared, problems)
            assert contents(prepared) == before and not problems.errors
            checked += 1
    assert checked
