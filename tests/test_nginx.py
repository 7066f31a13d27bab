"""A province's own web server: Debian's nginx started on a loopback port with the configuration
`congkhai nginx` writes, serving a built tree at the root and under a sub-path. Pages, headers,
a precompressed asset and the site's 404 page are fetched as a browser would."""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.publish.nginx import precompress

COMMUNE = "tinh-binh-son/huyen-an-lac/xa-an-dinh/"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    """A loopback port nothing listens on now (for a server a test starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """nginx running one generated server block, under a minimal main configuration."""

    def __init__(self, folder: Path, site: Path, prefix: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.prefix = prefix
        block = folder / "congkhai.conf"
        argv = ["nginx", "--site", str(site), "--prefix", prefix, "--server-name", "localhost"]
        assert main([*argv, "--listen", f"127.0.0.1:{self.port}", "--out", str(block)]) == 0
        main_config = folder / "nginx.conf"
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers read the test's files
        main_config.write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\n"
            f"error_log {folder}/error.log;\nevents {{}}\n"
            f"http {{\n  access_log off;\n  include {block};\n}}\n",
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(main_config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise AssertionError(self.process.stderr.read().decode()) from None
                time.sleep(0.05)
        raise AssertionError("nginx did not start")

    def get(self, path: str, at: str | None = None, **headers) -> tuple[int, dict, bytes]:
        """GET prefix + path (or the address `at` as it is)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", at or self.prefix + path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module", params=["/", "/cong-khai/"], ids=["root", "sub-path"])
def served(request, addressed_small_country, tmp_path_factory):
    if not Path(NGINX).is_file():
        pytest.fail("nginx is needed (apt install nginx-light): make test installs it")
    _, out = addressed_small_country
    folder = tmp_path_factory.mktemp("nginx")
    site = folder / "site"
    shutil.copytree(out / "site", site)  # the shared tree stays without .gz files
    server = Served(folder, site, request.param)
    yield server, site
    server.stop()


def test_pages_carry_the_policy_and_headers_as_http_headers(served):
    server, site = served
    status, headers, body = server.get(COMMUNE)
    assert status == 200 and body == (site / COMMUNE / "index.html").read_bytes()
    assert headers["content-type"] == "text/html; charset=utf-8"
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in policy.split(";")[1]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["cache-control"] == "public, max-age=300"
    # every inline script of the page is allowed by the header too
    stated = body.split(b'http-equiv="Content-Security-Policy" content="')[1].split(b'"')[0]
    for digest in stated.decode().split("script-src")[1].split(";")[0].split():
        assert digest in policy
    # a folder asked without its final slash: sent to it, under the same sub-path
    status, headers, _ = server.get(COMMUNE.rstrip("/"))
    assert status == 301 and headers["location"] == server.prefix + COMMUNE
    if server.prefix != "/":  # the sub-path itself, typed without its slash
        status, headers, _ = server.get("", at=server.prefix.rstrip("/"))
        assert status == 301 and headers["location"] == server.prefix


def test_a_theme_file_is_sent_compressed_ahead_and_kept_long(served):
    server, site = served
    bundle = next((site / "_theme" / "assets" / "javascripts").glob("bundle.*.min.js"))
    path = bundle.relative_to(site).as_posix()
    status, headers, body = server.get(path, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert body == (site / (path + ".gz")).read_bytes()  # the file written ahead, not made now
    assert gzip.decompress(body) == bundle.read_bytes()
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-security-policy"]  # every answer carries the headers
    status, headers, _ = server.get("_theme/assets/stylesheets/congkhai.css")
    assert status == 200 and headers["cache-control"] == "public, max-age=86400"
    status, headers, body = server.get(f"{COMMUNE}ngan-sach/2025-thu.csv")
    assert status == 200 and headers["content-type"] == "text/csv; charset=utf-8"
    assert body.startswith(b"\xef\xbb\xbf")


def test_a_missing_page_gets_the_sites_own_404_page(served):
    server, site = served
    status, headers, body = server.get(f"{COMMUNE}khong-co-trang-nay/")
    assert status == 404 and body == (site / "404.html").read_bytes()
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_precompressing_again_writes_only_what_changed_and_drops_what_left(tmp_path):
    (tmp_path / "a.html").write_text("<p>" + "công khai " * 100, encoding="utf-8")
    (tmp_path / "b.png").write_bytes(b"\x89PNG" * 200)
    (tmp_path / "c.css").write_text("a{}", encoding="utf-8")  # too small to gain
    (tmp_path / "d.csv").write_text("x," * 200, encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text("<urlset>" + " " * 300, encoding="utf-8")
    with gzip.open(tmp_path / "sitemap.xml.gz", "wb") as made:  # MkDocs's own, with a name inside
        made.write(b"<urlset/>")
    foreign = (tmp_path / "sitemap.xml.gz").read_bytes()
    assert precompress(tmp_path) == 2
    first = (tmp_path / "a.html.gz").read_bytes()
    assert precompress(tmp_path) == 0
    # a file rewritten, even with an older time (a copy keeping times): written again
    (tmp_path / "a.html").write_text("<p>" + "niêm yết " * 100, encoding="utf-8")
    os.utime(tmp_path / "a.html", (1, 1))
    (tmp_path / "d.csv").unlink()  # a withdrawn table: its .gz must not stay served
    assert precompress(tmp_path) == 1
    assert (
        gzip.decompress((tmp_path / "a.html.gz").read_bytes()) == (tmp_path / "a.html").read_bytes()
    )
    assert (tmp_path / "a.html.gz").read_bytes() != first
    assert (tmp_path / "sitemap.xml.gz").read_bytes() == foreign
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.html",
        "a.html.gz",
        "b.png",
        "c.css",
        "sitemap.xml",
        "sitemap.xml.gz",
    ]
    (tmp_path / "a.html").write_text("<p>", encoding="utf-8")  # shrank below the threshold
    precompress(tmp_path)
    assert not (tmp_path / "a.html.gz").exists()


def test_a_rebuilt_tree_never_keeps_a_stale_compressed_copy(small_country, tmp_path):
    """Compressed after one build, the tree then built twice after a commune's data changed (the
    build swaps its spare tree in): every .gz left beside a file is that file compressed."""
    from generator.pipeline.build import BuildOptions
    from generator.publish.run import run
    from generator.tools.bench import sample_modules
    from tests.conftest import TEST_DAY

    site = tmp_path / "site"
    options = BuildOptions(
        data_root=small_country, output=site, work=tmp_path / "work", jobs=1, as_of=TEST_DAY
    )
    assert run(options).ok
    assert precompress(site) > 100
    commune = next(
        p.parent for p in small_country.rglob("unit.yaml") if "villages" in p.read_text()
    )
    for _ in range(2):
        assert any(k.alter(commune) for k in sample_modules() if hasattr(k, "alter"))
        assert run(options).ok
    checked = 0
    for packed in site.rglob("*.gz"):
        source = packed.with_name(packed.name[:-3])
        if packed.read_bytes()[:9] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02":
            assert source.is_file() and gzip.decompress(packed.read_bytes()) == source.read_bytes()
            checked += 1
    assert checked > 50  # the units that did not change keep theirs


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--server-name", "x.gov.vn; include /etc/passwd"),
        ("--server-name", "x.gov.vn\nlocation / {}"),
        ("--listen", "80; evil"),
        ("--prefix", '/a"b/'),
        ("--prefix", "/a b/"),
    ],
)
def test_an_option_that_would_write_into_the_configuration_is_refused(
    option, value, tmp_path, capsys
):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html>", encoding="utf-8")
    out = tmp_path / "congkhai.conf"
    argv = ["nginx", "--site", str(site), "--server-name", "x.gov.vn", "--out", str(out)]
    with pytest.raises(SystemExit):
        main([*argv, option, value])
    assert f"tham số {option}" in capsys.readouterr().err
    assert not out.exists()
    # what an operator writes is taken
    assert main([*argv, "--server-name", "a.gov.vn *.b.gov.vn", "--listen", "[::1]:8080"]) == 0
    assert "server_name a.gov.vn *.b.gov.vn;" in out.read_text(encoding="utf-8")
