"""The fault test: the app killed with SIGKILL during edits and saves loses nothing.

A few trials run with the suite; set ``INSPECTOR_FAULT_TRIALS`` for more, or run
``python -m tests.fault_injection_harness --trials 300`` (docs/reliability.md has the figures).
Alongside them runs one trial of an app broken on purpose, to show the harness reports a loss
when there is one.
"""

from __future__ import annotations

import os
import signal
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.fault_injection_harness import KillPlan, Summary, core_launcher, run_trials

TRIALS = int(os.environ.get("INSPECTOR_FAULT_TRIALS", "4"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]


def real_trials() -> Summary:
    return run_trials(TRIALS, seed=11, cases=150, plan=KillPlan(save_share=0.5, longest_wait=3.5))


def sabotaged_trial() -> Summary:
    # Recovery data switched off and no saves: every edit older than the deadline is lost.
    return run_trials(
        1,
        launcher=lambda setup: core_launcher(setup, "--sabotage", "no-recovery"),
        seed=3,
        cases=60,
        plan=KillPlan(save_share=0.0, shortest_wait=2.8, longest_wait=3.0),
    )


def test_killing_the_app_loses_no_saved_file_and_no_recorded_edit() -> None:
    with ThreadPoolExecutor(2) as pool:
        real = pool.submit(real_trials)
        broken = pool.submit(sabotaged_trial)
        summary, control = real.result(), broken.result()
    assert not summary.losses, summary.report()
    assert sum(t.required for t in summary.trials) > 0, "no trial ran long enough to matter"
    assert all(t.changes > 0 for t in summary.trials)
    [trial] = control.trials
    assert trial.lost and "recovery gave back edit 0" in trial.losses[0], control.report()
