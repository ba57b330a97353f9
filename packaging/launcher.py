"""What the built app runs: the `inspector-app` entry point, as when installed with pip.

With no command it starts the desktop app; with a command (`validate`, `export`...) it runs
that tool, so the one executable serves both.
"""

import sys

from inspector_app.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
