"""The Qt-free core: frameworks, the inspection document, rating rules, storage and import.

Nothing in this package may import Qt. `tests/test_qt_free.py` proves it by running the core
with PySide6 made unimportable.
"""
