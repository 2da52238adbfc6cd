"""Reading the QR code of a ticket from a camera frame or an image file (OpenCV)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np


def decode_qr(frame: Any) -> str | None:
    """The text of the first QR code found in a BGR or grey image, or None."""
    image = np.asarray(frame)
    detector = cv2.QRCodeDetector()
    text, _, _ = detector.detectAndDecode(image)
    if text:
        return str(text)
    if image.ndim == 3:
        # Thermal paper photographed in poor light: try again on a contrast-stretched grey image.
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        text, _, _ = detector.detectAndDecode(cv2.equalizeHist(grey))
    return str(text) if text else None


def decode_qr_file(path: Path) -> str | None:
    """Raises FileNotFoundError / ValueError with the file named when it cannot be read."""
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError(f"{path} is not an image OpenCV can read")
    return decode_qr(image)
