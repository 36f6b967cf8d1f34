"""What every command shares: the error console, one-line failures, ``-`` for a standard stream, JSON out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

EXIT_ERROR = 1  # a user error, or problems in the input (each reported on one line)
STDIN = "<stdin>"
LIMIT = Annotated[int | None, typer.Option(help="Only the first N items.")]
REPORT = Annotated[Path | None, typer.Option(help="Where to write the JSON report.")]

err = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    print_problem(message)
    return typer.Exit(code)


def print_problem(message: str) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)


def is_dash(path: Path | str | None) -> bool:
    return path is not None and str(path) == "-"


def print_json(data: Any) -> None:
    """Highlighted on a terminal; plain, never wrapped, when piped."""
    text = json.dumps(data, default=str, ensure_ascii=False, indent=2)
    if sys.stdout.isatty():
        Console().print_json(text)
    else:
        sys.stdout.write(text + "\n")
