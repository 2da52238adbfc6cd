"""The face landmarker model file, verified before use."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from kiosk.resources import resource_path

MODEL_SHA256 = "64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff"
MODEL_SIZE = 3_758_596


class ModelError(RuntimeError):
    """The model file is missing or is not the one the kiosk was built with."""


def default_model_path() -> Path:
    return resource_path("models", "face_landmarker.task")


@cache
def verified_model_bytes(path: Path | None = None) -> bytes:
    """The model's bytes, after checking their sha256 (once per process and path)."""
    path = path or default_model_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ModelError(f"the face model {path} is missing; reinstall the kiosk") from exc
    except OSError as exc:
        raise ModelError(f"the face model {path} cannot be read ({exc.strerror})") from exc
    digest = hashlib.sha256(data).hexdigest()
    if digest != MODEL_SHA256:
        raise ModelError(
            f"the face model {path} is damaged or not the expected file "
            f"(sha256 {digest[:12]}…, expected {MODEL_SHA256[:12]}…, {len(data):,} bytes)"
        )
    return data
