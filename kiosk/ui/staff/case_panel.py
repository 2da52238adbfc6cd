"""The case of the visitor at the counter: what they entered, under the questions they read,
their agreements, the face check with its video and clearest frame.

Signals:
    play_requested(): the clerk wants to see the face-check video.
    close_requested(): the clerk is done with the case.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.case_view import CaseVideo, CaseView
from kiosk.settings.translations import tr
from kiosk.ui.widgets.labels import discard, named_label
from kiosk.ui.widgets.video_player import VideoPlayer


def _plain(label: QLabel) -> QLabel:
    """What a visitor typed is shown as text, never read as rich text."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CasePanel(QFrame):
    play_requested = Signal()
    close_requested = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("casePanel")
        self.language = language
        self.title = named_label("caseTitle")
        self.title.setWordWrap(True)
        self.rows = QWidget()
        self.grid = QGridLayout(self.rows)
        self.grid.setColumnStretch(1, 1)
        self.grid.setVerticalSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.rows)
        self.player = VideoPlayer()
        self.best_frame = QLabel()
        self.best_frame.setObjectName("bestFrame")
        self.best_frame.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.best_frame.setFixedSize(180, 180)
        self.play = QPushButton(tr(language, "staff.case.play"))
        self.play.setObjectName("playVideo")
        self.play.clicked.connect(self.play_requested)
        self.video_note = named_label("caseNote")
        self.video_note.setWordWrap(True)
        close = QPushButton(tr(language, "staff.case.close"))
        close.clicked.connect(self.close_requested)
        self.frame_note = _plain(named_label("caseNote", tr(language, "staff.case.best_frame")))
        media = QVBoxLayout()
        media.addWidget(self.play)
        media.addWidget(self.video_note)
        media.addWidget(self.player, 3)
        frame_row = QHBoxLayout()
        frame_row.addWidget(self.best_frame)
        frame_row.addWidget(self.frame_note, 1)
        media.addLayout(frame_row)
        media.addStretch()
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(close)
        body = QHBoxLayout()
        body.addWidget(scroll, 3)  # the answers get the height they need
        body.addLayout(media, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.player.hide()
        self.best_frame.hide()
        self.frame_note.hide()

    def _row(self, row: int, question: str, answer: str, *, missing: bool = False) -> None:
        q = _plain(named_label("caseQuestion", question))
        a = _plain(named_label("caseMissing" if missing else "caseAnswer", answer))
        self.grid.addWidget(q, row, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(a, row, 1)

    def show_case(self, view: CaseView) -> None:
        t = self.language
        self.clear()
        self.title.setText(
            tr(t, "staff.case.title", code=view.ticket_code, case_type=view.case_type)
        )
        row = 0
        for line in view.answers:
            self._row(row, line.question, line.answer, missing=not line.answered)
            row += 1
        extra = [
            (tr(t, "staff.case.language"), view.visitor_language, False),
            (tr(t, "staff.case.rules"), view.acknowledgement, False),
            (tr(t, "staff.case.consent"), view.consent, False),
            (
                tr(t, "staff.case.face"),
                "\n".join([view.face_check, *view.face_reasons]),
                view.manual_id_check,
            ),
        ]
        if view.assisted_by:
            extra.insert(1, (tr(t, "staff.case.assisted"), view.assisted_by, False))
        if view.callback:
            extra.append((tr(t, "staff.callbacks"), view.callback, False))
        if view.note:
            extra.append((tr(t, "staff.case.note"), view.note, False))
        for question, answer, warn in extra:
            self._row(row, question, answer, missing=warn)
            row += 1
        self.play.setVisible(view.has_video)
        self.play.setEnabled(view.has_video)
        self.video_note.setText("" if view.has_video else tr(t, "staff.case.no_video"))
        self.show()

    def show_video(self, video: CaseVideo) -> None:
        self.player.show()
        self.player.load(video.frames)
        self.player.play()
        self.play.setText(tr(self.language, "staff.case.replay"))
        picture = QPixmap()
        if video.best_frame and picture.loadFromData(video.best_frame):
            self.best_frame.setPixmap(
                picture.scaled(
                    self.best_frame.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.best_frame.show()
            self.frame_note.show()

    def clear(self) -> None:
        """Nothing of the last case stays on screen (or in memory)."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                discard(widget)
        self.player.clear()
        self.player.hide()
        self.best_frame.clear()
        self.best_frame.hide()
        self.frame_note.hide()
        self.play.setText(tr(self.language, "staff.case.play"))
