"""A check of the Qt bindings before the app starts.

PySide6 6.12.0 hands back ``None`` and ``True`` from C++ without taking a reference to them
(``QModelIndex.data()`` for an empty value, ``QSettings.value()`` for a missing key,
``Signal.emit()``...). On Python 3.11, where those are ordinary reference-counted objects,
every such call lowers their count by one and after a few thousand the interpreter aborts
("none_dealloc" / "bool_dealloc"), taking unsaved work with it. Python 3.12 and later make them
immortal, so there it does no harm. pyproject.toml excludes that release; this check catches
an environment that has it anyway, before any work can be lost.
"""

from __future__ import annotations

import ctypes
import sys

import PySide6
from PySide6.QtCore import QModelIndex, QObject, QStringListModel, Signal

_PROBES = 50


class _Probe(QObject):
    ping = Signal()


def bindings_problem() -> str | None:
    """Why these bindings would crash the app, or None when they are sound."""
    probe = _Probe()
    model = QStringListModel(["probe"])
    index: QModelIndex = model.index(0, 0)
    nones, trues = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(_PROBES):
        index.data(256)  # a role with no data: None
        probe.ping.emit()  # True
    lost_none = nones - sys.getrefcount(None)
    lost_true = trues - sys.getrefcount(True)
    # Give back what the probe itself lost, so that checking cannot cause the crash.
    for value, lost in ((None, lost_none), (True, lost_true)):
        for _ in range(max(0, lost)):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(value))
    if lost_none >= _PROBES or lost_true >= _PROBES:
        return (
            f"PySide6 {PySide6.__version__} has a defect that crashes the app on Python "
            f"{sys.version_info.major}.{sys.version_info.minor} (values returned without a "
            "reference). Install another version, for example: "
            "pip install 'PySide6-Essentials!=6.12.0'"
        )
    return None
