"""Reading PDFs back with poppler's command-line tools, for assertions on printed tickets."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def page_size_mm(path: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert match, info
    return float(match.group(1)) * 25.4 / 72, float(match.group(2)) * 25.4 / 72


def text_of(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def fonts_of(path: Path) -> list[dict[str, str]]:
    """pdffonts rows: name, type, emb (yes/no)."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type [type…] encoding emb sub uni object-id generation
        rows.append({"name": parts[0], "emb": parts[-5], "line": line})
    return rows


def to_png(path: Path, out_stem: Path, dpi: int = 150) -> Path:
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(path), str(out_stem)], check=True
    )
    return out_stem.with_suffix(".png")
