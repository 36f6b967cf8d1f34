"""Rendering of one article result (``eventwire extract`` without --format): rich tables on a
terminal, plain lines (never wrapped) when the output is piped or redirected."""

from __future__ import annotations

from typing import Any, TextIO

from rich.console import Console
from rich.table import Table


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def print_result(console: Console, result: dict[str, Any]) -> None:
    """Events, statements, places and dates of one article as rich tables."""
    console.rule(f"[bold]{result.get('title') or result['id']}")
    console.print(f"published {result.get('published') or 'unknown'} · id {result['id']}", highlight=False)
    events = Table(title=f"{len(result['events'])} events", show_lines=True, expand=True)
    for name in ("status", "type", "date", "actors", "where", "killed", "evidence"):
        events.add_column(name, overflow="fold")
    for e in result["events"]:
        kind = " / ".join(x for x in (e.get("event_type"), e.get("sub_event_type")) if x) or "-"
        if e.get("plover_type"):
            kind += f"\nPLOVER {e['plover_type']}" + (
                f" ({e['plover_mode']})" if e.get("plover_mode") else ""
            )
        actors = f"{_cell(e.get('actor1'))}\n→ {_cell(e.get('actor2'))}"
        where = ", ".join(x for x in (e.get("location"), e.get("country")) if x)
        killed = _cell(e.get("fatalities")) + (f" (count {e['count']})" if e.get("count") else "")
        date = f"{_cell(e.get('event_date'))} p{_cell(e.get('time_precision'))}"
        events.add_row(
            e.get("status"), kind, date, actors, where, killed, (e.get("evidence") or {}).get("text")
        )
    console.print(events)
    statements = Table(title=f"{len(result['statements'])} statements", show_lines=True, expand=True)
    for name in ("speaker", "role", "cue", "kind", "quote"):
        statements.add_column(name, overflow="fold")
    for s in result["statements"]:
        statements.add_row(
            s.get("speaker"), s.get("speaker_role"), s.get("cue"), s.get("kind"), s.get("quote")
        )
    console.print(statements)
    places = ", ".join(f"{p['text']} → {p.get('name')} ({p.get('country')})" for p in result["places"])
    dates = ", ".join(f"{d['text']} → {d.get('value')}" for d in result["dates"])
    console.print(f"[bold]places:[/] {places or '-'}", highlight=False)
    console.print(f"[bold]dates:[/] {dates or '-'}", highlight=False)


def _flat(value: Any) -> str:
    """A cell on one line: no value is empty, inner line breaks become spaces."""
    return " ".join(_cell(value).split())


def plain_lines(result: dict[str, Any]) -> list[str]:
    """The same content as :func:`print_result` as plain text, one record a line."""
    lines = [f"# {_flat(result.get('title') or result['id'])}",
             f"published {result.get('published') or 'unknown'} · id {result['id']}",
             f"{len(result['events'])} events"]  # fmt: skip
    for e in result["events"]:
        kind = " / ".join(x for x in (e.get("event_type"), e.get("sub_event_type")) if x) or "-"
        if e.get("plover_type"):
            kind += f" · PLOVER {e['plover_type']}" + (
                f" ({e['plover_mode']})" if e.get("plover_mode") else ""
            )
        where = ", ".join(x for x in (e.get("location"), e.get("country")) if x) or "-"
        killed = _cell(e.get("fatalities")) + (f" (count {e['count']})" if e.get("count") else "")
        fields = [
            _cell(e.get("status")), kind, f"{_cell(e.get('event_date'))} p{_cell(e.get('time_precision'))}",
            f"{_cell(e.get('actor1'))} → {_cell(e.get('actor2'))}", where, f"killed {killed or '-'}",
            f"evidence: {(e.get('evidence') or {}).get('text') or ''}",
        ]  # fmt: skip
        lines.append("- " + " | ".join(_flat(f) for f in fields))
    lines.append(f"{len(result['statements'])} statements")
    for st in result["statements"]:
        speaker = _flat(st.get("speaker")) + (
            f" ({_flat(st.get('speaker_role'))})" if st.get("speaker_role") else ""
        )
        lines.append(
            f"- {speaker} | {_flat(st.get('cue'))} | {_flat(st.get('kind'))} | {_flat(st.get('quote'))}"
        )
    places = ", ".join(f"{p['text']} → {p.get('name')} ({p.get('country')})" for p in result["places"])
    dates = ", ".join(f"{d['text']} → {d.get('value')}" for d in result["dates"])
    lines += [f"places: {_flat(places) or '-'}", f"dates: {_flat(dates) or '-'}", ""]
    return lines


def print_result_plain(out: TextIO, result: dict[str, Any]) -> None:
    """:func:`plain_lines` written to ``out``."""
    out.write("\n".join(plain_lines(result)) + "\n")
