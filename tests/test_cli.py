"""The command line: exit status 0 on success, 2 on bad input with a message, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from inspector_app.cli.main import main
from inspector_app.core.document import RatingOverride
from inspector_app.core.ratings import Rating
from inspector_app.core.storage import load_inspection, save_inspection


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector_app", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def file(tmp_path: Path) -> Path:
    path = tmp_path / "t.inspection"
    assert (
        main(
            ["new", str(path), "--framework", "pdu-2023", "--unit", "Test PDU", "--region", "North"]
        )
        == 0
    )
    return path


def test_new_creates_a_valid_file(file: Path, capsys) -> None:
    assert main(["validate", str(file)]) == 0
    assert "valid pdu-2023 inspection of Test PDU, 0 cases" in capsys.readouterr().out


def test_new_refuses_to_overwrite(file: Path, capsys) -> None:
    assert main(["new", str(file), "--framework", "pdu-2023", "--unit", "X"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_rate_and_override(file: Path, capsys) -> None:
    assert main(["rate", str(file), "P1.1", "requires-improvement"]) == 0
    assert main(["rate", str(file), "P2.1", "good"]) == 2
    assert "needs a written rationale" in capsys.readouterr().err
    assert main(["rate", str(file), "P2.1", "good", "--rationale", "Seen in interviews"]) == 0
    capsys.readouterr()
    assert main(["summary", str(file), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    standards = {s["id"]: s for s in summary["standards"]}
    assert standards["P1.1"]["rating"] == "Requires improvement"
    assert standards["P2.1"]["rating"] == "Good" and standards["P2.1"]["overridden"] is True
    assert standards["P2.1"]["override_rationale"] == "Seen in interviews"
    assert summary["score"] == 3 and summary["max_score"] == 21
    # The text shows the computed rating beside the override, as the report does.
    assert main(["summary", str(file)]) == 0
    text = capsys.readouterr().out
    assert "P2.1 Assessment" in text and "Good  [overridden; computed not yet rated]" in text
    assert "override rationale: Seen in interviews" in text
    assert main(["rate", str(file), "P2.1", "clear"]) == 0
    assert main(["rate", str(file), "P9.9", "good"]) == 2
    assert main(["rate", str(file), "P1.1", "superb"]) == 2
    assert "not a rating" in capsys.readouterr().err
    # A judgement standard's rating is the inspectors' own: there is nothing to override.
    before = file.read_bytes()
    assert main(["rate", str(file), "P1.3", "good", "--rationale", "why"]) == 2
    assert "P1.3 Services is a judgement standard" in capsys.readouterr().err
    assert file.read_bytes() == before


def test_rating_a_judgement_standard_replaces_an_old_override(file: Path, capsys) -> None:
    # Earlier versions recorded a judgement rating given with a rationale as an override.
    loaded = load_inspection(file)
    document = loaded.document
    document.overrides["P1.1"] = RatingOverride(rating=Rating.OUTSTANDING, rationale="why")
    save_inspection(document, file)
    assert main(["rate", str(file), "P1.1", "inadequate"]) == 0
    out = capsys.readouterr().out
    assert "Removed the override of P1.1 (Outstanding: why)" in out
    assert main(["summary", str(file), "--json"]) == 0
    (p11,) = [s for s in json.loads(capsys.readouterr().out)["standards"] if s["id"] == "P1.1"]
    assert p11["rating"] == "Inadequate" and not p11["overridden"]


def test_failed_import_changes_nothing(file: Path, tmp_path: Path, capsys) -> None:
    before = file.read_bytes()
    cases = tmp_path / "cases.csv"
    cases.write_text("case_ref,P2.1.1\nA1,Yes\nA2,Maybe\n", encoding="utf-8")
    assert main(["import-cases", str(file), str(cases)]) == 2
    error = capsys.readouterr().err
    assert "row 3, column 'P2.1.1'" in error and "nothing was imported" in error
    assert file.read_bytes() == before


def test_summary_text(example_path: Path, capsys) -> None:
    assert main(["summary", str(example_path)]) == 0
    out = capsys.readouterr().out
    assert "Score 8/21, Requires improvement" in out
    assert "* P2.4.3" in out


def test_summary_json_shape(example_path: Path, capsys) -> None:
    assert main(["summary", str(example_path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert set(summary) >= {
        "framework",
        "score",
        "max_score",
        "overall_rating",
        "provisional",
        "standards",
    }
    case_standard = summary["standards"][3]
    assert set(case_standard) >= {"id", "title", "kind", "rating", "overridden", "key_questions"}
    assert set(case_standard["key_questions"][0]) >= {
        "id",
        "yes",
        "applicable",
        "percent",
        "lowest",
    }
    assert (
        summary["standards"][0]["kind"] == "judgement"
        and "key_questions" not in summary["standards"][0]
    )


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "does-not-exist.inspection"],
        ["validate", "pyproject.toml"],
        ["new", "x.inspection", "--framework", "nope", "--unit", "X"],
        ["import-cases", "does-not-exist.inspection", "cases.csv"],
    ],
)
def test_user_mistakes_exit_2_without_traceback(args: list[str], tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "inspector_app", *args],
        capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "inspector-app: error:" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2() -> None:
    result = run("summary")
    assert result.returncode == 2 and "usage:" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("new", "import-cases", "rate", "summary", "validate"):
        assert command in result.stdout
