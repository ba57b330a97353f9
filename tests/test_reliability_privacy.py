"""Privacy: the app makes no network connection, and everything it writes about an inspection
(the file, its backup, its lock, its recovery data) is readable by the owner only."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from inspector_app.core.locking import lock_path
from inspector_app.core.open_file import OpenInspection
from inspector_app.core.storage import backup_path

ROOT = Path(__file__).resolve().parents[1]

# Runs in a fresh interpreter with every network operation made to fail at the lowest level
# (Python's audit hooks see each socket being made, connected or looked up), then does what
# the app and the command line do with a file.
SCRIPT = textwrap.dedent(
    """
    import sys

    LOCAL_ONLY = {"socket.gethostname"}  # asks the kernel, not the network

    def no_network(event, args):
        if event.startswith("socket.") and event not in LOCAL_ONLY:
            raise PermissionError(f"network use is blocked in this test: {event}")

    sys.addaudithook(no_network)

    import importlib.util, io, contextlib, json, socket, tempfile
    from pathlib import Path

    try:
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    except PermissionError:
        pass
    else:
        raise SystemExit("the network block does not work")

    from inspector_app.cli.main import main
    from inspector_app.core.document import AnswerValue
    from inspector_app.core.open_file import OpenInspection
    from inspector_app.core.recovery import find_recoverable, restore

    folder = Path(tempfile.mkdtemp())
    file = folder / "t.inspection"
    csv = folder / "cases.csv"
    csv.write_text("case_ref,P2.1.1,P2.1.2,P2.1.3\\nA1,Yes,Yes,No\\nA2,Yes,No,Yes\\n")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["new", str(file), "--framework", "pdu-2023", "--unit", "Offline PDU"]) == 0
        assert main(["import-cases", str(file), str(csv)]) == 0
        assert main(["rate", str(file), "P1.1", "good"]) == 0
        assert main(["summary", str(file), "--json"]) == 0
        assert main(["validate", str(file)]) == 0
        if importlib.util.find_spec("inspector_app.export.docx_report") is not None:
            assert main(["export", str(file), "--docx", str(folder / "r.docx")]) == 0

    opened = OpenInspection.open(file, recovery_root=folder / "recovery")
    case = opened.session.cases[0]
    opened.session.apply(opened.session.answer_change(case.id, "P2.1.1", value=AnswerValue.NO))
    opened.save()
    opened.session.apply(opened.session.answer_change(case.id, "P2.1.2", note="offline"))
    opened.journal.detach()
    opened.journal = None
    [candidate] = find_recoverable(folder / "recovery")
    assert restore(candidate).document.cases[0].answers["P2.1.2"].note == "offline"
    opened.lock.release()
    print("NO-NETWORK-OK")
    """
)


def test_the_core_and_command_line_make_no_network_connection() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, timeout=180
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "NO-NETWORK-OK" in result.stdout


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_everything_written_about_an_inspection_is_owner_only(
    example_path: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    path = shared / "case-notes.inspection"
    shutil.copyfile(example_path, path)
    path.chmod(0o644)  # as a colleague's tool might have left it
    root = tmp_path / "recovery"
    opened = OpenInspection.open(path, recovery_root=root)
    opened.session.apply(opened.session.value_change(("meta", "region"), "Private"))
    opened.save()
    opened.session.apply(opened.session.value_change(("meta", "region"), "More private"))
    opened.journal.flush()
    written = [path, backup_path(path), lock_path(path)]
    written += [p for p in opened.journal.folder.rglob("*") if p.is_file()]
    for file in written:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    for folder in (root, opened.journal.folder):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    opened.close()
