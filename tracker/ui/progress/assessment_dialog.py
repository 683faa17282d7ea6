"""'New assessment' for a lesion outside any injection session (a review visit)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QVBoxLayout, QWidget

from tracker.ui.progress.assessment_entry import AssessmentEntry


class NewAssessmentDialog(QDialog):
    def __init__(self, ctx, lesion_id: int, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle("New assessment")
        self.entry = AssessmentEntry(ctx, lesion_id, show_save_button=False, parent=self)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.Save)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.entry)
        layout.addWidget(buttons)
        self.resize(620, 560)
        self.saved_id: int | None = None

    def _save(self) -> None:
        view = self.entry.save()
        if view is not None:
            self.saved_id = view.id
            self.accept()

    def reject(self) -> None:
        if self.entry.has_unsaved_changes():
            answer = QMessageBox.question(self, "Discard this assessment?",
                                          "The values typed here are not saved. Close and lose them?",
                                          QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Cancel)
            if answer != QMessageBox.Discard:
                return
        super().reject()
