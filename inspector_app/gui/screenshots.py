"""Render each main screen of the app offscreen at 1280×800, using the example inspection.

    python -m inspector_app.gui.screenshots [OUT_DIR]

OUT_DIR defaults to docs/screenshots. Settings go to a temporary folder, so rendering never
touches the user's own settings or recent files.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

WIDTH, HEIGHT = 1280, 800


def _prepare_environment() -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="inspector-app-screenshots-"))
    os.environ["INSPECTOR_APP_HOME"] = str(home)
    # Recent files then show as ~/Documents/Inspections, as on a user's machine.
    os.environ["HOME"] = str(home)
    return home


def render(out_dir: Path, home: Path) -> list[Path]:
    """Write the screenshots to ``out_dir``; ``home`` is a scratch folder for the settings."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from inspector_app.core.document import Case
    from inspector_app.core.ratings import Rating
    from inspector_app.core.storage import load_inspection, save_inspection
    from inspector_app.gui.app import create_application
    from inspector_app.gui.main_window import MainWindow
    from inspector_app.gui.settings import AppSettings
    from inspector_app.paths import example_inspection_path

    app = create_application()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    settings = AppSettings()
    folder = home / "Documents" / "Inspections"
    folder.mkdir(parents=True, exist_ok=True)
    # Recent files: the example, and two copies of it standing in for other units.
    example = load_inspection(example_inspection_path()).document
    for name, unit in (
        ("ashdown-pdu.inspection", "Ashdown PDU"),
        ("kelsey-vale-pdu.inspection", "Kelsey Vale PDU"),
        ("brackenford-pdu.inspection", example.meta.unit),
    ):
        example.meta.unit = unit
        save_inspection(example, folder / name, keep_backup=False)
        settings.add_recent_file(folder / name)
    window = MainWindow(settings, remember=False, with_features=False)
    window.resize(WIDTH, HEIGHT)
    window.show()

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shoot(name: str, prepare: Callable[[], None] | None = None) -> None:
        if name in os.environ.get("SKIP_SHOTS", "").split(","):
            return
        if prepare is not None:
            prepare()
        settle()
        path = out_dir / f"{name}.png"
        image = window.grab().toImage()
        image.save(str(path), "PNG", 0)
        _shrink(path)
        written.append(path)

    shoot("start")
    window.open_path(folder / "brackenford-pdu.inspection")
    workspace = window.workspace
    assert workspace is not None
    editor = workspace.editor

    def dashboard() -> None:
        page = workspace.show_page("dashboard")
        page.select("key_question", "P2.4.3")  # type: ignore[attr-defined]
        page.tree.setFocus()  # type: ignore[attr-defined]

    shoot("dashboard", dashboard)

    def cases() -> None:
        page = workspace.show_page("cases")
        page.table.selectRow(3)  # type: ignore[attr-defined]

    shoot("cases", cases)

    def review() -> None:
        # A case part-way through its review: typed from the keyboard, as an inspector would.
        page = workspace.show_page("cases")
        last = editor.session.cases[-1]
        case = Case(
            reference="BRK-0041",
            sample=last.sample,
            inspector="Priya Natarajan",
            attributes={
                "sentence_type": "Licence",
                "rosh_level": "High",
                "gender": "Male",
                "ethnicity": "White",
            },
        )
        editor.add_cases([case])
        review_page = workspace.show_page("review")
        review_page.show_case(case.id)  # type: ignore[attr-defined]
        settle()
        for key in "YYYNYNYNNYYY":
            QTest.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{key}"))
        note = review_page.cards[0].note  # type: ignore[attr-defined]
        note.setPlainText(
            "Induction covered the licence conditions and his views on the hostel placement; "
            "motivation explored, but no analysis of his ADHD diagnosis and its effect on "
            "keeping appointments."
        )
        note.commit()
        review_page.cards[0].rows[0].selector.setFocus()  # type: ignore[attr-defined]
        del page

    shoot("review", review)

    def standards() -> None:
        editor.undo_stack.setIndex(0)  # back to the example as shipped
        page = workspace.show_page("standards")
        page.show_standard("P1.2")  # type: ignore[attr-defined]

    shoot("standards", standards)

    def override() -> None:
        editor.undo_stack.setIndex(0)  # back to the example as shipped
        editor.session.user = "Jordan Ellis"  # the lead inspector records the override
        editor.override(
            "P2.1",
            Rating.REQUIRES_IMPROVEMENT,
            "Domestic abuse enquiries were missing in a quarter of the cases that needed them; "
            "the team agreed the assessment of risk of harm outweighs the strong engagement work.",
        )
        page = workspace.show_page("standards")
        page.show_standard("P2.1")  # type: ignore[attr-defined]

    shoot("standards-override", override)

    def narrative() -> None:
        editor.undo_stack.setIndex(0)
        page = workspace.show_page("narrative")
        page.show_section("recommendations")  # type: ignore[attr-defined]

    shoot("narrative", narrative)

    def previous() -> None:
        page = workspace.show_page("narrative")
        page.show_section("previous")  # type: ignore[attr-defined]

    shoot("previous-recommendations", previous)
    shoot("details", lambda: workspace.show_page("details"))
    from inspector_app.gui.screenshots_team import render_team_screens

    def save_image(name: str, image: QImage) -> None:
        path = out_dir / f"{name}.png"
        image.save(str(path), "PNG", 0)
        _shrink(path)
        written.append(path)

    skipped = os.environ.get("SKIP_SHOTS", "").split(",")
    render_team_screens(window, shoot, save_image, lambda name: name in skipped)
    editor.undo_stack.setIndex(0)
    editor.undo_stack.setClean()
    if "recovery-dialog" not in os.environ.get("SKIP_SHOTS", "").split(","):
        window.close_document()
        window.statusBar().clearMessage()  # "Opened ..." belongs to the screens before
        written.append(_recovery_dialog(window, out_dir, folder / "kelsey-vale-pdu.inspection"))
    window.close()
    return written


def _recovery_dialog(window: QWidget, out_dir: Path, file: Path) -> Path:
    """The dialog the next start shows after a crash, over the start page: real recovery
    data, left by a session whose edits were recorded and which then ended without closing."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QApplication

    from inspector_app.core.document import AnswerValue
    from inspector_app.core.open_file import OpenInspection
    from inspector_app.core.recovery import discard, find_recoverable
    from inspector_app.gui.dialogs.recovery import RecoveryDialog

    opened = OpenInspection.open(file)
    session = opened.session
    for case in session.cases[:6]:
        session.apply(session.answer_change(case.id, "P2.1.1", value=AnswerValue.NO))
    assert opened.journal is not None and opened.lock is not None
    opened.journal.detach()  # the crash: the recorded edits stay on disk
    opened.lock.release()
    [candidate] = find_recoverable(path=file)
    dialog = RecoveryDialog(candidate, parent=window)
    dialog.show()
    for _ in range(5):
        QApplication.processEvents()
    # Offscreen, each window is grabbed alone: draw the dialog where it would sit.
    canvas = window.grab()
    painter = QPainter(canvas)
    painter.fillRect(canvas.rect(), QColor(0, 0, 0, 40))
    picture = dialog.grab()
    corner = QPoint((canvas.width() - picture.width()) // 2, canvas.height() // 5)
    painter.setPen(QColor("#8A94A0"))
    painter.drawRect(corner.x() - 1, corner.y() - 1, picture.width() + 1, picture.height() + 1)
    painter.drawPixmap(corner, picture)
    painter.end()
    path = out_dir / "recovery-dialog.png"
    canvas.toImage().save(str(path), "PNG", 0)
    _shrink(path)
    dialog.close()
    discard(candidate)
    return path


def _shrink(path: Path) -> None:
    """A 256-colour palette: a third of the size, and indistinguishable for a UI render.

    Uses Pillow where it is installed (it comes with matplotlib); otherwise the full-colour
    PNG stays as Qt wrote it.
    """
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    palette.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else Path("docs/screenshots")
    home = _prepare_environment()
    try:
        for path in render(out_dir, home):
            print(path)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
