"""The fault test against the desktop app itself: its window, driven through the editor, undo
stack and document controller, is killed with SIGKILL during edits and saves; the file on disk
is always a complete saved version and recovery gives back every edit older than 2 seconds.

A few trials run with the suite (``INSPECTOR_FAULT_TRIALS`` sets how many);
``python -m tests.fault_injection_harness --app gui --trials 300`` runs many
(docs/reliability.md has the figures). Alongside runs one trial of the app with its recovery
data switched off, which the harness must report as a loss.
"""

from __future__ import annotations

import os
import signal

import pytest

from tests.fault_checks import trials_lose_nothing
from tests.fault_injection_harness import KillPlan, Summary, gui_launcher, run_trials

TRIALS = int(os.environ.get("INSPECTOR_FAULT_TRIALS", "3"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]


def real_trials() -> Summary:
    return run_trials(
        TRIALS,
        launcher=gui_launcher,
        parallel=1,
        seed=23,
        cases=150,
        plan=KillPlan(save_share=0.34, shortest_wait=2.5, longest_wait=3.5),
    )


def test_killing_the_desktop_app_loses_no_saved_file_and_no_recorded_edit() -> None:
    trial = trials_lose_nothing(real_trials, gui_launcher, control_seed=5)
    # Only the file as opened is left (an undone edit may match it: "edit 2 of 30").
    assert trial.file_version == 0, trial
    assert "recovery gave back edit" in trial.losses[0], trial
