"""How many cases to inspect: population, confidence level and margin of error to a sample size.

The calculation is `inspector_app.core.stats.sample_size` (Cochran, corrected for the number of
eligible cases), as on the command line; the defaults are those of the 2018 inspections, 80%
confidence and a margin of error of 5 percentage points. With an inspection open, the dialog
also says what margin of error the inspection's own sample gives.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector_app.core import stats
from inspector_app.core.errors import InspectorError
from inspector_app.gui.theme import scaled_font
from inspector_app.gui.widgets.layout import muted, section_title

DEFAULT_POPULATION = 1000


class SampleSizeDialog(QDialog):
    def __init__(self, sample: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The number of cases in the open inspection, if any.
        self.sample = sample
        self.setWindowTitle("Sample size")
        self.setAccessibleName("Sample size")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(section_title("How many cases to inspect"))
        layout.addWidget(
            muted(
                "How many cases to inspect so that each percentage is within the margin of "
                "error of the figure for every eligible case, at the confidence level chosen."
            )
        )
        form = QFormLayout()
        self.population = QSpinBox()
        self.population.setRange(1, 10_000_000)
        self.population.setGroupSeparatorShown(True)
        self.population.setValue(max(DEFAULT_POPULATION, sample or 0))
        self.population.setAccessibleName("Eligible cases")
        self.unknown = QCheckBox("Not known (very many)")
        self.unknown.setAccessibleName("The number of eligible cases is not known")
        self.confidence = QDoubleSpinBox()
        self.confidence.setRange(50.0, 99.9)
        self.confidence.setDecimals(1)
        self.confidence.setSingleStep(5.0)
        self.confidence.setSuffix(" %")
        self.confidence.setValue(stats.INSPECTION_SAMPLE_CONFIDENCE * 100)
        self.confidence.setAccessibleName("Confidence level")
        self.margin = QDoubleSpinBox()
        self.margin.setRange(0.5, 50.0)
        self.margin.setDecimals(1)
        self.margin.setSingleStep(0.5)
        self.margin.setSuffix(" percentage points")
        self.margin.setValue(stats.INSPECTION_SAMPLE_MARGIN * 100)
        self.margin.setAccessibleName("Margin of error")
        form.addRow("&Eligible cases:", self.population)
        form.addRow("", self.unknown)
        form.addRow("&Confidence level:", self.confidence)
        form.addRow("&Margin of error:", self.margin)
        layout.addLayout(form)
        self.result = QLabel()
        self.result.setFont(scaled_font(self.font(), 1.5, bold=True))
        self.result.setAccessibleName("Sample size")
        layout.addWidget(self.result)
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setAccessibleName("Sample size in words")
        layout.addWidget(self.sentence)
        self.own_sample = muted("")
        self.own_sample.setAccessibleName("The margin of error of this inspection's sample")
        layout.addWidget(self.own_sample)
        layout.addWidget(
            muted(
                "Cochran's formula with an expected proportion of 50% (the most cautious), "
                "corrected for the number of eligible cases. The 2018 divisional inspections "
                "used 80% confidence and a margin of error of 5."
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.population.valueChanged.connect(self.recalculate)
        self.unknown.toggled.connect(self.recalculate)
        self.confidence.valueChanged.connect(self.recalculate)
        self.margin.valueChanged.connect(self.recalculate)
        self.recalculate()

    def sample_size(self) -> int | None:
        """The sample size for the values entered (None if they cannot give one)."""
        try:
            return stats.sample_size(
                self._population(), self.confidence.value() / 100, self.margin.value() / 100
            )
        except InspectorError:
            return None

    def _population(self) -> int | None:
        return None if self.unknown.isChecked() else self.population.value()

    def recalculate(self) -> None:
        population = self._population()
        self.population.setEnabled(population is not None)
        confidence, margin = self.confidence.value(), self.margin.value()
        size = self.sample_size()
        if size is None:
            self.result.setText("")
            self.sentence.setText("These values do not give a sample size.")
            return
        self.result.setText(f"Inspect {size:,} case{'s' if size != 1 else ''}")
        of = f"of {population:,} eligible cases" if population else "from a large population"
        self.sentence.setText(
            f"Inspect {size:,} cases {of} for {confidence:g}% confidence with a margin of error "
            f"of {margin:g} percentage points."
        )
        self.own_sample.setVisible(self.sample is not None and self.sample > 0)
        if self.sample:
            if population is not None and self.sample > population:
                self.own_sample.setText(
                    f"This inspection has {self.sample:,} cases, more than the eligible cases "
                    "entered."
                )
            else:
                achieved = stats.margin_of_error(self.sample, population, confidence / 100)
                self.own_sample.setText(
                    f"This inspection's {self.sample:,} cases give a margin of error of "
                    f"{achieved * 100:.1f} percentage points at {confidence:g}% confidence."
                )
