"""A picture handed to the ticket look-up is measured before it is decoded."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from kiosk.vision.qr import decode_qr_file, image_size


def claimed_png(path: Path, width: int, height: int) -> Path:
    """A tiny PNG file whose header claims ``width`` x ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    png += chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    path.write_bytes(png)
    return path


@pytest.mark.parametrize(("width", "height"), [(30_000, 30_000), (8_000, 8_000)])
def test_a_picture_claiming_too_many_pixels_is_refused_unread(
    tmp_path: Path, width: int, height: int
) -> None:
    bomb = claimed_png(tmp_path / "bomb.png", width, height)
    assert bomb.stat().st_size < 500
    with pytest.raises(ValueError, match="too many pixels"):
        decode_qr_file(bomb)


def test_a_normal_photo_size_is_read(tmp_path: Path) -> None:
    assert image_size(claimed_png(tmp_path / "photo.png", 4000, 3000)) == (4000, 3000)


def test_a_file_that_is_no_picture_is_named(tmp_path: Path) -> None:
    junk = tmp_path / "ticket.png"
    junk.write_bytes(b"not a picture at all")
    with pytest.raises(ValueError, match="not an image"):
        decode_qr_file(junk)
