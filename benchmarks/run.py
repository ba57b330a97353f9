"""Speed and memory of the app against its targets: `python benchmarks/run.py`.

Prints one table. Every figure sits beside its floor (the same work done by the bare tools,
measured in the same run), and every inspection is generated from a fixed seed, so two runs
on one machine compare. Each measurement runs in a fresh process (benchmarks/probes.py);
start-up and memory are measured from outside that process. Takes under a minute.

Options: --markdown prints the table as Markdown (for docs/performance.md); --json FILE also
writes the raw figures. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROBES = HERE / "probes.py"
SEED = 2024
FRAMEWORK = "pdu-2023"
SIZES = (100, 1000, 5000)
STARTUP_RUNS = 7
ANSWER_CHANGES = 300
STORAGE_REPEAT = 5
PROBE_TIMEOUT_S = 120
SHOWN_MARKER = "window-shown"


@dataclass
class Row:
    what: str
    figure: str
    floor: str
    target: str
    met: bool | None  # None: no target for this row


# -- running probes ------------------------------------------------------------------------------


def probe_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["INSPECTOR_APP_HOME"] = str(home)
    # Compiled modules are cached as an installed app's are; a setting that forbids writing
    # them would charge every start-up for compiling the app from source.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


class Sandbox:
    """A fresh folder per app run: its own settings home and its own copy of the inspection,
    so that one run's lock and recovery files never meet the next run (which would then
    offer to recover them)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.runs = 0

    def prepare(self, file: Path) -> tuple[Path, dict[str, str]]:
        self.runs += 1
        run_folder = self.folder / f"run-{self.runs}"
        run_folder.mkdir()
        copy = run_folder / file.name
        shutil.copyfile(file, copy)
        return copy, probe_env(run_folder / "home")


def run_probe(name: str, *args: str, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(PROBES), name, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=PROBE_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"probe {name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def time_to_marker(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Milliseconds from starting ``command`` to its shown marker, and its peak memory (KB)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert process.stdout is not None
    elapsed = None
    for line in process.stdout:
        if line.strip() == SHOWN_MARKER:
            elapsed = (time.perf_counter() - started) * 1000
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if elapsed is None or process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} did not show its window")
    return elapsed, usage.ru_maxrss


def peak_memory_mb(command: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of a process run to its end, read from outside (wait4)."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        assert process.stderr is not None
        raise RuntimeError(f"{' '.join(command)} failed ({code}): {process.stderr.read()}")
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return usage.ru_maxrss * scale / 1024 / 1024


# -- the measurements ----------------------------------------------------------------------------


def generate_files(folder: Path) -> dict[int, Path]:
    # In a process of its own: this one stays small, so that the peak memory the system
    # reports for the processes it starts is theirs (a child's peak starts from its
    # parent's size when it is started).
    env = probe_env(folder / "generator-home")
    run_probe("generate", str(folder), FRAMEWORK, str(SEED), *map(str, SIZES), env=env)
    return {size: folder / f"cases-{size}.inspection" for size in SIZES}


def measure_startup(file: Path, sandbox: Sandbox, figures: dict[str, Any]) -> Row:
    bare = [sys.executable, str(PROBES), "startup-bare"]

    def start_app() -> float:
        copy, env = sandbox.prepare(file)
        return time_to_marker([sys.executable, str(PROBES), "startup-app", str(copy)], env)[0]

    def start_bare() -> float:
        return time_to_marker(bare, sandbox.prepare(file)[1])[0]

    # One of each first, unmeasured: the disk cache and the compiled-module cache fill up.
    start_bare()
    start_app()
    bare_ms, app_ms = [], []
    for _ in range(STARTUP_RUNS):  # interleaved, so that a burst of load hits both alike
        bare_ms.append(start_bare())
        app_ms.append(start_app())
    floor, figure = statistics.median(bare_ms), statistics.median(app_ms)
    figures["startup"] = {"app_ms": app_ms, "bare_ms": bare_ms}
    return Row(
        "Start-up to the window shown, 1,000 cases open (median of 7)",
        f"{figure:.0f} ms ({figure / floor:.1f}×)",
        f"{floor:.0f} ms (bare PySide6 window)",
        "≤ 2× the floor",
        figure <= 2 * floor,
    )


def measure_answers(files: dict[int, Path], sandbox: Sandbox, figures: dict) -> list[Row]:
    rows = []
    for size in SIZES:
        copy, env = sandbox.prepare(files[size])
        result = run_probe("answer-changes", str(copy), str(ANSWER_CHANGES), env=env)
        figures[f"answer_{size}"] = result
        # The target is set at the largest size; the smaller ones show how the time grows.
        at_target = size == max(SIZES)
        met = result["median_ms"] <= 5 and result["p99_ms"] <= 16
        rows.append(
            Row(
                f"One answer change (Yes/No/N/A) to the dashboard repainted, {size:,} cases",
                f"median {result['median_ms']:.1f} ms, 99th percentile {result['p99_ms']:.1f} ms",
                "—",
                "median ≤ 5 ms, 99th ≤ 16 ms" if at_target else "—",
                met if at_target else None,
            )
        )
    largest = figures[f"answer_{max(SIZES)}"]
    rows.append(
        Row(
            f"Clearing an answer (standard turns provisional), {max(SIZES):,} cases",
            f"median {largest['clear_median_ms']:.1f} ms, 99th percentile "
            f"{largest['clear_p99_ms']:.1f} ms",
            "—",
            "—",
            None,
        )
    )
    return rows


def measure_storage(files: dict[int, Path], sandbox: Sandbox, figures: dict) -> list[Row]:
    rows = []
    for size in (1000, 5000):
        copy, env = sandbox.prepare(files[size])
        result = run_probe("storage", str(copy), str(STORAGE_REPEAT), env=env)
        figures[f"storage_{size}"] = result
        targets = size == 1000
        rows.append(
            Row(
                f"Open, {size:,} cases ({result['megabytes']:.0f} MB)",
                f"{result['open_ms']:.0f} ms",
                f"{result['read_json_ms']:.0f} ms (json.loads)",
                "≤ 250 ms" if targets else "—",
                result["open_ms"] <= 250 if targets else None,
            )
        )
        rows.append(
            Row(
                f"Save, {size:,} cases",
                f"{result['save_ms']:.0f} ms",
                f"{result['write_json_ms']:.0f} ms (json.dumps, write, fsync)",
                "≤ 100 ms" if targets else "—",
                result["save_ms"] <= 100 if targets else None,
            )
        )
    return rows


def measure_export(file: Path, sandbox: Sandbox, figures: dict) -> Row:
    copy, env = sandbox.prepare(file)
    folder = copy.parent
    report = run_probe("export", str(copy), str(folder / "report.docx"), env=env)
    shape = {k: report[k] for k in ("paragraphs", "tables", "characters")}
    floor = run_probe("export-floor", json.dumps(shape), str(folder / "floor.docx"), env=env)
    figures["export"] = {"report": report, "floor": floor}
    return Row(
        "Word export, 1,000 cases (fresh process, imports included)",
        f"{report['export_ms'] / 1000:.2f} s",
        f"{floor['export_ms'] / 1000:.2f} s (python-docx, {report['paragraphs']} paragraphs, "
        f"{len(report['tables'])} tables)",
        "≤ 1.5 s",
        report["export_ms"] <= 1500,
    )


def measure_memory(file: Path, sandbox: Sandbox, figures: dict) -> Row:
    bare = peak_memory_mb([sys.executable, str(PROBES), "startup-bare"], sandbox.prepare(file)[1])
    # The file opened for editing (lock, recovery data) and every page shown once.
    copy, env = sandbox.prepare(file)
    app = peak_memory_mb([sys.executable, str(PROBES), "every-page", str(copy)], env)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (
        1 if sys.platform == "darwin" else 1024
    )
    figures["memory_mb"] = {"app": app, "bare": bare, "benchmark_process": own / 1024 / 1024}
    return Row(
        "Peak memory, 5,000 cases open, every page shown",
        f"{app:.0f} MB",
        f"{bare:.0f} MB (bare PySide6 window)",
        "≤ 250 MB",
        app <= 250,
    )


# -- the report ----------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 1024**3:.0f} GB RAM"
    except (ValueError, OSError, AttributeError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, PySide6 {pyside_version()}"
    )


def _load() -> str:
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "unknown"


def pyside_version() -> str:
    from importlib import metadata

    for distribution in ("PySide6-Essentials", "PySide6"):
        try:
            return metadata.version(distribution)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


def render(rows: list[Row], markdown: bool) -> str:
    header = ("what", "figure", "floor beside it", "target", "met")
    body = [
        (r.what, r.figure, r.floor, r.target, "—" if r.met is None else "yes" if r.met else "NO")
        for r in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in body]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the app against its speed targets.")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    figures: dict[str, Any] = {}
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="inspection-workbench-bench-") as temp:
        folder = Path(temp)
        sandbox = Sandbox(folder)
        files = generate_files(folder)
        rows = [measure_startup(files[1000], sandbox, figures)]
        rows += measure_answers(files, sandbox, figures)
        rows += measure_storage(files, sandbox, figures)
        rows.append(measure_export(files[1000], sandbox, figures))
        rows.append(measure_memory(files[5000], sandbox, figures))
    elapsed = time.perf_counter() - started
    print(f"Machine: {machine()}")
    print(f"Load average (1 minute) at the start {load_before}, at the end {_load()}")
    print(f"Inspections generated with seed {SEED} ({FRAMEWORK}); run took {elapsed:.0f} s\n")
    print(render(rows, args.markdown))
    if args.json:
        figures["machine"] = machine()
        figures["load"] = {"start": load_before, "end": _load()}
        figures["seconds"] = elapsed
        args.json.write_text(json.dumps(figures, indent=2))
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
