"""The fault test: the app killed with SIGKILL during edits and saves loses nothing.

A few trials run with the suite; set ``INSPECTOR_FAULT_TRIALS`` for more, or run
``python -m tests.fault_injection_harness --trials 300`` (docs/reliability.md has the figures).
Alongside them runs one trial of an app broken on purpose, to show the harness reports a loss
when there is one.
"""

from __future__ import annotations

import os
import signal

import pytest

from tests.fault_checks import trials_lose_nothing
from tests.fault_injection_harness import KillPlan, Summary, core_launcher, run_trials

TRIALS = int(os.environ.get("INSPECTOR_FAULT_TRIALS", "4"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]


def real_trials() -> Summary:
    return run_trials(TRIALS, seed=11, cases=150, plan=KillPlan(save_share=0.5, longest_wait=3.5))


def test_killing_the_app_loses_no_saved_file_and_no_recorded_edit() -> None:
    control = trials_lose_nothing(real_trials, core_launcher, control_seed=3)
    assert "recovery gave back edit 0" in control.losses[0]
