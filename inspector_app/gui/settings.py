"""Per-user settings: window layout and recent files, in an INI file in the user's config folder.

INI format on every platform (rather than the Windows registry or macOS plists) keeps the
settings in the one folder `inspector_app.paths.user_config_dir()` names, which the tests and
portable installs redirect with INSPECTOR_APP_HOME.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from inspector_app import paths

MAX_RECENT_FILES = 10
SETTINGS_FILE = "settings.ini"


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        if settings is None:
            location = paths.user_config_dir() / SETTINGS_FILE
            settings = QSettings(str(location), QSettings.Format.IniFormat)
        self._settings = settings

    @property
    def location(self) -> str:
        return self._settings.fileName()

    # -- recent files --------------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        value = self._settings.value("files/recent", [])
        if isinstance(value, str):  # QSettings gives a bare string for a one-item list
            value = [value]
        return [Path(item) for item in (value or []) if item]

    def add_recent_file(self, path: Path) -> None:
        resolved = path.resolve()
        files = [resolved, *(p for p in self.recent_files() if p != resolved)]
        self._write_recent(files[:MAX_RECENT_FILES])

    def remove_recent_file(self, path: Path) -> None:
        self._write_recent([p for p in self.recent_files() if p != path.resolve() and p != path])

    def clear_recent_files(self) -> None:
        self._write_recent([])

    def _write_recent(self, files: list[Path]) -> None:
        self._settings.setValue("files/recent", [str(p) for p in files])
        self._settings.sync()

    def last_folder(self) -> str:
        return str(self._settings.value("files/last_folder", "") or "")

    def set_last_folder(self, folder: Path) -> None:
        self._settings.setValue("files/last_folder", str(folder))

    # -- layout ----------------------------------------------------------------------------

    def restore_bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(f"layout/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_bytes(self, key: str, value: QByteArray) -> None:
        self._settings.setValue(f"layout/{key}", value)

    def value(self, key: str, default: str = "") -> str:
        found = self._settings.value(key, default)
        return str(found) if found is not None else default

    def set_value(self, key: str, value: str) -> None:
        self._settings.setValue(key, value)

    def sync(self) -> None:
        self._settings.sync()
