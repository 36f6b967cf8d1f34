"""Score ACLED sub-event typing on the CASE 2021 task 2 snippets (TSV: id, EventSnippet, SubType).

Each snippet gets one predicted label: the sub-event type of its most confident current ACLED
event (else of any status; the first one on ties), or no label when no ACLED event comes out.
Reported: weighted F1 over the 25 ACLED sub-types (the support-weighted mean of per-label F1
over snippets whose gold label is an ACLED sub-type) and the share of non-ACLED snippets
(ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ATTRIB) given no ACLED event.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..records import Article, ArticleResult, Event
from .common import confusion, per_label_f1, weighted_f1

LABELS = {
    "AIR_STRIKE": "Air/drone strike",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SUIC_BOMB": "Suicide bomb",
    "CHEM_WEAP": "Chemical weapon",
    "GRENADE": "Grenade",
    "ARMED_CLASH": "Armed clash",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "ATTACK": "Attack",
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "SEX_VIOL": "Sexual violence",
    "PEACE_PROTEST": "Peaceful protest",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "VIOL_DEMONSTR": "Violent demonstration",
    "MOB_VIOL": "Mob violence",
    "AGREEMENT": "Agreement",
    "ARREST": "Arrests",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "DISR_WEAP": "Disrupted weapons use",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
}
NON_ACLED = frozenset({"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"})
Runner = Callable[[list[Article]], Iterable[ArticleResult]]


def read_snippets(path: str | Path) -> list[dict[str, str]]:
    """Rows of the task 2 TSV."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def snippet_label(events: list[Event]) -> str | None:
    """The sub-event type of the snippet's news: its most confident current ACLED event (first on
    ties), else its most confident ACLED event of any status ("the scene of a 2017 chemical attack"
    is background, not the news), or None."""
    acled = [e for e in events if e.event_type is not None]
    if not acled:
        return None
    return max(acled, key=lambda e: (e.status in (None, "current"), e.confidence)).sub_event_type


def evaluate(path: str, limit: int | None = None, *, runner: Runner | None = None) -> dict[str, Any]:
    """Weighted F1 over the 25 sub-types and the no-event rate on non-ACLED snippets."""
    from ..pipeline import extract_articles
    from .acled import as_article

    runner = runner or extract_articles
    rows = [r for r in read_snippets(path) if r.get("EventSnippet", "").strip()][:limit]
    articles = [as_article(r["EventSnippet"], f"case-{r['id']}", None) for r in rows]
    gold: list[str] = []
    pred: list[str | None] = []
    non_acled = non_acled_ok = 0
    for row, result in zip(rows, runner(articles)):
        label = snippet_label(result.events)
        sub = row["SubType"].strip()
        if sub in NON_ACLED:
            non_acled += 1
            non_acled_ok += label is None
            continue
        gold.append(LABELS.get(sub, sub))
        pred.append(label)
    scores = per_label_f1(gold, pred)
    acled_labels = [v for v in LABELS.values() if v in scores and scores[v]["support"]]
    return {
        "file": str(path),
        "snippets": len(rows),
        "acled_snippets": len(gold),
        "subtype_weighted_f1": weighted_f1(scores, acled_labels),
        "subtype_accuracy": round(sum(g == p for g, p in zip(gold, pred)) / len(gold), 4) if gold else 0.0,
        "acled_snippets_without_event": sum(p is None for p in pred),
        "non_acled_snippets": non_acled,
        "non_acled_no_event_rate": round(non_acled_ok / non_acled, 4) if non_acled else 0.0,
        "per_label": scores,
        "confusion": confusion(gold, pred),
    }
