"""The ``eval`` commands: each harness of :mod:`eventwire.evaluate` run over its data, headline printed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import LIMIT, REPORT, err, fail, print_json


def _run_eval(name: str, path: Path, limit: int | None, report: Path | None) -> None:
    import importlib

    from ..evaluate.common import write_report

    if not path.exists():
        raise fail(f"{path}: no such file or directory")
    module = importlib.import_module(f"eventwire.evaluate.{name}")
    result = module.evaluate(str(path), limit=limit)
    target = write_report(result, report or Path("reports") / f"eval-{name}.json")
    print_json(headline(result.get("summary") or result))
    err.print(f"report written to {target}", highlight=False, markup=False)


def headline(result: dict[str, Any]) -> dict[str, Any]:
    """The headline figures of a harness report (event type macro-F1 and accuracy, span F1s, …):
    its numbers and short strings, nested groups of them kept; per-label tables (groups of groups),
    lists and long texts stay in the report file."""
    out: dict[str, Any] = {}
    for key, value in result.items():
        if isinstance(value, dict):
            if (value and all(isinstance(v, dict) for v in value.values())) or len(value) > 12:
                continue  # a table by label, country, …
            inner = headline(value)
            if inner:
                out[key] = inner
        elif (
            value is None
            or isinstance(value, bool | int | float)
            or (isinstance(value, str) and len(value) <= 200)
        ):
            out[key] = value
    return out


EVALUATIONS = {  # eventwire.evaluate.NAME, and what it reads and measures
    "acled": "ACLED-format CSV(.gz): event type, actors, fatalities, location against the coders.",
    "case2021": "CASE 2021 task 2 TSV: sub-event type weighted F1 and non-events.",
    "geoparse": "GeoWebNews/LGL XML: toponym recognition and resolution.",
    "timeml": "TempEval-3 TimeML (dir or tar): TIMEX recognition and value accuracy.",
    "polnear": "PolNeAR brat standoff (dir or tar): attribution content, cue and speaker.",
    "dedupe": "JSONL articles with a gold_event label: pairwise merge precision/recall.",
    "muc4": "MUC-4 JSON(.gz): document-level incident precision/recall/F1.",
    "plover": "PLOVER gold JSON(.gz): 16-type accuracy, macro-F1, mode, source/target; or CAMEO quad TSV.",
}


def eval_command(name: str, help_text: str) -> Callable[..., None]:
    """The command running harness ``name`` (help: ``help_text``)."""

    def command(path: Path, limit: LIMIT = None, report: REPORT = None) -> None:
        _run_eval(name, path, limit, report)

    command.__doc__ = help_text
    return command


def eval_news(
    gold: Annotated[Path, typer.Argument(help="The news gold set (tests/news_gold.yaml).")],
    dev: Annotated[Path, typer.Option(help="Where the gold texts are.")] = Path("../shared/eval/dev"),
    split: Annotated[str | None, typer.Option(help="tune or test (default: both, and overall).")] = None,
    report: REPORT = None,
) -> None:
    """News gold set: incident precision/recall, rows per incident, fatalities, status (issue 15)."""
    from ..evaluate import news
    from ..evaluate.common import write_report

    for path in (gold, dev):
        if not path.exists():
            raise fail(f"{path}: no such file or directory")
    result = news.evaluate(str(gold), str(dev), split=split)
    target = write_report(result, report or Path("reports") / "eval-news.json")
    print_json(headline(result.get("summary") or result))
    err.print(f"report written to {target}", highlight=False, markup=False)
