"""What a dataset page's printed notice carries besides its article: the page's address, a QR code
that leads to it, and the SHA-256 of each file a reader can download from it."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import segno

from generator.render.downloads import OfferedFile


@dataclass
class PrintedPage:
    address: str  # a full URL when the site's address is known, else the page's path in the tree
    absolute: bool
    stem: str  # the page's file name without .md: its QR code is "<stem>-ma-qr.svg" beside it
    digests: tuple[tuple[str, str], ...]  # (download's file name, its SHA-256)
    made: dict[str, bytes] = field(default_factory=dict)  # files to write beside the page

    def qr_file(self) -> str:
        """The QR code's file name, made on first use: "" when the address is not a full URL."""
        if not self.absolute:
            return ""
        name = f"{self.stem}-ma-qr.svg"
        if name not in self.made:
            self.made[name] = qr_svg(self.address)
        return name


def printed_page(address: str, absolute: bool, stem: str, offered: list[OfferedFile]):
    """What the printed page of `stem` (its file name without .md) carries: its CSV files'
    digests (on paper, one format of each table is enough to check against)."""
    return PrintedPage(
        address=address,
        absolute=absolute,
        stem=stem,
        digests=tuple((f.name, f.sha256) for f in offered if f.format == "csv"),
    )


def qr_svg(url: str) -> bytes:
    """A QR code of `url` as a small SVG (one path, no XML declaration, sized by its viewBox)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", xmldecl=False, nl=False, border=2, omitsize=True, title="Mã QR"
    )
    return out.getvalue()
