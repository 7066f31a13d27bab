"""axe-core, the accessibility engine the WCAG tests run in Chromium: one pinned release from the
npm registry, checked against its published SHA-512 before use, kept in the virtualenv.

`python tests/axe_core.py` (run by `make test`) fetches it once; nothing is fetched by a test."""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
# the registry's "integrity" of the tarball (npm's Subresource Integrity form)
INTEGRITY = (
    "sha512-"
    "FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)
SCRIPT = Path(sys.prefix) / "share" / f"axe-core-{VERSION}" / "axe.min.js"


def fetch() -> Path:
    """The engine's script, downloaded and checked the first time."""
    if SCRIPT.is_file():
        return SCRIPT
    with urllib.request.urlopen(TARBALL, timeout=60) as response:
        packed = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(packed).digest()).decode()
    if digest != INTEGRITY:
        raise SystemExit(f"axe-core {VERSION}: SHA-512 {digest} is not the pinned {INTEGRITY}")
    with tarfile.open(fileobj=io.BytesIO(packed), mode="r:gz") as archive:
        script = archive.extractfile("package/axe.min.js").read()
    SCRIPT.parent.mkdir(parents=True, exist_ok=True)
    SCRIPT.write_bytes(script)
    return SCRIPT


if __name__ == "__main__":
    print(fetch())
