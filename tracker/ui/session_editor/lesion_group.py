"""The injections into one lesion: one agent, or a mixture of several
(5-FU with triamcinolone) whose components share a mix group."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tracker.services.catalog import AgentView
from tracker.services.lesions import LesionView
from tracker.ui.session_editor.injection_form import InjectionForm
from tracker.ui.widgets.focus_chain import tab_stops


class LesionGroup(QGroupBox):
    changed = Signal()
    form_activated = Signal(object)
    #: a form was added or removed (the editor puts it in its Tab order)
    forms_changed = Signal()

    def __init__(self, ctx, lesion: LesionView, agents: tuple[AgentView, ...], *, adult_man=None,  # noqa: ANN001
                 given_before=None, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx, self.lesion, self.agents, self.adult_man = ctx, lesion, agents, adult_man
        self.given_before = given_before
        # The lesion is named in a heading that wraps: a group box's own title never wraps,
        # and a long one would set the form's least width (the fields then cut off behind a scroll bar).
        self.heading = QLabel(f"<b>{escape(lesion.label)}</b> \u2014 {escape(lesion.condition.label)}, "
                              f"{escape(lesion.site_phrase)}")
        self.heading.setWordWrap(True)
        self.setAccessibleName(f"Injections into {lesion.label}")
        self.forms: list[InjectionForm] = []
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.mix_button = QPushButton("Add a &mixture component")
        self.mix_button.setToolTip("Another agent drawn into the same syringe (e.g. 5-FU with triamcinolone)")
        self.mix_button.clicked.connect(lambda: self.add_form().agent.setFocus())
        self._forms_box = QVBoxLayout()
        buttons = QHBoxLayout()
        buttons.addWidget(self.mix_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.notice)
        layout.addLayout(self._forms_box)
        layout.addLayout(buttons)
        self._update_notice()

    def add_form(self) -> InjectionForm:
        form = InjectionForm(self.ctx, self.lesion, self.agents, removable=bool(self.forms), adult_man=self.adult_man,
                             given_before=self.given_before)
        form.changed.connect(self.changed)
        form.activated.connect(self.form_activated)
        form.remove_requested.connect(self.remove_form)
        self.forms.append(form)
        self._forms_box.addWidget(form)
        self._update_notice()
        self.forms_changed.emit()
        self.changed.emit()
        return form

    def remove_form(self, form: InjectionForm) -> None:
        if form in self.forms and len(self.forms) > 1:
            self.forms.remove(form)
            self._forms_box.removeWidget(form)
            form.deleteLater()
            self._update_notice()
            self.forms_changed.emit()
            self.changed.emit()

    @property
    def is_mixture(self) -> bool:
        return len(self.forms) > 1

    def _update_notice(self) -> None:
        if self.is_mixture:
            self.notice.setText(f"Mixture of {len(self.forms)} components in one syringe: each component's "
                                "concentration and volume as drawn up; doses are counted per agent.")
        self.notice.setVisible(self.is_mixture)

    def tab_stops(self) -> list[QWidget]:
        """Each form's fields in reading order, then the mixture button."""
        return [stop for form in self.forms for stop in tab_stops(form)] + [self.mix_button]

    def set_read_only(self, read_only: bool) -> None:
        self.mix_button.setVisible(not read_only)
        for form in self.forms:
            form.set_read_only(read_only)
