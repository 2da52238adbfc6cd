"""The centre's security rules, confirmed by the visitor; the wording's version is recorded."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.domain.intake import Agreement, Step, text_fingerprint
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.labels import named_label


class AcknowledgementPage(WizardPage):
    step = Step.ACKNOWLEDGEMENT

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        ack = self.site.acknowledgement
        for number, rule in enumerate(ack.rules, start=1):
            label = named_label("rule", f"{number}.  {rule.get(self.language)}")
            label.setWordWrap(True)
            self.content.addWidget(label)
        self.confirm = QPushButton()
        self.confirm.setCheckable(True)
        self.confirm.setAccessibleName("confirm")
        self.confirm.setChecked(context.draft.acknowledgement is not None)
        self.message = named_label("errorText")
        self.message.setWordWrap(True)
        self.confirm.toggled.connect(self._on_confirm_toggled)
        self._on_confirm_toggled(self.confirm.isChecked())
        self.content.addSpacing(12)
        self.content.addWidget(self.confirm)
        self.content.addWidget(self.message)
        self.content.addStretch()

    def _on_confirm_toggled(self, on: bool) -> None:
        label = self.site.acknowledgement.confirm_label.get(self.language)
        self.confirm.setText(("✓  " if on else "") + label)
        self.message.clear()

    def title_text(self) -> str:
        return self.site.acknowledgement.title.get(self.language)

    def shown_text(self) -> list[str]:
        """Exactly what the visitor read and confirmed, for the fingerprint."""
        return self.site.acknowledgement.shown(self.language)

    def collect(self) -> None:
        draft = self.context.draft
        if not self.confirm.isChecked():
            draft.acknowledgement = None
        elif draft.acknowledgement is None or draft.acknowledgement.language != self.language:
            draft.acknowledgement = Agreement(
                version=self.site.acknowledgement.version,
                sha256=text_fingerprint(self.shown_text()),
                language=self.language,
                at=self.context.now(),
            )

    def accept(self) -> bool:
        self.collect()
        if self.context.draft.acknowledgement is None:
            self.message.setText(self.t("wizard.confirm_rules"))
            return False
        return True
