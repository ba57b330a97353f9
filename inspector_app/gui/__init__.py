"""The desktop app: a thin Qt view over the core.

Layout:

* ``app``: `run_app` (what ``inspector-app [FILE]`` calls) and the offscreen smoke test.
* ``main_window``: menus, the start page or the open inspection, the status bar.
* ``documents``: `DocumentController`, the only path to and from disk (open, save, close).
* ``workspace``: the sidebar and the pages of an open inspection, registered by `PageSpec`.
* ``editing``: `DocumentEditor` and `ChangeCommand`: every edit a core change on a QUndoStack.
* ``bridge``: the session's changes as typed Qt signals.
* ``item_models/``: Qt item models over the document (dashboard, cases, answers, breakdowns,
  lists, recommendations, previous recommendations, sample windows, standards).
* ``pages/``: the ratings dashboard, cases, case review, standards, narrative, details.
* ``widgets/``, ``dialogs/``: the pieces those pages are made of.
* ``theme``, ``settings``: the look, and the remembered layout and recent files.
* ``screenshots``: ``python -m inspector_app.gui.screenshots [OUT_DIR]``.

How features are built on the window: each module in `main_window.FEATURES` gets
``install(window)`` once the window is built; it can add File-menu actions
(`MainWindow.add_file_action`: export), follow or wrap `MainWindow.controller` (locks,
read-only opening, crash recovery), register pages on each new workspace
(`MainWindow.workspaceCreated`, `Workspace.register_page`: a merge conflict view) and give the
dashboard other figures (`DashboardModel.set_source`: QA-checked cases only).
"""
