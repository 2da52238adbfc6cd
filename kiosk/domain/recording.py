"""The kiosk's face-check recording: Motion-JPEG frames with their times in one blob.

``KVID1``: a magic line, a 4-byte big-endian header length, a JSON header (frame size, times,
lengths), then the JPEG frames back to back. Packing and unpacking need no image library, so
the counter's player and the vault handle recordings without OpenCV.
"""

from __future__ import annotations

import json
import struct

MAGIC = b"KVID1\n"


class RecordingDamaged(ValueError):
    """The bytes are not a whole kiosk recording."""


def pack_recording(size: tuple[int, int] | None, frames: list[tuple[int, bytes]]) -> bytes:
    header = {
        "size": size,
        "times": [t for t, _ in frames],
        "lengths": [len(d) for _, d in frames],
    }
    blob = json.dumps(header).encode()
    return MAGIC + struct.pack(">I", len(blob)) + blob + b"".join(d for _, d in frames)


def unpack_recording(video: bytes) -> list[tuple[int, bytes]]:
    """(time in ms, JPEG bytes) of every frame."""
    if not video.startswith(MAGIC) or len(video) < len(MAGIC) + 4:
        raise RecordingDamaged("not a kiosk recording")
    offset = len(MAGIC)
    (length,) = struct.unpack(">I", video[offset : offset + 4])
    offset += 4
    try:
        header = json.loads(video[offset : offset + length])
        times, lengths = header["times"], header["lengths"]
    except (ValueError, KeyError, TypeError) as exc:
        raise RecordingDamaged("the recording's header is damaged") from exc
    offset += length
    frames = []
    for timestamp, size in zip(times, lengths, strict=True):
        data = video[offset : offset + size]
        if len(data) != size:
            raise RecordingDamaged("the recording is cut short")
        frames.append((int(timestamp), data))
        offset += size
    return frames
