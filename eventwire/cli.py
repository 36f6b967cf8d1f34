"""Command line: each command parses options and calls one library function.

Errors a user can fix (a missing file, a bad option, a database in use) are one line on standard
error and a non-zero exit code, never a traceback; ``--debug`` shows the traceback of an internal
error. ``-`` stands for standard input (``extract -``, ``ingest -``) and output (``export --out -``).
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from .commands.common import EXIT_ERROR, err, fail, print_problem
from .commands.data import export, load, run, serve
from .commands.evaluation import EVALUATIONS, eval_command, eval_news
from .commands.ingest import extract, ingest
from .commands.learning import learn, train_acled, train_coder
from .errors import EventwireError

EXIT_INTERNAL = 70  # a bug (EX_SOFTWARE): one line, the traceback with --debug
EPILOG = (
    "Exit status: 0 done; 1 an error you can fix or inputs that could not be read (one line each on "
    "standard error); 2 bad usage; 70 an internal error (one line; rerun with --debug for its "
    "traceback). '-' reads standard input (extract, ingest) or writes standard output (export --out)."
)

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="News articles in, clean event data out.", epilog=EPILOG,
    pretty_exceptions_enable=False,
)  # fmt: skip
eval_app = typer.Typer(no_args_is_help=True, help="Measure extraction quality against annotated data.")
app.add_typer(eval_app, name="eval")
train_app = typer.Typer(no_args_is_help=True, help="Train the event-type model or the coder on coded data.")
app.add_typer(train_app, name="train")
_debug = False


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("eventwire")
    except PackageNotFoundError:  # a source tree that is not installed
        return "unknown"


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"eventwire {_version()}\n")
        raise typer.Exit()


@app.callback()
def _options(
    settings: Annotated[
        Path | None, typer.Option("--settings", help="TOML file overriding data/settings.toml.")
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error (a bug to report).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """News articles in, clean event data out."""
    from .settings import use_settings_file

    global _debug
    _debug = debug
    if settings is not None and not settings.is_file():
        raise fail(f"{settings}: no such settings file")
    try:
        use_settings_file(str(settings) if settings else None)
    except tomllib.TOMLDecodeError as e:
        raise fail(f"{settings}: not valid TOML ({e})") from None
    except UnicodeDecodeError:
        raise fail(f"{settings}: not UTF-8 text") from None
    except OSError as e:
        raise fail(f"{settings}: cannot read it ({e.strerror or e})") from None
    except EventwireError as e:
        message = str(e)
        raise fail(message if str(settings) in message else f"{settings}: {message}") from None


for command in (extract, ingest, export, run, load, serve, learn):
    app.command()(command)
for name, help_text in EVALUATIONS.items():
    eval_app.command(name)(eval_command(name, help_text))
eval_app.command("news")(eval_news)
train_app.command("acled")(train_acled)
train_app.command("coder")(train_coder)


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split()) or type(e).__name__


def main(argv: list[str] | None = None) -> None:
    """Entry point: an error a user can fix is one line on standard error and exit code 1; an
    internal error one line and 70 (the traceback with --debug)."""
    try:
        app(args=argv)
    except SystemExit:
        raise
    except BrokenPipeError:  # `eventwire export | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_ERROR)
    except EventwireError as e:
        print_problem(_one_line(e))
        sys.exit(EXIT_ERROR)
    except OSError as e:
        print_problem((f"{e.filename}: " if e.filename else "") + (e.strerror or _one_line(e)))
        sys.exit(EXIT_ERROR)
    except Exception as e:
        if _debug:
            raise
        err.print(
            f"[bold red]internal error:[/] {type(e).__name__}: {escape(_one_line(e)[:300])} "
            "(rerun with --debug for the traceback, and please report it)",
            highlight=False,
        )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
