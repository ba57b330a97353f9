"""The error a Word export raises for anything a user can put right."""

from __future__ import annotations

from inspector_app.core.errors import InspectorError


class ReportExportError(InspectorError):
    """The report cannot be written: a template, a report text file or the output is at fault.

    The message says which file and what to do; nothing has been written when it is raised.
    """
