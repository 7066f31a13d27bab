"""Publishing a built tree to S3-compatible object storage (what provinces rent from Vietnamese
clouds): only the files whose SHA-256 changed are uploaded, each with its content type, charset
and cache lifetime, and what left the site is deleted last.

What the bucket holds is known from the SHA256SUMS uploaded with it (under the prefix): no object
is listed or read back. Order matters to a reader who loads a page in the middle of a publication:
files other than pages first (a new page never points to a file not there yet), then pages, then
SHA256SUMS, then deletions (an old page never loses a file it points to before it is replaced)."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.publish.manifest import MANIFEST
from generator.publish.serving import cache_control, content_type

DELETE_BATCH = 1000  # the most keys one DeleteObjects request takes


@dataclass
class SyncReport:
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0


def manifest_digests(text: str) -> dict[str, str]:
    """{path: SHA-256} from SHA256SUMS's lines («digest  path»)."""
    found = {}
    for line in text.splitlines():
        digest, _, path = line.partition("  ")
        if len(digest) == 64 and path:
            found[path] = digest
    return found


def headers(path: str) -> dict[str, str]:
    """The object's ContentType and CacheControl, as a web server would send them."""
    found = content_type(path) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    return {"ContentType": found, "CacheControl": cache_control(path)}


def sync(
    site: Path,
    client,
    bucket: str,
    prefix: str = "",
    say: Callable[[str], None] = print,
    full: bool = False,
) -> SyncReport:
    """Bring bucket/prefix to the tree in `site`; `client` is a boto3 S3 client. `full`: upload
    every file, whatever the bucket's SHA256SUMS says (after objects were changed by hand)."""
    prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
    text = (site / MANIFEST).read_text(encoding="utf-8")
    local = manifest_digests(text)
    remote = _published(client, bucket, prefix + MANIFEST)
    if full:
        remote = dict.fromkeys(remote, "")
    changed = [p for p, digest in local.items() if remote.get(p) != digest]
    report = SyncReport(unchanged=len(local) - len(changed))
    pages = [p for p in changed if p.endswith(".html")]
    for path in [*(p for p in changed if not p.endswith(".html")), *pages]:
        _put(client, bucket, prefix + path, (site / path).read_bytes(), path, local[path])
        report.uploaded.append(path)
    whole = text.encode("utf-8")
    digest = hashlib.sha256(whole).hexdigest()
    _put(client, bucket, prefix + MANIFEST, whole, MANIFEST, digest)
    gone = sorted(set(remote) - set(local))
    for start in range(0, len(gone), DELETE_BATCH):
        batch = gone[start : start + DELETE_BATCH]
        client.delete_objects(
            Bucket=bucket,
            Delete={"Objects": [{"Key": prefix + p} for p in batch], "Quiet": True},
        )
        report.deleted.extend(batch)
    say(
        f"Đã tải lên {len(report.uploaded)} tệp, giữ nguyên {report.unchanged} tệp, "
        f"xóa {len(report.deleted)} tệp không còn trên trang."
    )
    return report


def _put(client, bucket: str, key: str, body: bytes, path: str, digest: str) -> None:
    client.put_object(
        Bucket=bucket, Key=key, Body=body, Metadata={"sha256": digest}, **headers(path)
    )


def _published(client, bucket: str, key: str) -> dict[str, str]:
    """What the bucket holds, from the SHA256SUMS uploaded last; empty before the first time."""
    try:
        answer = client.get_object(Bucket=bucket, Key=key)
    except client.exceptions.NoSuchKey:
        return {}
    return manifest_digests(answer["Body"].read().decode("utf-8"))
