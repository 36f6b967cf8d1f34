"""TempEval-3 / TimeBank evaluation of ``find_dates``: TIMEX3 recognition and DATE value accuracy."""

from __future__ import annotations

import html
import re
import tarfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .common import prf

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_KIND_TYPE = {"date": "DATE", "range-start": "DATE", "reference": "DATE", "duration": "DURATION"}
_KIND_TYPE |= {"set": "SET", "time": "TIME", "publication": "DATE"}


@dataclass
class Timex:
    """One gold TIMEX3: character span in the plain text, type and normalised value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDoc:
    """A TimeML document reduced to its plain text, creation time and gold TIMEX3s."""

    id: str
    text: str
    dct: str | None
    timexes: list[Timex]


def parse_timeml(name: str, xml: str) -> TimeMLDoc:
    """Plain text of ``<TEXT>``, the DCT value and every TIMEX3 inside the text with offsets."""
    dct_match = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", xml)
    dct = dict(_ATTR.findall(dct_match.group(1))).get("value") if dct_match else None
    body_match = re.search(r"<TEXT>(.*?)</TEXT>", xml, re.S)
    body = body_match.group(1) if body_match else ""
    parts: list[str] = []
    length = 0
    timexes: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos : m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if not m.group(1):
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            timexes.append(Timex(start, length, "", attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    parts.append(html.unescape(body[pos:]))
    text = "".join(parts)
    for t in timexes:
        t.text = text[t.start : t.end]
    return TimeMLDoc(name, text, dct[:10] if dct else None, timexes)


def iter_timeml(path: str | Path) -> Iterator[TimeMLDoc]:
    """TimeML documents from a directory (recursively) or a tar archive, in name order."""
    path = Path(path)
    if path.is_dir():
        for f in sorted(path.rglob("*.tml")):
            yield parse_timeml(f.stem, f.read_text("utf-8"))
        return
    with tarfile.open(path) as tar:
        members = sorted(
            (m for m in tar.getmembers() if m.isfile() and m.name.endswith(".tml")), key=lambda m: m.name
        )
        for member in members:
            handle = tar.extractfile(member)
            if handle is not None:
                yield parse_timeml(Path(member.name).stem, handle.read().decode("utf-8"))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(path: str, limit: int | None = None) -> dict[str, Any]:
    """Run ``find_dates`` on each document (published = DCT) and score it against the gold TIMEX3s.

    Returns strict- and relaxed-span P/R/F1 over all TIMEX3 types, type accuracy on relaxed matches,
    value accuracy on matched gold DATE expressions, and a sample of value errors.
    """
    from ..fields.dates import find_dates
    from ..nlp.parse import load_nlp

    nlp = load_nlp()
    docs = list(iter_timeml(path))[:limit] if limit else list(iter_timeml(path))
    strict = Counter()
    relaxed = Counter()
    type_ok = type_n = value_ok = value_n = 0
    errors: list[dict[str, str]] = []
    missed: Counter = Counter()
    spurious: Counter = Counter()
    for tdoc, doc in zip(docs, nlp.pipe(d.text for d in docs)):
        preds = find_dates(doc, tdoc.dct)
        gold_spans = {(t.start, t.end) for t in tdoc.timexes}
        pred_spans = {(p.start, p.end) for p in preds}
        tp = len(gold_spans & pred_spans)
        strict.update(tp=tp, fp=len(pred_spans) - tp, fn=len(gold_spans) - tp)
        matched_pred: set[int] = set()
        for gold in tdoc.timexes:
            hit = next(
                (
                    i
                    for i, p in enumerate(preds)
                    if i not in matched_pred and _overlap((p.start, p.end), (gold.start, gold.end))
                ),
                None,
            )
            if hit is None:
                relaxed["fn"] += 1
                missed[gold.text.lower()] += 1
                continue
            matched_pred.add(hit)
            relaxed["tp"] += 1
            pred = preds[hit]
            type_n += 1
            type_ok += _KIND_TYPE.get(pred.kind, "DATE") == gold.type
            if gold.type == "DATE":
                value_n += 1
                if pred.value == gold.value:
                    value_ok += 1
                elif len(errors) < 400:
                    errors.append({"doc": tdoc.id, "dct": tdoc.dct or "", "text": gold.text,
                                   "gold": gold.value,
                                   "pred_text": pred.text, "pred": str(pred.value)})  # fmt: skip
        for i, p in enumerate(preds):
            if i not in matched_pred:
                relaxed["fp"] += 1
                spurious[p.text.lower()] += 1
    return {
        "documents": len(docs),
        "gold_timex": sum(len(d.timexes) for d in docs),
        "strict": prf(strict["tp"], strict["fp"], strict["fn"]),
        "relaxed": prf(relaxed["tp"], relaxed["fp"], relaxed["fn"]),
        "type_accuracy": round(type_ok / type_n, 4) if type_n else 0.0,
        "date_value_accuracy": round(value_ok / value_n, 4) if value_n else 0.0,
        "date_value_n": value_n,
        "value_errors": errors,
        "top_missed": missed.most_common(40),
        "top_spurious": spurious.most_common(40),
    }
