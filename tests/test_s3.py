"""`congkhai s3`: a built tree published to S3-compatible storage, here moto's server on a loopback
port: every file with its content type and cache lifetime, then only what changed, and what
left the site deleted."""

from __future__ import annotations

import hashlib
import shutil

import boto3
import pytest
from moto.server import ThreadedMotoServer

from generator.cli import main
from generator.publish.manifest import MANIFEST
from generator.publish.s3 import manifest_digests, sync
from tests.test_nginx import free_port

PAGE = "tinh-binh-son/huyen-an-lac/xa-an-dinh/index.html"


@pytest.fixture
def storage(monkeypatch):
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    for name, value in (
        ("AWS_ACCESS_KEY_ID", "thu"),
        ("AWS_SECRET_ACCESS_KEY", "thu"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
    ):
        monkeypatch.setenv(name, value)
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket="cong-khai")
    yield client, endpoint
    server.stop()


def objects(client) -> dict[str, dict]:
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket="cong-khai"):
        for item in page.get("Contents", []):
            found[item["Key"]] = item
    return found


def test_only_what_changed_is_uploaded_and_what_left_is_deleted(
    storage, addressed_small_country, tmp_path, capsys
):
    client, endpoint = storage
    _, out = addressed_small_country
    site = tmp_path / "site"
    shutil.copytree(out / "site", site)
    command = ["s3", "--bucket", "cong-khai", "--prefix", "tinh/", "--endpoint", endpoint]
    command += ["--site", str(site)]

    assert main(command) == 0
    local = manifest_digests((site / MANIFEST).read_text(encoding="utf-8"))
    held = objects(client)
    assert set(held) == {f"tinh/{p}" for p in [*local, MANIFEST]}
    page = client.get_object(Bucket="cong-khai", Key=f"tinh/{PAGE}")
    assert page["Body"].read() == (site / PAGE).read_bytes()
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"] == "public, max-age=300"
    assert page["Metadata"]["sha256"] == local[PAGE]
    bundle = next(p for p in local if p.endswith(".min.js") and "bundle." in p)
    head = client.head_object(Bucket="cong-khai", Key=f"tinh/{bundle}")
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
    workbook = next(p for p in local if p.endswith(".xlsx"))
    head = client.head_object(Bucket="cong-khai", Key=f"tinh/{workbook}")
    assert head["ContentType"].startswith("application/vnd.openxmlformats")
    assert "Đã tải lên" in capsys.readouterr().out

    # the same tree again: nothing but SHA256SUMS goes up
    assert main(command) == 0
    assert "Đã tải lên 0 tệp" in capsys.readouterr().out

    # a page changed and a download withdrawn: that page up, that file deleted
    (site / PAGE).write_bytes((site / PAGE).read_bytes() + b"\n")
    withdrawn = next(p for p in local if p.endswith(".csv"))
    (site / withdrawn).unlink()
    lines = (site / MANIFEST).read_text(encoding="utf-8").splitlines()
    digest = hashlib.sha256((site / PAGE).read_bytes()).hexdigest()
    lines = [
        f"{digest}  {PAGE}" if line.endswith(f"  {PAGE}") else line
        for line in lines
        if not line.endswith(f"  {withdrawn}")
    ]
    (site / MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(command) == 0
    assert "Đã tải lên 1 tệp" in capsys.readouterr().out
    held = objects(client)
    assert f"tinh/{withdrawn}" not in held and len(held) == len(local)
    assert client.get_object(Bucket="cong-khai", Key=f"tinh/{PAGE}")["Body"].read().endswith(b"\n")


def test_storage_that_cannot_be_reached_is_said_in_vietnamese(
    addressed_small_country, monkeypatch, capsys
):
    _, out = addressed_small_country
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "thu")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "thu")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    port = free_port()  # nothing listens on it
    site = str(out / "site")
    argv = ["s3", "--bucket", "b", "--endpoint", f"http://127.0.0.1:{port}", "--site", site]
    assert main(argv) == 2
    said = capsys.readouterr()
    assert "Không đăng được lên kho lưu trữ" in said.err and "Traceback" not in said.err


class _Recorder:
    """A client that writes down what it is asked, in order."""

    class exceptions:  # noqa: N801  boto3's spelling
        class NoSuchKey(Exception):
            pass

    def __init__(self, published: str = ""):
        self.published, self.calls = published, []

    def get_object(self, Bucket, Key):  # noqa: N803
        if not self.published:
            raise self.exceptions.NoSuchKey
        return {"Body": _Body(self.published.encode())}

    def put_object(self, Key, **_):  # noqa: N803
        self.calls.append(("put", Key))

    def delete_objects(self, Delete, **_):  # noqa: N803
        self.calls.append(("delete", [o["Key"] for o in Delete["Objects"]]))


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self) -> bytes:
        return self.data


def test_files_go_up_before_the_pages_that_point_to_them_and_leave_after(tmp_path):
    for name, text in (("a.html", "<p>"), ("b.css", "x"), ("c/d.html", "<p>"), ("e.csv", "1")):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    sums = "".join(
        f"{hashlib.sha256((tmp_path / n).read_bytes()).hexdigest()}  {n}\n"
        for n in ("a.html", "b.css", "c/d.html", "e.csv")
    )
    (tmp_path / MANIFEST).write_text(sums, encoding="utf-8")
    client = _Recorder(published=f"{'0' * 64}  old.csv\n")
    sync(tmp_path, client, "b", "p", say=lambda _: None)
    puts = [key for kind, key in client.calls if kind == "put"]
    assert puts[:2] == ["p/b.css", "p/e.csv"] and set(puts[2:4]) == {"p/a.html", "p/c/d.html"}
    assert puts[-1] == f"p/{MANIFEST}" and client.calls[-1] == ("delete", ["p/old.csv"])
