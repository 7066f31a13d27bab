"""Publishing a built tree to a server directory with rsync, switched atomically: the tree goes
into a new release folder (files that did not change are hard links to the current release's, so
an upload costs what changed), then the `current` link is replaced in one rename; the web server
serves `current/`. The release before stays for `--rollback`; older ones are removed.

TARGET/
  releases/20261207-203000/   a whole tree each
  current -> releases/20261207-203000
  previous -> releases/20261206-181500

The target is a local folder or `host:/folder` (over ssh, as rsync names it)."""

from __future__ import annotations

import datetime as dt
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

RELEASES = "releases"


class PublishProblem(Exception):
    """Why publishing stopped, in Vietnamese; nothing the readers see has changed."""


@dataclass(frozen=True)
class Target:
    host: str  # "" for a folder on this machine
    folder: str

    @classmethod
    def parse(cls, text: str) -> Target:
        host, colon, folder = text.partition(":")
        if colon and "/" not in host:  # rsync's host:/path
            return cls(host, folder.rstrip("/") or "/")
        return cls("", text.rstrip("/") or "/")

    def path(self, *parts: str) -> str:
        joined = "/".join((self.folder, *parts))
        return f"{self.host}:{joined}" if self.host else joined

    def shell(self, script: str, make: bool = False) -> subprocess.CompletedProcess:
        """Run a shell script in the target folder (`make`: made first if missing), on its host."""
        folder = shlex.quote(self.folder)
        # set -e: a step that fails stops the script there, with its status
        command = "set -e; " + (f"mkdir -p {folder}; " if make else "") + f"cd {folder}; {script}"
        argv = ["ssh", self.host, command] if self.host else ["sh", "-c", command]
        return subprocess.run(argv, capture_output=True, text=True)


def publish(site: Path, target: Target, now: dt.datetime | None = None) -> str:
    """Upload `site` as a new release and switch `current` to it. Returns the release's name."""
    if not (site / "index.html").is_file():
        raise PublishProblem(f"Không thấy cây trang đã xây dựng trong {site}/.")
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d-%H%M%S")
    # a new folder, never one a link names: two uploads in one second get -2, -3…
    made = target.shell(
        f"mkdir -p {RELEASES}; n={stamp}; i=1; while [ -e {RELEASES}/$n ]; do"
        f" i=$((i+1)); n={stamp}-$i; done; mkdir {RELEASES}/$n; echo $n",
        make=True,
    )
    name = made.stdout.strip()
    if made.returncode or not name:
        raise PublishProblem(
            f"Không tạo được thư mục {target.path(RELEASES)}: {made.stderr.strip()}"
        )
    # --link-dest: a file the current release holds unchanged is a hard link to it
    upload = subprocess.run(
        [
            "rsync",
            "--archive",
            "--delete",
            "--link-dest=../../current/",
            f"{site}/",
            target.path(RELEASES, name) + "/",
        ],
        capture_output=True,
        text=True,
    )
    if upload.returncode:
        target.shell(f"rm -rf {RELEASES}/{shlex.quote(name)}")
        raise PublishProblem(
            f"Tải lên không xong (rsync: {upload.stderr.strip()}); trang cũ vẫn đăng."
        )
    _switch(target, f"{RELEASES}/{name}")
    return name


def rollback(target: Target) -> str:
    """Serve the release before the current one again. Returns its folder."""
    found = target.shell("readlink previous")
    before = found.stdout.strip()
    if found.returncode or not before:
        raise PublishProblem("Không có bản đăng trước để quay lại.")
    _switch(target, before)
    return before


def _switch(target: Target, release: str) -> None:
    """`current` to `release` in one rename (`previous` to what it was), then the releases
    neither names removed."""
    quoted = shlex.quote(release)
    script = (
        f"old=$(readlink current || true); ln -sfn {quoted} current.new"
        " && mv -T current.new current"
        f' && if [ -n "$old" ] && [ "$old" != {quoted} ]; then'
        ' ln -sfn "$old" previous.new && mv -T previous.new previous; fi'
        f" && for r in {RELEASES}/*; do"
        ' [ "$r" = "$(readlink current)" ] || [ "$r" = "$(readlink previous)" ] || rm -rf "$r";'
        " done"
    )
    done = target.shell(script)
    if done.returncode:
        raise PublishProblem(f"Không chuyển được sang bản mới: {done.stderr.strip()}")
