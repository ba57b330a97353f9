"""What both fault tests (the core stand-in's and the desktop app's) check, beside a control."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from tests.fault_injection_harness import KillPlan, Summary, TrialResult, run_trials

# A launcher that takes extra arguments for the app (core_launcher, gui_launcher).
LauncherWithArguments = Callable[..., subprocess.Popen[bytes]]


def sabotaged_trial(launcher: LauncherWithArguments, seed: int) -> Summary:
    """One trial of the app with its recovery data switched off and no saves: every edit older
    than the deadline is lost, which the harness must report."""
    return run_trials(
        1,
        launcher=lambda setup: launcher(setup, "--sabotage", "no-recovery"),
        seed=seed,
        cases=60,
        plan=KillPlan(save_share=0.0, shortest_wait=2.8, longest_wait=3.0),
    )


def trials_lose_nothing(
    real_trials: Callable[[], Summary], launcher: LauncherWithArguments, control_seed: int
) -> TrialResult:
    """Run ``real_trials`` and the sabotaged control side by side; check the real trials lost
    nothing and meant something, and return the control's trial, which must have lost."""
    with ThreadPoolExecutor(2) as pool:
        real = pool.submit(real_trials)
        broken = pool.submit(sabotaged_trial, launcher, control_seed)
        summary, control = real.result(), broken.result()
    assert not summary.losses, summary.report()
    assert sum(t.required for t in summary.trials) > 0, "no trial ran long enough to matter"
    assert all(t.changes > 0 for t in summary.trials), summary.report()
    [trial] = control.trials
    assert trial.lost, control.report()
    return trial
