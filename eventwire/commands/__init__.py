"""The command line's commands, grouped by topic; :mod:`eventwire.cli` registers them on its app."""
