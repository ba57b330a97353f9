"""The app's look: one light palette, rating colours, type sizes and the shared stylesheet.

Fusion with our own palette looks the same on every platform and in offscreen renders, and
keeps the rating chips' contrast under our control. Colours never carry meaning alone: every
chip and marker also says what it means in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from inspector_app.core.ratings import Rating


@dataclass(frozen=True)
class ChipColours:
    background: str
    text: str
    border: str


# Text on every chip has a contrast ratio of at least 7:1 with its background.
RATING_COLOURS: dict[Rating | None, ChipColours] = {
    Rating.OUTSTANDING: ChipColours("#0E5E34", "#FFFFFF", "#0E5E34"),
    Rating.GOOD: ChipColours("#D7EFD0", "#1B4A15", "#6FAE5F"),
    Rating.REQUIRES_IMPROVEMENT: ChipColours("#FCE3BC", "#5E3400", "#D08A25"),
    Rating.INADEQUATE: ChipColours("#A8221A", "#FFFFFF", "#A8221A"),
    None: ChipColours("#EDEFF2", "#3D4651", "#BCC3CC"),
}

NOT_RATED_TEXT = "Not yet rated"

WINDOW = "#F3F4F6"
SURFACE = "#FFFFFF"
SURFACE_ALT = "#F8F9FB"
BORDER = "#D5DAE1"
BORDER_STRONG = "#AEB6C1"
TEXT = "#1D232B"
TEXT_MUTED = "#5A6470"
ACCENT = "#1F5FBF"
ACCENT_SOFT = "#E4EDFB"
SELECTION = "#CFE0FA"
ATTENTION = "#B54708"  # unanswered questions, warnings: always with words or a mark beside it
ATTENTION_SOFT = "#FFF4E5"
SIDEBAR = "#1E2A36"
SIDEBAR_TEXT = "#D8DEE6"
SIDEBAR_SELECTED = "#31465A"


def rating_text(rating: Rating | None) -> str:
    return NOT_RATED_TEXT if rating is None else rating.value


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: SURFACE,
        QPalette.ColorRole.AlternateBase: SURFACE_ALT,
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: SURFACE,
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.ToolTipBase: "#FFFFFF",
        QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.PlaceholderText: "#6E7781",
        QPalette.ColorRole.Link: ACCENT,
        QPalette.ColorRole.Mid: BORDER,
        QPalette.ColorRole.Midlight: "#E6E9EE",
        QPalette.ColorRole.Light: "#FFFFFF",
        QPalette.ColorRole.Dark: BORDER_STRONG,
        QPalette.ColorRole.Shadow: "#8A94A0",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    palette.setColor(disabled, QPalette.ColorRole.Text, QColor("#8C95A0"))
    palette.setColor(disabled, QPalette.ColorRole.ButtonText, QColor("#8C95A0"))
    palette.setColor(disabled, QPalette.ColorRole.WindowText, QColor("#8C95A0"))
    app.setPalette(palette)
    font = app.font()
    if font.pointSizeF() < 9.5:
        font.setPointSizeF(9.5)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)


def scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * factor)
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    return font


# Object names and dynamic properties select these rules; widgets set them, never colours.
STYLESHEET = f"""
QMainWindow, QDialog {{ background: {WINDOW}; }}
QToolTip {{ background: #FFFFFF; color: {TEXT}; border: 1px solid {BORDER_STRONG}; padding: 4px; }}

#Sidebar {{ background: {SIDEBAR}; border: none; }}
#SidebarTitle {{ color: #FFFFFF; }}
#SidebarSubtitle {{ color: #A9B4C0; }}
#SidebarList {{ background: {SIDEBAR}; border: none; color: {SIDEBAR_TEXT}; outline: 0; }}
#SidebarList::item {{ padding: 9px 14px; border-left: 3px solid transparent; }}
#SidebarList::item:selected {{ background: {SIDEBAR_SELECTED}; color: #FFFFFF;
    border-left: 3px solid #6CB2FF; }}
#SidebarList::item:hover:!selected {{ background: #263644; }}
#SidebarList:focus {{ border: 1px solid #6CB2FF; }}
#SidebarFooter {{ color: #A9B4C0; }}

#PageTitle {{ color: {TEXT}; }}
#PageSubtitle {{ color: {TEXT_MUTED}; }}
#SectionTitle {{ color: {TEXT}; }}
#Muted {{ color: {TEXT_MUTED}; }}
#Hint {{ color: {TEXT_MUTED}; }}

#Card {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; }}
#Banner {{ background: {ATTENTION_SOFT}; border: 1px solid #F1C48B; border-radius: 6px;
    color: #5E2F00; }}

QPushButton {{ padding: 5px 12px; border: 1px solid {BORDER_STRONG}; border-radius: 4px;
    background: {SURFACE}; }}
QPushButton:hover {{ background: #F0F3F7; }}
QPushButton:pressed {{ background: #E2E7EE; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; padding: 4px 11px; }}
QPushButton:disabled {{ color: #8C95A0; background: #F3F4F6; border-color: #D5DAE1; }}
QPushButton[primary="true"] {{ background: {ACCENT}; color: #FFFFFF; border-color: {ACCENT}; }}
QPushButton[primary="true"]:hover {{ background: #1A52A6; }}
QPushButton[primary="true"]:focus {{ border: 2px solid #0B2E66; }}
QPushButton[primary="true"]:disabled {{ background: #9DB4D8; border-color: #9DB4D8; }}

#StartAction {{ text-align: left; padding: 0; }}
#StartAction:focus {{ padding: 0; }}
#StartActionTitle {{ color: {TEXT}; }}
#StartActionDetail {{ color: {TEXT_MUTED}; }}

/* Combo boxes, date and number fields keep Fusion's own drawing (with the palette's accent
   for focus): styling their frames would mean redrawing their arrows too. */
QLineEdit, QPlainTextEdit, QTextEdit {{
    border: 1px solid {BORDER_STRONG}; border-radius: 4px; background: {SURFACE};
    selection-background-color: {SELECTION}; selection-color: {TEXT}; }}
QLineEdit {{ padding: 2px 6px; min-height: 20px; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border: 2px solid {ACCENT}; }}
QLineEdit:read-only, QPlainTextEdit[readOnly="true"] {{ background: {SURFACE_ALT}; }}

QTableView, QTreeView, QListView {{ background: {SURFACE}; border: 1px solid {BORDER};
    border-radius: 4px; selection-background-color: {SELECTION}; selection-color: {TEXT};
    alternate-background-color: {SURFACE_ALT}; }}
QTableView:focus, QTreeView:focus, QListView:focus {{ border: 1px solid {ACCENT}; }}
QHeaderView::section {{ background: #EEF1F5; color: #39424D; border: none;
    border-bottom: 1px solid {BORDER}; border-right: 1px solid #E1E5EA; padding: 5px 6px;
    font-weight: 600; }}

#SectionList::item {{ padding: 4px 10px; }}
QScrollArea {{ border: none; background: transparent; }}
#FormSurface {{ background: {WINDOW}; }}
QSplitter::handle {{ background: transparent; }}
QStatusBar {{ background: #E9ECF0; color: #39424D; border-top: 1px solid {BORDER}; }}
QStatusBar::item {{ border: none; }}
QMenuBar {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
QGroupBox {{ font-weight: 600; border: 1px solid {BORDER}; border-radius: 6px;
    margin-top: 12px; padding: 10px 8px 8px 8px; background: {SURFACE}; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
QProgressBar {{ border: 1px solid {BORDER_STRONG}; border-radius: 4px; background: #EEF1F5;
    text-align: center; max-height: 14px; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 3px; }}

QToolButton#JumpChip {{ border: 1px solid {BORDER_STRONG}; border-radius: 12px;
    padding: 3px 10px; background: {SURFACE}; }}
QToolButton#JumpChip:focus {{ border: 2px solid {ACCENT}; padding: 2px 9px; }}
QToolButton#JumpChip[complete="true"] {{ background: #E8F3E5; border-color: #8CBF7E; }}
QToolButton#JumpChip[current="true"] {{ background: {ACCENT_SOFT}; border: 2px solid {ACCENT};
    padding: 2px 9px; font-weight: 600; }}

QToolButton#ListTool {{ border: 1px solid transparent; border-radius: 4px; padding: 3px 8px; }}
QToolButton#ListTool:hover {{ background: #E8ECF1; border-color: {BORDER}; }}
QToolButton#ListTool:focus {{ border: 1px solid {ACCENT}; }}
QToolButton#ListTool:disabled {{ color: #A0A8B2; }}
"""
