"""The `inspector-app` command: the desktop app with no subcommand, tools otherwise."""
