"""The news gold set (tests/news_gold.yaml): its articles and incidents, and their texts in ../shared."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import Article

REAL = ("current", "past")


# -- gold ------------------------------------------------------------------------------------


@dataclass
class GoldIncident:
    """One coded incident of the gold file."""

    event_type: str
    sub_event_type: str | None
    status: str
    location: str | None = None
    geo: str = "town"  # town | region | country
    iso3: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    date: str | None = None
    precision: str | None = None
    fatalities: int | None = None
    actor1: str | None = None
    actor2: str | None = None
    note: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GoldIncident:
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        if known.get("date") is not None:
            known["date"] = str(known["date"])  # YAML reads 2018-03-29 as a date, 2016 as an int
        return cls(**known)


@dataclass
class GoldArticle:
    """One article of the gold file."""

    id: str
    source: str
    split: str
    kind: str | None = None
    publication_date: str | None = None
    incidents: list[GoldIncident] = field(default_factory=list)

    @property
    def real(self) -> list[GoldIncident]:
        return [g for g in self.incidents if g.status in REAL]


def load_gold(path: str | Path) -> list[GoldArticle]:
    """The articles of a gold YAML file, in file order."""
    import yaml

    data = yaml.safe_load(Path(path).read_text("utf-8"))
    out = []
    for a in data["articles"]:
        pub = a.get("publication_date")
        out.append(
            GoldArticle(
                id=str(a["id"]),
                source=str(a.get("source") or a["id"].split("-", 1)[0]),
                split=str(a["split"]),
                kind=a.get("kind"),
                publication_date=str(pub) if pub is not None else None,
                incidents=[GoldIncident.from_dict(i) for i in a.get("incidents") or []],
            )
        )
    return out


def split_of(article_id: str) -> str:
    """The fixed split rule of the gold file: ``tune`` when sha256(id) is even, else ``test``."""
    import hashlib

    return "tune" if int(hashlib.sha256(article_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


# -- texts -----------------------------------------------------------------------------------


def dev_folder(dev_dir: str | Path) -> Path:
    """Accept ``../shared/eval/dev``, ``../shared/eval`` or ``../shared``."""
    path = Path(dev_dir)
    for candidate in (path, path / "dev", path / "eval" / "dev"):
        if (candidate / "muc4_dev.json.gz").exists() or (candidate / "geoparsing").is_dir():
            return candidate
    return path


def load_texts(dev_dir: str | Path, ids: Iterable[str]) -> dict[str, str]:
    """Article texts by gold id, read from the dev folder with the project's readers.

    Ids: ``gwn-<i>`` (i-th article of geoparsing/GWN.xml.gz), ``timebank-<doc id>``,
    ``wikievents-<doc_id>``, ``muc4-<doc id>``, ``polnear-<doc id>``. Missing ids are left out.
    """
    dev = dev_folder(dev_dir)
    wanted: dict[str, set[str]] = {}
    for i in ids:
        source, _, key = i.partition("-")
        wanted.setdefault(source, set()).add(key)
    out: dict[str, str] = {}
    if "gwn" in wanted:
        from .geoparse import read_articles

        for n, (text, _tops) in enumerate(read_articles(dev / "geoparsing" / "GWN.xml.gz")):
            if str(n) in wanted["gwn"]:
                out[f"gwn-{n}"] = text
    if "timebank" in wanted:
        from .timeml import iter_timeml

        for doc in iter_timeml(dev / "timebank.tar.gz"):
            if doc.id in wanted["timebank"]:
                out[f"timebank-{doc.id}"] = doc.text
    if "wikievents" in wanted:
        with gzip.open(dev / "wikievents" / "dev.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    doc = json.loads(line)
                    if doc["doc_id"] in wanted["wikievents"]:
                        out[f"wikievents-{doc['doc_id']}"] = doc["text"]
    if "muc4" in wanted:
        for doc_id, rec in read_muc4(dev / "muc4_dev.json.gz"):
            if doc_id in wanted["muc4"]:
                out[f"muc4-{doc_id}"] = rec["doc"]
    if "polnear" in wanted:
        from .polnear import load_corpus

        for doc_id, text, _gold in load_corpus(str(dev / "polnear.tar.gz")):
            if doc_id in wanted["polnear"]:
                out[f"polnear-{doc_id}"] = text
    return out


def read_muc4(path: str | Path) -> list[tuple[str, dict[str, Any]]]:
    """(document id, record) pairs of the ConfliBERT MUC-4 JSON: record = {doc, roles}."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [(str(doc_id), rec) for doc_id, rec in json.load(fh)]


def gold_article(text: str, article_id: str, published: str | None) -> Article:
    """An article for a gold text (as ingest makes it); one ingest would refuse is kept as it is."""
    from ..errors import InputError
    from ..io.ingest import make_article

    try:
        return make_article(
            text, id=article_id, published=published, published_source="input" if published else None
        )
    except InputError:
        return Article(id=article_id, text=text, published=published)
