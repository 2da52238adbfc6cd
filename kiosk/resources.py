"""Where the files shipped with the kiosk (site defaults, models, fonts, sounds) are found."""

from __future__ import annotations

import os
from pathlib import Path


def resources_root() -> Path:
    """``KIOSK_RESOURCES`` if set, otherwise the ``resources/`` folder beside the package."""
    override = os.environ.get("KIOSK_RESOURCES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)


def sample_clip() -> Path:
    """The one real face clip that ships with the kiosk (the camera of demos and tests).

    ``KIOSK_SAMPLE_CLIP`` overrides it.
    """
    override = os.environ.get("KIOSK_SAMPLE_CLIP")
    if override:
        return Path(override)
    return (
        Path(__file__).resolve().parents[1]
        / "tests"
        / "data"
        / "live_mouth_open_smile_liveportrait_d18.mp4"
    )
