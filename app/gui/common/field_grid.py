"""A two-column grid of named, selectable read-only values (the result and case panels)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel


def field_grid(
    rows: Sequence[tuple[str, str]], *, row_spacing: int = 5
) -> tuple[QGridLayout, dict[str, QLabel]]:
    """A grid with one ``name: value`` row per ``(key, translated name)``; returns it and the
    value labels by key (each starts as "–", wraps, is selectable and carries its name for
    screen readers)."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(14)
    grid.setVerticalSpacing(row_spacing)
    fields: dict[str, QLabel] = {}
    for row, (key, name) in enumerate(rows):
        label = QLabel(name)
        label.setObjectName("fieldName")
        value = QLabel("–")
        value.setObjectName("fieldValue")
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value.setAccessibleName(name)
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(value, row, 1)
        fields[key] = value
    grid.setColumnStretch(1, 1)
    return grid, fields
