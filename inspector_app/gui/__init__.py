"""The desktop app: a thin Qt view over the core."""
