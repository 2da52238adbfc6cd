"""Reading the QR code of a ticket from a camera frame or an image file (OpenCV).

A few attempts, cheapest first: the picture as it is, a black-and-white version (thermal
paper is grey and glossy), an enlarged one (a code far from the camera), and OpenCV's second
detector. The first that decodes wins.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kiosk.vision.sources import Image

#: A photo of a ticket needs far less; a bigger picture is refused before it is decoded
#: (a small file can claim a huge picture and take gigabytes to decode).
MAX_PIXELS = 40_000_000
MAX_FILE_BYTES = 30 * 1024 * 1024


def _variants(image: Image) -> Iterator[Image]:
    yield image
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    yield binary
    yield cv2.resize(binary, None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST)


def decode_qr(frame: Any) -> str | None:
    """The text of the first QR code found in a BGR or grey image, or None."""
    image = np.asarray(frame)
    detectors = [cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()]
    for detector in detectors:
        for variant in _variants(image):
            text, _, _ = detector.detectAndDecode(variant)
            if text:
                return str(text)
    return None


def image_size(path: Path) -> tuple[int, int]:
    """Width and height from the file's header, without decoding its pixels; ValueError
    (naming the file) when it is no picture, or too big to decode safely."""
    from PIL import Image as PillowImage
    from PIL import UnidentifiedImageError

    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    too_big = (
        f"{path} has too many pixels; at most {MAX_PIXELS // 1_000_000} million are read "
        "(take the photo again, closer to the code)"
    )
    try:
        with PillowImage.open(path) as header:  # reads the header only
            width, height = header.size
    except PillowImage.DecompressionBombError as exc:
        raise ValueError(too_big) from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise ValueError(f"{path} is not an image that can be read") from exc
    if width * height > MAX_PIXELS:
        raise ValueError(too_big)
    return width, height


def decode_qr_file(path: Path) -> str | None:
    """Raises FileNotFoundError / ValueError with the file named when it cannot be read."""
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    image_size(path)
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError(f"{path} is not an image OpenCV can read")
    return decode_qr(image)
