"""Command line: a thin layer over the library (filled in below)."""

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="News articles in, event data out.")
