"""Inspection Workbench: case reviews, live ratings and report drafting for probation
inspections."""

__version__ = "0.1.0"

APP_NAME = "Inspection Workbench"
# Used for platformdirs and QSettings: changing it moves every user's settings and recovery data.
APP_ID = "inspection-workbench"
APP_AUTHOR = "InspectionWorkbench"
