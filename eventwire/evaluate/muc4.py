"""MUC-4 incident detection at document level (the ConfliBERT distribution of the MUC-4 test set).

Gold: a document has an incident when its template roles name any perpetrator (individual or
organisation), physical or human target, or instrument (``perp_individual_id``,
``perp_organization_id``, ``phys_tgt_id``, ``hum_tgt_name``, ``incident_instrument_id``).

Prediction: eventwire finds an incident in a document when the pipeline yields any event of
status current or past whose type is Battles, Explosions/Remote violence or Violence against
civilians (MUC-4's terrorism templates cover attacks, bombings, kidnappings and arson, not
protests or strategic developments). Texts are fed as distributed (upper case, datelines cut),
with no publication date.

Reported: precision, recall and F1 of the document-level decision, the counts, and the ids of
false positives and false negatives (with the predicted events of each false positive).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..records import Article, ArticleResult, Event
from .common import prf

ROLES = (
    "perp_individual_id",
    "perp_organization_id",
    "phys_tgt_id",
    "hum_tgt_name",
    "incident_instrument_id",
)
VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
Runner = Callable[[list[Article]], Iterable[ArticleResult]]


def gold_incident(roles: dict[str, Any]) -> bool:
    """Whether a MUC-4 template set names any perpetrator, target or instrument."""
    return any(roles.get(k) for k in ROLES)


def incident_events(events: Iterable[Event]) -> list[Event]:
    """The events that count as a MUC-4 incident: current or past, of a political-violence type."""
    return [e for e in events if e.status in ("current", "past") and e.event_type in VIOLENT]


def evaluate(path: str | Path, limit: int | None = None, *, runner: Runner | None = None) -> dict[str, Any]:
    """Document-level incident precision/recall/F1 on a MUC-4 JSON(.gz) file (first ``limit`` documents)."""
    from .news_gold import gold_article, read_muc4

    if runner is None:
        from ..pipeline import extract_articles as runner
    docs = read_muc4(path)[:limit]
    articles = [gold_article(rec["doc"], f"muc4-{doc_id}", None) for doc_id, rec in docs]
    tp = fp = fn = tn = 0
    false_pos: list[dict[str, Any]] = []
    false_neg: list[str] = []
    for (doc_id, rec), result in zip(docs, runner(articles)):
        gold = gold_incident(rec["roles"])
        found = incident_events(result.events)
        if gold and found:
            tp += 1
        elif gold:
            fn += 1
            false_neg.append(doc_id)
        elif found:
            fp += 1
            false_pos.append(
                {
                    "id": doc_id,
                    "events": [
                        {
                            "type": e.event_type,
                            "sub": e.sub_event_type,
                            "status": e.status,
                            "evidence": e.evidence.text[:160] if e.evidence is not None else None,
                        }
                        for e in found[:5]
                    ],
                }
            )
        else:
            tn += 1
    scores = prf(tp, fp, fn)
    return {
        "file": str(path),
        "documents": len(docs),
        "gold_incident_documents": tp + fn,
        "predicted_incident_documents": tp + fp,
        "true_negatives": tn,
        "incidents": scores,
        "summary": {k: scores[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}
        | {"documents": len(docs)},
        "false_positives": false_pos,
        "false_negatives": false_neg,
    }


__all__ = ["ROLES", "VIOLENT", "evaluate", "gold_incident", "incident_events"]
