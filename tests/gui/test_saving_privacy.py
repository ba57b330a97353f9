"""Privacy in the desktop app: a whole window session (start-up recovery check, open, edit,
save, a crash and its recovery, Save As, a new inspection, every page shown, the smoke test)
makes no network connection, and what it writes about an inspection is owner-only."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter. Python's audit hook refuses every socket operation Python code
# could make; at the end the process's own sockets are looked up in the kernel's tables of
# internet sockets, which also catches any connection made from Qt's C++ code.
SCRIPT = textwrap.dedent(
    """
    import os, sys

    LOCAL_ONLY = {"socket.gethostname"}  # asks the kernel, not the network

    def no_network(event, args):
        if event.startswith("socket.") and event not in LOCAL_ONLY:
            raise PermissionError(f"network use is blocked in this test: {event}")

    sys.addaudithook(no_network)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

    import shutil, socket, stat, tempfile
    from pathlib import Path

    try:
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    except PermissionError:
        pass
    else:
        raise SystemExit("the network block does not work")

    home = Path(tempfile.mkdtemp())
    os.environ["INSPECTOR_APP_HOME"] = str(home)

    from PySide6.QtWidgets import QApplication
    from inspector_app.gui.app import create_application, run_smoke_test
    from inspector_app.gui.dialogs import ask
    from inspector_app.gui.dialogs import recovery as recovery_dialog
    from inspector_app.gui.dialogs.recovery import RecoveryChoice
    from inspector_app.gui.main_window import MainWindow
    from inspector_app.paths import example_inspection_path

    app = create_application()
    folder = home / "inspections"
    folder.mkdir()
    file = folder / "private.inspection"
    shutil.copyfile(example_inspection_path(), file)
    file.chmod(0o644)

    window = MainWindow()  # with every extension, as the app starts
    window.show()
    assert window.controller.offer_recovery() is None
    assert window.open_path(file)
    editor = window.workspace.editor
    for page_id in window.workspace.page_ids():
        window.workspace.show_page(page_id)
        app.processEvents()
    case = editor.session.cases[0]
    assert editor.set_answer(case.id, "P2.1.1", None)
    assert window.save()
    assert editor.set_answer(case.id, "P2.1.2", None)
    file_state = window.controller.current.file
    assert file_state.journal.flush()
    written = [file, file.with_name(file.name + ".bak"), folder / ".private.inspection.lock"]
    written += [p for p in file_state.journal.folder.rglob("*") if p.is_file()]
    for path in written:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == 0o600, (path, oct(mode))
    assert stat.S_IMODE(file_state.journal.folder.stat().st_mode) == 0o700

    # A crash: the recovery data stays; the next window offers it and saves it elsewhere.
    file_state.journal.detach()
    file_state.journal = None
    file_state.lock.release()
    file_state.lock = None
    window.controller.current = None
    window.deleteLater()
    again = MainWindow()
    again.show()
    recovery_dialog.ask_recovery = lambda *a, **k: RecoveryChoice.SAVE_AS
    ask.choose_file_to_save = lambda *a: folder / "kept.inspection"
    opened = again.controller.offer_recovery()
    assert opened.editor.document.cases[0].value_of("P2.1.2") is None
    assert stat.S_IMODE((folder / "kept.inspection").stat().st_mode) == 0o600
    again.open_example()
    ask.ask_save_changes = lambda *a: ask.SaveChoice.DISCARD
    assert again.close()
    assert run_smoke_test(str(file)) == 0

    def inet_inodes():
        inodes = set()
        for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
            try:
                lines = Path(f"/proc/net/{table}").read_text().splitlines()[1:]
            except OSError:
                continue
            inodes.update(line.split()[9] for line in lines if len(line.split()) > 9)
        return inodes

    if Path("/proc/self/fd").is_dir():
        mine = set()
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                mine.add(target[len("socket:["):-1])
        assert not mine & inet_inodes(), "the app holds an internet socket"
        print("SOCKETS-CHECKED")
    assert "PySide6.QtNetwork" not in sys.modules, "Qt's networking was loaded"
    print("NO-NETWORK-OK")
    """
)


@pytest.mark.skipif(os.name != "posix", reason="checks owner-only permissions")
def test_a_window_session_makes_no_network_connection_and_writes_owner_only() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:] + result.stdout[-2000:]
    assert "NO-NETWORK-OK" in result.stdout
    if sys.platform.startswith("linux"):
        assert "SOCKETS-CHECKED" in result.stdout
