"""Combo boxes bound to a field of the case on show (an attribute, the inspector)."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from inspector_app.gui.editing import DocumentEditor

NOT_RECORDED_TEXT = "Not recorded"


class CaseFieldCombo(QComboBox):
    """Choices from the framework (or free text, when ``editable``) for one case field."""

    def __init__(
        self,
        editor: DocumentEditor,
        field: str,
        values: list[str] | None,
        *,
        editable: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.field = field
        self.case_id: UUID | None = None
        self._loading = False
        self.setEditable(editable)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        if not editable:
            self.addItem(NOT_RECORDED_TEXT, "")
        for value in values or []:
            self.addItem(value, value)
        if editable:
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            line = self.lineEdit()
            line.editingFinished.connect(self._commit_text)
            line.setPlaceholderText("Who reviewed this case?")
        self.activated.connect(self._chosen)
        editor.bridge.caseFieldChanged.connect(self._field_changed)

    def set_choices(self, values: list[str]) -> None:
        """For editable combos: the names offered (the team)."""
        current = self.currentText()
        self._loading = True
        self.clear()
        self.addItems(values)
        self.setEditText(current)
        self._loading = False

    def set_case(self, case_id: UUID | None) -> None:
        self.case_id = case_id
        self.refresh()

    def read(self) -> str:
        if self.case_id is None:
            return ""
        case = self.editor.session.case(self.case_id)
        if self.field.startswith("attributes."):
            return case.attributes.get(self.field.split(".", 1)[1], "")
        return str(getattr(case, self.field))

    def refresh(self) -> None:
        self.setEnabled(self.case_id is not None and self.editor.read_only_reason is None)
        value = self.read()
        self._loading = True
        try:
            if self.isEditable():
                if self.currentText() != value:
                    self.setEditText(value)
            else:
                found = self.findData(value)
                if found < 0:  # a value from elsewhere that the framework does not list
                    self.addItem(value, value)
                    found = self.count() - 1
                self.setCurrentIndex(found)
        finally:
            self._loading = False

    def _chosen(self, index: int) -> None:
        if self._loading or self.case_id is None:
            return
        value = self.itemText(index) if self.isEditable() else self.itemData(index)
        self._write(value or "")

    def _commit_text(self) -> None:
        if not self._loading and self.case_id is not None:
            self._write(self.currentText())

    def _write(self, value: str) -> None:
        assert self.case_id is not None
        if value != self.read() and not self.editor.set_case_field(self.case_id, self.field, value):
            self.refresh()

    def _field_changed(self, case_id: UUID, field: str) -> None:
        if case_id == self.case_id and field == self.field:
            self.refresh()
