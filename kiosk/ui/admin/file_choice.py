"""Choosing a file on the admin screen: a file dialog, never a typed path.

The dialog is Qt's own (not the platform's), window-modal, and opened without blocking, so it
looks the same on every machine, follows the screen's language and can be driven by tests.
It starts in the removable media folder when there is one (a USB stick), else in the home
folder. ``on_chosen`` gets the path when the administrator picks a file; cancelling does
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

#: Where a USB stick appears on a Debian machine, most likely first.
MEDIA_FOLDERS = (Path("/media"), Path("/run/media"), Path("/mnt"))


def start_folder() -> Path:
    """A mounted stick (``/media/STICK`` or ``/media/USER/STICK``: two levels, never walking
    into a mounted drive), else the home folder."""
    for folder in MEDIA_FOLDERS:
        try:
            near = [p for p in folder.glob("*") if p.is_dir()]
            near += [p for parent in near if not parent.is_mount() for p in parent.glob("*")]
            mounted = sorted(p for p in near if p.is_dir() and p.is_mount())
        except OSError:
            continue
        if mounted:
            return mounted[0]
    return Path.home()


def choose_file(
    parent: QWidget,
    title: str,
    name_filter: str,
    on_chosen: Callable[[Path], None],
    *,
    save_as: str | None = None,
) -> QFileDialog:
    """Open a file dialog; ``save_as`` (a suggested file name) makes it a save dialog."""
    dialog = QFileDialog(parent, title, str(start_folder()), name_filter)
    dialog.setObjectName("fileDialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if save_as is not None:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.selectFile(save_as)
        suffix = Path(save_as).suffix.lstrip(".")
        if suffix:
            dialog.setDefaultSuffix(suffix)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.resize(1100, 700)
    dialog.fileSelected.connect(lambda chosen: on_chosen(Path(chosen)))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
