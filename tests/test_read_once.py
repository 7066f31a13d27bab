"""Parse once: during a build, every source file of the data is opened exactly once (the bytes
that give its digest give its rows), by the main process or by whichever worker builds its unit;
a build after no change opens none, and after one file changes, only that unit's files.

Opens are seen through Python's audit hooks ("open" events: what `strace -e openat` would show of
the data folder), set before the command line runs and inherited by the forked workers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from generator.kinds.registry import all_kinds
from tests.conftest import REPO, SAMPLE_DATA

RUN = """
import os, sys
log = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
data = os.path.realpath(sys.argv[2])
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        if os.path.realpath(path).startswith(data + os.sep):
            os.write(log, (os.path.realpath(path) + "\\n").encode())
sys.addaudithook(hook)
from generator.cli import main
sys.exit(main(sys.argv[3:]))
"""


def opened(tmp_path: Path, data: Path, name: str) -> Counter:
    log = tmp_path / f"{name}.log"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            RUN,
            str(log),
            str(data),
            "build",
            "--data",
            str(data),
            "--output",
            str(tmp_path / "site"),
            "--work",
            str(tmp_path / "build"),
            "-j",
            "2",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return Counter(log.read_text(encoding="utf-8").splitlines()) if log.is_file() else Counter()


def test_each_source_file_is_opened_once_a_build(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    # a file changed within two seconds may change again unseen: it would be read again
    time.sleep(2.5)
    first = opened(tmp_path, data, "first")
    sources = sorted(
        str(p.resolve()) for p in data.rglob("*") if p.is_file() and p.name != "README.md"
    )
    csvs = [p for p in sources if p.endswith(".csv")]
    assert len(csvs) > 100
    # A kind that flows down the tree is held by the top unit and read by every unit below it:
    # its files are read by the top unit's survey and once by each worker surveying units below
    # (at most 1 + 2 with -j 2); every other file exactly once.
    flowing = [f"{os.sep}{k.folder}{os.sep}" for k in all_kinds() if k.flows_down]
    held = [p for p in sources if any(f in p for f in flowing)]
    assert held and all(1 <= first[p] <= 3 for p in held), {p: first[p] for p in held}
    others = [p for p in sources if p not in held]
    assert {path: first[path] for path in others} == dict.fromkeys(others, 1)
    csvs = [p for p in csvs if p not in held]

    assert opened(tmp_path, data, "unchanged") == Counter()  # digests and surveys come from build/

    changed = Path(csvs[0])
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    time.sleep(2.5)
    again = opened(tmp_path, data, "again")
    assert again[str(changed)] == 1
    unit = next(parent for parent in changed.parents if (parent / "unit.yaml").is_file())
    assert set(again) <= {p for p in sources if Path(p).is_relative_to(unit)}
