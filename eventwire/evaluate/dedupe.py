"""De-duplication quality on a corpus of several reports per event.

Input: JSONL articles (as for ingest) each with ``gold_event``, the label of the real-world
event it reports. Every article is ingested into a fresh in-memory store; two articles are
predicted to report the same event when a current or past ACLED event of each lands in one
merged event. Pairwise precision/recall over article pairs, and the number of merged events
against the number of gold events.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

from ..io.corpus import ingest
from ..store.store import Store
from .common import prf


def evaluate(path: str, limit: int | None = None) -> dict[str, Any]:
    lines = Path(path).read_text("utf-8").splitlines()
    gold = {obj["id"]: obj["gold_event"] for obj in map(json.loads, filter(None, lines))}
    if limit:
        gold = dict(list(gold.items())[:limit])
    with Store() as store:
        ingest([path], store, n_process=1)
        rows = store.query(
            "SELECT c.article_id, c.cluster_id FROM event_clusters c JOIN events e USING (article_id, idx) "
            "WHERE e.status IN ('current', 'past') AND e.event_type IS NOT NULL"
        )
        merged = store.query(
            "SELECT cluster_id, num_articles FROM merged_events "
            "WHERE status IN ('current', 'past') AND event_type IS NOT NULL"
        )
    clusters: dict[str, set[str]] = {}
    for row in rows:
        clusters.setdefault(row["article_id"], set()).add(row["cluster_id"])
    tp = fp = fn = 0
    for a, b in combinations(sorted(gold), 2):
        same_gold = gold[a] == gold[b]
        same_pred = bool(clusters.get(a, set()) & clusters.get(b, set()))
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    multi = [m for m in merged if m["num_articles"] > 1]
    return {
        "summary": {
            "articles": len(gold),
            "gold_events": len(set(gold.values())),
            "merged_events_multi_article": len(multi),
            "merged_events_total": len(merged),
            "pairwise": prf(tp, fp, fn),
            "articles_without_event": sorted(a for a in gold if a not in clusters),
        }
    }
