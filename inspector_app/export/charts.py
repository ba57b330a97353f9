"""A bar chart of a case standard's key questions against the rating bands, as PNG bytes.

Rendered with matplotlib's Agg canvas directly (never pyplot), so it needs no display and
leaves matplotlib's global backend alone for any other part of the app. matplotlib is imported
on first use: loading the export package stays fast.

The figure is drawn at the size it is printed (the page's text width), with 8-point type, so
the words on the chart read like the report's own notes.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from inspector_app.core.engine import QuestionFigure
from inspector_app.core.framework import PercentBand
from inspector_app.core.ratings import Rating
from inspector_app.export.styles import ACCENT, RATING_TINTS

DPI = 150
FONT_SIZE = 8
LABEL_WIDTH = 40  # characters per line of a key question's label
# Inches: room for the labels on the left, the axis and legend below, a little air above.
_LABEL_AREA = 2.75
_BOTTOM = 0.56
_TOP = 0.08
# Roughly how much of the 0-100 axis one character of an 8-point label takes, and how far
# past 100 a label may reach before it would leave the picture.
_CHARACTER_PERCENT = 1.9
_LABEL_LIMIT = 104
_BAR = f"#{ACCENT}"
_LOWEST = "#0B0C0C"


@dataclass(frozen=True, slots=True)
class ChartBar:
    label: str
    percent: float | None  # 0..100, None when no case applies
    value_text: str  # "78%", "54% (provisional)", "no figure"
    lowest: bool


def bars_for(figures: Sequence[QuestionFigure], provisional_mark: str, no_figure: str) -> list:
    bars = []
    for figure in figures:
        if figure.percent is None:
            value = no_figure
        else:
            value = f"{figure.printed}%"
            if figure.provisional:
                value += provisional_mark
        bars.append(
            ChartBar(
                # matplotlib reads text between dollar signs as mathematics.
                label=f"{figure.id} {figure.text}".replace("$", r"\$"),
                percent=figure.percent_value,
                value_text=value,
                lowest=figure.lowest,
            )
        )
    return bars


def key_question_chart(
    bars: Sequence[ChartBar], bands: Sequence[PercentBand], *, width_inches: float
) -> bytes:
    """One horizontal bar per key question, over shaded rating bands with their thresholds.

    Charts are kept for reuse: exporting again with unchanged figures draws nothing new."""
    return _chart(tuple(bars), tuple(bands), round(width_inches, 3))


@lru_cache(maxsize=64)
def _chart(
    bars: tuple[ChartBar, ...], bands: tuple[PercentBand, ...], width_inches: float
) -> bytes:
    figure_class, canvas_class = _matplotlib()
    labels = [textwrap.fill(bar.label, LABEL_WIDTH) for bar in bars]
    lines = sum(label.count("\n") + 1 for label in labels)
    plot_height = max(0.16 * lines + 0.16 * len(bars), 0.4)
    height = _BOTTOM + plot_height + _TOP
    figure = figure_class(figsize=(width_inches, height), dpi=DPI)
    canvas_class(figure)
    left = _LABEL_AREA / width_inches
    axes = figure.add_axes((left, _BOTTOM / height, 0.93 - left, plot_height / height))

    # Bands are listed highest first; each runs from its minimum to the next one up.
    upper = 100.0
    for band in bands:
        lower = float(band.min_percent)
        axes.axvspan(lower, upper, color=_tint(band.rating), zorder=0, linewidth=0)
        if lower > 0:
            axes.axvline(lower, color="#5A6470", linewidth=0.8, linestyle=(0, (3, 2)), zorder=1)
        upper = lower

    positions = list(range(len(bars)))[::-1]
    for position, bar in zip(positions, bars, strict=True):
        if bar.percent is not None:
            axes.barh(
                position,
                bar.percent,
                height=0.56,
                color=_LOWEST if bar.lowest else _BAR,
                zorder=2,
            )
        percent = bar.percent or 0.0
        # The figure goes just past the bar's end, or inside it where it would run off the
        # chart (a long bar with a long label).
        inside = percent + _CHARACTER_PERCENT * len(bar.value_text) > _LABEL_LIMIT
        axes.text(
            percent - 1.2 if inside else percent + 1.2,
            position,
            bar.value_text,
            va="center",
            ha="right" if inside else "left",
            fontsize=FONT_SIZE,
            fontweight="bold" if bar.lowest else "normal",
            color="white" if inside else "black",
            zorder=3,
            # A pale backing keeps the figure readable where it crosses a threshold line.
            bbox=None
            if inside
            else {"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 0.8},
        )

    axes.set_xlim(0, 100)
    axes.set_ylim(-0.6, len(bars) - 0.4)
    axes.set_yticks(positions, labels, fontsize=FONT_SIZE)
    for tick, bar in zip(axes.get_yticklabels(), bars, strict=True):
        if bar.lowest:
            tick.set_fontweight("bold")
    thresholds = sorted(float(b.min_percent) for b in bands if b.min_percent > 0)
    axes.set_xticks([0, *thresholds, 100], [f"{t:g}%" for t in (0, *thresholds, 100)])
    axes.tick_params(axis="x", labelsize=FONT_SIZE - 1, length=2)
    axes.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)

    handles = [_patch(_tint(b.rating), b.rating.value) for b in reversed(bands)]
    figure.legend(
        handles=handles,
        loc="lower center",
        ncol=len(handles),
        fontsize=FONT_SIZE - 1,
        frameon=False,
        bbox_to_anchor=(0.5, 0.0),
        handlelength=1.2,
        columnspacing=1.4,
    )
    buffer = io.BytesIO()
    # Light compression: encoding dominated the drawing time at the default level, and the
    # pictures are small either way.
    figure.savefig(
        buffer,
        format="png",
        dpi=DPI,
        metadata={"Software": None},
        pil_kwargs={"compress_level": 1},
    )
    return buffer.getvalue()


def _tint(rating: Rating) -> str:
    return f"#{RATING_TINTS[rating]}"


def _patch(colour: str, label: str) -> Any:
    from matplotlib.patches import Patch

    return Patch(facecolor=colour, edgecolor="#9AA5B1", linewidth=0.5, label=label)


@cache
def _matplotlib() -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    return Figure, FigureCanvasAgg
