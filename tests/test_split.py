"""`congkhai split`: a province's pages as a site of its own (a country published as one site a
province, under each host's limits): everything it links to is in it or on the whole tree's
published site, its SHA256SUMS lists exactly its files, and Debian's nginx serves it with the
site's 404 page."""

from __future__ import annotations

import hashlib
import posixpath
import re
import subprocess

from generator.cli import main
from generator.publish.manifest import MANIFEST
from generator.publish.s3 import manifest_digests
from tests.conftest import ADDRESSED_SITE_URL
from tests.test_nginx import Served

LINK = re.compile(r'\s(?:href|src)="([^"]*)"')


def test_a_province_is_a_site_of_its_own(addressed_small_country, tmp_path):
    _, out = addressed_small_country
    own = tmp_path / "tinh"
    assert main(["split", "--unit", "99", "--site", str(out / "site"), "--out", str(own)]) == 0

    files = {p.relative_to(own).as_posix() for p in own.rglob("*") if p.is_file()}
    listed = manifest_digests((own / MANIFEST).read_text(encoding="utf-8"))
    assert set(listed) == files - {MANIFEST}
    for name, digest in listed.items():
        assert hashlib.sha256((own / name).read_bytes()).hexdigest() == digest, name
    units = (own / "don-vi.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert units and all(",tinh-binh-son/" in row for row in units)

    outside = 0
    for name in (n for n in files if n.endswith(".html")):
        for value in LINK.findall((own / name).read_text(encoding="utf-8")):
            value = value.split("#")[0].split("?")[0]
            if not value or value.startswith(("mailto:", "tel:", "data:")):
                continue
            if value.startswith("http"):
                assert value.startswith(ADDRESSED_SITE_URL), (name, value)
                outside += 1
                continue
            if value.startswith("/"):  # the 404 page's links from the host's root
                target = value.strip("/") or "."
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), value))
            target = target.rstrip("/")
            assert target in files or f"{target}/index.html" in files or target == ".", (
                name,
                value,
            )

    server = Served(tmp_path / "nginx", own, "/")
    try:
        status, _, body = server.get("tinh-binh-son/huyen-an-lac/xa-an-dinh/")
        assert status == 200 and "Xã An Định" in body.decode("utf-8")
        status, _, body = server.get("")
        assert status == 200 and b"url=tinh-binh-son/" in body
        status, _, body = server.get("tinh-binh-son/khong-co/")
        assert status == 404 and body == (own / "404.html").read_bytes()
    finally:
        server.stop()
    assert subprocess.run(["sha256sum", "-c", "--quiet", MANIFEST], cwd=own).returncode == 0
