"""Where features plug into the main window, without editing it.

- A *workspace* is a top-level page of the main window (Patients, Today,
  Clinic overview): ``Workspace(title, factory(ctx) -> QWidget, shortcut)``.
- A *chart panel* is a tab of the patient chart (Photos, Progress, ...):
  ``ChartPanel(title, factory(ctx, patient_id) -> QWidget)``. A panel widget
  may define ``set_patient(patient_id)`` to be reused when another patient
  opens, and ``has_unsaved_changes() -> bool`` to take part in the switch
  protocol.

Features register themselves in ``tracker/ui/registry.py`` (one line each).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Workspace:
    key: str
    title: str
    factory: Callable[..., QWidget]
    shortcut: str | None = None
    order: int = 100


@dataclass(frozen=True)
class ChartPanel:
    key: str
    title: str
    factory: Callable[..., QWidget]
    order: int = 100


WORKSPACES: dict[str, Workspace] = {}
CHART_PANELS: dict[str, ChartPanel] = {}


def register_workspace(item: Workspace) -> None:
    WORKSPACES[item.key] = item


def register_chart_panel(item: ChartPanel) -> None:
    CHART_PANELS[item.key] = item


def on_hidden_tab(panel: QWidget) -> bool:
    """Whether a chart panel sits on a tab that is not showing: such a panel
    may leave reading its data until it is shown (``showEvent``), so opening
    a patient reads only what is on screen."""
    return panel.parentWidget() is not None and not panel.isVisibleTo(panel.window())


class ReadWhenShown:
    """Mixed into a chart panel (before QWidget): ``reload()`` reads its data
    (``read()``) now when the panel is on screen, else when it is next shown,
    so opening a patient reads only what is on screen."""

    _stale = True

    def read(self) -> None:  # pragma: no cover - every panel defines it
        raise NotImplementedError

    def reload(self) -> None:
        if on_hidden_tab(self):
            self._stale = True
            return
        self._stale = False
        self.read()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        if self._stale:
            self.reload()


def workspaces() -> list[Workspace]:
    return sorted(WORKSPACES.values(), key=lambda w: (w.order, w.title))


def chart_panels() -> list[ChartPanel]:
    return sorted(CHART_PANELS.values(), key=lambda p: (p.order, p.title))
