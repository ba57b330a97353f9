"""The core never imports Qt: run it in a fresh interpreter where PySide6 cannot be imported."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Core packages: everything except the desktop app itself.
SCRIPT = textwrap.dedent(
    """
    import importlib, pkgutil, sys, tempfile, json, io, contextlib
    from pathlib import Path

    class BlockQt:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                raise ImportError(f"Qt is blocked in this test: {name}")
            return None

    sys.meta_path.insert(0, BlockQt())

    import inspector_app
    skipped = ("inspector_app.gui",)
    for module in pkgutil.walk_packages(inspector_app.__path__, "inspector_app."):
        if module.name.startswith(skipped) or module.name == "inspector_app.__main__":
            continue
        importlib.import_module(module.name)

    from inspector_app.cli.main import main
    from inspector_app.paths import example_inspection_path
    folder = Path(tempfile.mkdtemp())
    file = folder / "t.inspection"
    csv = folder / "cases.csv"
    csv.write_text("case_ref,P2.1.1,P2.1.2,P2.1.3\\nA1,Yes,Yes,No\\nA2,Yes,No,Yes\\n")
    assert main(["new", str(file), "--framework", "pdu-2023", "--unit", "Qt-free PDU"]) == 0
    assert main(["import-cases", str(file), str(csv)]) == 0
    assert main(["rate", str(file), "P1.1", "good"]) == 0
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["summary", str(file), "--json"]) == 0
    assert json.loads(out.getvalue())["score"] == 3
    assert main(["summary", str(example_inspection_path())]) == 0
    assert not [m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))]
    print("QT-FREE-OK")
    """
)


def test_core_and_command_line_work_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "QT-FREE-OK" in result.stdout
