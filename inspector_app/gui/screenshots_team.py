"""The screens of team fieldwork and exports, for `inspector_app.gui.screenshots`: the dashboard
on QA-checked cases, QA comments and a case's history on the review page, the merge dialog,
the export progress and the sample-size helper.

Dialogs are drawn over the window where they would sit (offscreen, each window is grabbed on
its own).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from inspector_app.core.document import AnswerValue, Case, ReviewStatus
from inspector_app.core.session import InspectionSession
from inspector_app.core.storage import load_inspection, save_inspection

if TYPE_CHECKING:
    from inspector_app.gui.main_window import MainWindow

# shoot(name, prepare) renders the window; a dialog is drawn over it with `over`.
Shoot = Callable[[str, Callable[[], None] | None], None]

YES, NO = AnswerValue.YES, AnswerValue.NO


def over(window: QWidget, dialog: QWidget) -> QImage:
    """The window with ``dialog`` drawn where it would sit, the window dimmed behind it."""
    for _ in range(5):
        QApplication.processEvents()
    canvas = window.grab()
    painter = QPainter(canvas)
    painter.fillRect(canvas.rect(), QColor(0, 0, 0, 40))
    picture = dialog.grab()
    corner = QPoint(
        (canvas.width() - picture.width()) // 2,
        max(0, (canvas.height() - picture.height()) // 3),
    )
    painter.setPen(QColor("#8A94A0"))
    painter.drawRect(corner.x() - 1, corner.y() - 1, picture.width() + 1, picture.height() + 1)
    painter.drawPixmap(corner, picture)
    painter.end()
    return canvas.toImage()


def render_team_screens(
    window: MainWindow,
    shoot: Shoot,
    save_image: Callable[[str, QImage], None],
    skip: Callable[[str], bool],
) -> None:
    from inspector_app.gui import export_actions, team
    from inspector_app.gui.export_job import ExportJob, ExportProgress

    workspace = window.workspace
    assert workspace is not None
    editor = workspace.editor
    session = editor.session
    export_actions.install(window)
    team.install(window)

    def dashboard_qa() -> None:
        editor.undo_stack.setIndex(0)
        page = workspace.show_page("dashboard")
        page.set_status_filter(frozenset({ReviewStatus.QA_CHECKED}))  # type: ignore[attr-defined]
        page.select("standard", "P2.2")  # type: ignore[attr-defined]
        page.tree.setFocus()  # type: ignore[attr-defined]

    shoot("dashboard-qa", dashboard_qa)
    dashboard = workspace.page("dashboard")
    dashboard.set_status_filter(None)  # type: ignore[attr-defined]

    case = session.cases[6]

    def review_qa() -> None:
        editor.undo_stack.setIndex(0)
        review = workspace.show_page("review")
        review.show_case(case.id)  # type: ignore[attr-defined]
        session.user = "Sam Okoye"
        editor.run(
            lambda: session.review_status_change(
                case.id,
                ReviewStatus.QUERY_RAISED,
                "P2.2.3: I cannot find the contingency plan the answer relies on. Where is it "
                "recorded, and does it cover the move to the approved premises?",
            )
        )
        session.user = "Tom Okafor"
        editor.run(
            lambda: session.qa_comment_change(
                case.id,
                "It is in the risk management plan, section 4 (12 February); it covers the "
                "move and names the keyworker.",
            )
        )
        editor.set_note(
            case.id, "P2.2.3", "Contingency plan in the RMP, section 4; covers the move"
        )
        session.user = "Sam Okoye"
        review.show_tab(1)  # type: ignore[attr-defined]
        review.qa_panel.table.selectRow(0)  # type: ignore[attr-defined]

    shoot("review-qa", review_qa)

    def review_history() -> None:
        review = workspace.show_page("review")
        session.user = "Tom Okafor"
        editor.set_answer(case.id, "P2.4.2", NO)
        editor.undo()
        editor.set_answer(case.id, "P2.4.3", YES)
        review.show_tab(2)  # type: ignore[attr-defined]
        review.history_panel.table.setFocus()  # type: ignore[attr-defined]

    shoot("review-history", review_history)
    workspace.page("review").show_tab(0)  # type: ignore[attr-defined]
    editor.undo_stack.setIndex(0)
    session.user = "Jordan Ellis"

    if not skip("export-progress"):
        workspace.show_page("dashboard")
        job = ExportJob(editor.document, Path("brackenford report.docx"), lambda *_a: None, window)
        progress = ExportProgress("Exporting the report", job, window)
        progress._progressed(11, 27, "P2.2 Planning")
        window.show_message("Exporting the report to brackenford report.docx…")
        progress.show()
        save_image("export-progress", over(window, progress))
        progress.close()

    if not skip("sample-size"):
        dialog = team.SampleSizeDialog(len(session.cases), window)
        dialog.population.setValue(1400)
        dialog.show()
        save_image("sample-size", over(window, dialog))
        dialog.close()

    if not skip("merge"):
        _merge_screen(window, save_image)


def _merge_screen(window: MainWindow, save_image: Callable[[str, QImage], None]) -> None:
    """Two inspectors' copies of the open master, each with its own work and a conflict with
    the lead's, and the merge dialog part-way through the decisions."""
    controller = window.controller
    opened = controller.current
    assert opened is not None and opened.path is not None
    master = opened.path
    folder = master.parent
    copies = []
    for name, user, edits, reviewed in (
        (
            "priya",
            "Priya Natarajan",
            [(1, "P2.1.1", NO, "Barriers to attending not explored")],
            range(11, 14),
        ),
        ("tom", "Tom Okafor", [(2, "P2.2.1", YES, "Plan written with the person")], range(14, 18)),
    ):
        path = folder / f"{name}.inspection"
        shutil.copyfile(master, path)
        loaded = load_inspection(path)
        copy = InspectionSession(loaded.document, loaded.framework, user=user)
        for index, question, value, note in edits:
            copy.apply(copy.answer_change(copy.cases[index].id, question, value=value, note=note))
        for index in reviewed:
            change = copy.answer_change(
                copy.cases[index].id, "P2.4.3", value=YES, note=f"{user}: risk reviewed again"
            )
            if change is not None:
                copy.apply(change)
        # Each adds a case under the next free reference: the same one, for different cases.
        new = Case(reference="BRK-0041", sample="supervision", inspector=user)
        copy.apply(copy.add_cases_change([new]))
        save_inspection(copy.document, path)
        copies.append(path)
    editor = opened.editor
    editor.session.user = "Jordan Ellis"
    cases = editor.session.cases
    editor.set_answer(cases[1].id, "P2.1.1", YES)
    editor.set_note(cases[1].id, "P2.1.1", "Motivation explored at the second appointment")
    editor.set_answer(cases[2].id, "P2.2.1", NO)
    editor.set_note(cases[2].id, "P2.2.1", "Plan not agreed with the person")
    controller.save()
    window.statusBar().clearMessage()  # the scratch folder's name is of no interest
    flow = window.team_actions.merge  # type: ignore[attr-defined]
    dialog = flow.prepare(master, copies)
    assert dialog is not None
    dialog.resize(1180, 700)
    dialog.decisions.choose(0, "master")
    dialog.tree.setCurrentIndex(dialog.decisions.index(1, 0))
    dialog.show()
    save_image("merge", over(window, dialog))
    dialog.reject()
    for path in copies:
        path.unlink()
