"""Held-out measurement of the learned tables (eventwire.learn), outside the pipeline.

Places: the layer is learned from the January 2018 Middle East dev notes plus the training exports
and measured on the February notes. For every February gold row it asks whether the gold location
name is found (a) in the shipped gazetteer (cities500 + admin1 + supplement, through
``eventwire.gazetteer``), (b) in the learned layer, and how far from the gold point the best
same-name candidate is (oracle: the right candidate is always picked; the share within 25 km is an
upper bound for that source), and the same for the union. "top" is a naive pick instead: the most
populous (gazetteer) or most frequently coded (layer) candidate; in the union the layer's first.
"note oracle" looks up every capitalised phrase of the note instead of the gold name (what a
pipeline can see).

Actors: leave one export set out, learn the actor table from the others, and measure on the
left-out set the share of gold actor1 rows whose canonical name or a learned alias occurs in the
note (state forces and named groups apart: generic names such as "Protesters (India)" are the
role templates' job), and the precision of the learned aliases found in its notes (the note codes
the actor the alias is given to).

    .venv/bin/python bench/learned_places.py [--places] [--actors] [--grid]
    .venv/bin/python bench/learned_places.py --pipeline /tmp/WORK --sample 300

"--pipeline" scores the whole pipeline (evaluate.acled) on a sample of notes of each set: the Feb
dev notes with the layers of the Jan notes and the training exports, each training export with the
layers of the other exports and the dev notes (leave one set out).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import zlib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.geo import haversine_km  # noqa: E402
from eventwire.learn.actor_names import alias_key, structural_aliases, tkey, tokens  # noqa: E402
from eventwire.learn.actors import learn_actors  # noqa: E402
from eventwire.learn.places import PlaceLayer, learn_places, name_variants  # noqa: E402
from eventwire.learn.rows import country_iso2, read_export, strip_years  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
DEV = SHARED / "dev" / "acled_middle_east_2018_dev.csv.gz"
TRAIN = SHARED / "train" / "acled_multi_region.csv.gz"
KM = 25.0
_GENERIC = re.compile(
    r"^(Protesters|Rioters|Civilians|Unidentified|Labou?r Group|Students|Women|Refugees|Journalists|"
    r"Lawyers|Teachers|Health Workers|Farmers|Prisoners|Private Security)"
)
_STATE = re.compile(r"^(Military Forces of|Police Forces of|Government of)")


def _month(row: dict[str, str]) -> str:
    parts = row["event_date"].split("-")
    return parts[1] if len(parts) == 3 else ""


def _rate(n: int, d: int) -> float:
    return round(n / d, 3) if d else 0.0


# -- places ----------------------------------------------------------------------------------


def _gold_point(row):
    try:
        return float(row["latitude"]), float(row["longitude"])
    except ValueError:
        return None


def _phrases(text: str, max_words: int = 4) -> set[str]:
    """Capitalised phrases of a note (1..4 words; lower-case connectors inside)."""
    toks = tokens(text)
    out = set()
    for i, (w, s, _) in enumerate(toks):
        if not w[:1].isupper():
            continue
        for j in range(i, min(i + max_words, len(toks))):
            if j > i and text[toks[j - 1][2] : toks[j][1]].strip():
                break
            out.add(text[s : toks[j][2]])
    return out


def bench_places() -> dict:
    from eventwire.gazetteer import load_index

    dev = list(read_export(DEV))
    train = [r for r in read_export(TRAIN) if r["location"]]
    jan = [r for r in dev if _month(r) == "Jan"]
    feb = [r for r in dev if _month(r) == "Feb" and r["location"] and _gold_point(r)]
    t0 = time.time()
    layers = {
        "learned (Jan + train)": PlaceLayer(learn_places(train + jan)),
        "learned (Jan only)": PlaceLayer(learn_places(jan)),
        "learned (train only)": PlaceLayer(learn_places(train)),
    }
    learn_s = round(time.time() - t0, 1)
    index = load_index()

    def gaz_points(name: str, iso2: str | None = None):
        rows = index.lookup(name)
        return [(index.lat[r], index.lon[r], index.cc[r]) for r in rows if not iso2 or index.cc[r] == iso2]

    def layer_points(layer, name: str):
        return [(p.lat, p.lon, p.iso2) for p in layer.lookup(name)]

    def names_of(row):
        return [row["location"], *name_variants(row["location"])]

    phrase_cache: dict[str, dict[str, list]] = {}

    def note_points(text: str) -> dict[str, list]:
        if text not in phrase_cache:
            pts: dict[str, list] = defaultdict(list)
            for ph in _phrases(text):
                pts["gazetteer"] += gaz_points(ph)
                for label, layer in layers.items():
                    pts[label] += layer_points(layer, ph)
            phrase_cache[text] = pts
        return phrase_cache[text]

    sources = ["gazetteer", *layers]
    counts: dict[str, Counter] = {s: Counter() for s in [*sources, "union (gazetteer + Jan + train)"]}
    namesake = Counter()
    for row in feb:
        lat, lon = _gold_point(row)
        iso2 = country_iso2(row["country"])
        cands: dict[str, list] = {"gazetteer": [p for n in names_of(row) for p in gaz_points(n)]}
        for label, layer in layers.items():
            cands[label] = [p for n in names_of(row) for p in layer_points(layer, n)]
        # learned first: "top" of the union is the layer's most coded candidate where it has one
        cands["union (gazetteer + Jan + train)"] = cands["learned (Jan + train)"] + cands["gazetteer"]
        notes = note_points(row["notes"])
        notes_union = notes["gazetteer"] + notes["learned (Jan + train)"]
        for label, pts in cands.items():
            c = counts[label]
            c["rows"] += 1
            dists = [haversine_km(lat, lon, a, b) for a, b, _ in pts]
            if pts:
                c["found"] += 1
                c["found_same_country"] += any(cc == iso2 for _, _, cc in pts)
                c["oracle_25km"] += min(dists) <= KM
                c["top_25km"] += dists[0] <= KM
            npts = notes_union if label.startswith("union") else notes[label]
            c["note_oracle_25km"] += any(haversine_km(lat, lon, a, b) <= KM for a, b, _ in npts)
        # foreign namesakes: the gazetteer's first candidate in another country
        g = cands["gazetteer"]
        if g and g[0][2] != iso2:
            namesake["gazetteer_top_foreign"] += 1
            if any(cc == iso2 for _, _, cc in cands["learned (Jan + train)"]):
                namesake["of_which_learned_has_gold_country"] += 1
                namesake["of_which_learned_same_country_within_25km"] += any(
                    cc == iso2 and haversine_km(lat, lon, a, b) <= KM
                    for a, b, cc in cands["learned (Jan + train)"]
                )
    out = {
        "feb_gold_rows": len(feb),
        "jan_rows": len(jan),
        "train_rows_with_location": len(train),
        "learn_seconds": learn_s,
        "layer_rows": {k: len(v.places) for k, v in layers.items()},
        "sources": {},
        "foreign_namesakes": dict(namesake),
    }
    for label, c in counts.items():
        n = c["rows"]
        out["sources"][label] = {
            "found": _rate(c["found"], n),
            "found_in_gold_country": _rate(c["found_same_country"], n),
            "oracle_within_25km": _rate(c["oracle_25km"], n),
            "top_candidate_within_25km": _rate(c["top_25km"], n),
            "note_oracle_within_25km": _rate(c["note_oracle_25km"], n),
        }
    return out


# -- actors ----------------------------------------------------------------------------------


def _actor_class(name: str) -> str:
    if _STATE.match(name):
        return "state"
    if _GENERIC.match(name):
        return "generic"
    return "named"


def _stem(name: str) -> tuple[str, str]:
    """(acronym, folded name) of an ACLED actor name without years, acronym or parenthesised parts."""
    name = strip_years(name)
    acr, _, rest = name.partition(": ") if re.match(r"^[^ ]+: ", name) else ("", "", name)
    rest = re.sub(r"\([^()]*\)", " ", rest)
    return acr, " ".join(rest.lower().replace("-", " ").split())


def same_actor(a: str, b: str) -> bool:
    """The same actor under the naming of different exports: "IS: Islamic State" and "Islamic State
    (Syria)", "AL: Awami League" and "AL: Bangladesh Awami League"."""
    if a == b:
        return True
    (xa, sa), (xb, sb) = _stem(a), _stem(b)
    if xa and xa == xb:
        return True
    return sa == sb or (min(len(sa), len(sb)) >= 8 and (sa in sb or sb in sa))


def _matcher(table):
    """alias key -> [(canonical, iso2, origin)], and the key lengths to try."""
    by_key: dict[tuple[str, ...], list] = defaultdict(list)
    for r in table:
        k = alias_key(r.alias)
        if not k:
            continue
        if r.alias == r.canonical:
            origin = "canonical"
        elif k in {alias_key(a) for a in structural_aliases(r.canonical)}:
            origin = "structural"
        else:
            origin = "notes"
        by_key[k].append((r.canonical, r.iso2, origin))
    return by_key, sorted({len(k) for k in by_key})


def _matches(text: str, iso2: str | None, by_key, lengths) -> list[tuple[str, str]]:
    """(canonical, origin) of every alias occurring in ``text`` valid in the note's country."""
    keys = tuple(tkey(t) for t, _, _ in tokens(text))
    out = []
    for i in range(len(keys)):
        for n in lengths:
            if i + n > len(keys):
                break
            for canon, c_iso2, origin in by_key.get(keys[i : i + n], ()):
                if not c_iso2 or not iso2 or c_iso2 == iso2:
                    out.append((canon, origin))
    return out


def _half(note: str) -> bool:
    return zlib.crc32(note.encode("utf-8")) % 2 == 1


def bench_actors(params: dict | None = None, mode: str = "loso") -> dict:
    """``mode``: "loso" (leave one set out), "half" (learn from half of every set's notes, measure on
    the other half: held-out notes from seen regions) or "in_sample" (learn from everything)."""
    rows = [r for r in read_export(TRAIN) if r["actor1"]] + list(read_export(DEV))
    sets = sorted({r["set"] for r in rows})
    result: dict = {"params": params or "learn.toml", "mode": mode, "sets": {}}
    pooled = Counter()
    fixed = None
    if mode == "in_sample":
        fixed = learn_actors(rows, params)
    elif mode == "half":
        fixed = learn_actors([r for r in rows if not _half(r["notes"])], params)
    for held in sets:
        table = fixed or learn_actors([r for r in rows if r["set"] != held], params)
        by_key, lengths = _matcher(table)
        canonicals = {r.canonical for r in table}
        test = [r for r in rows if r["set"] == held and (mode != "half" or _half(r["notes"]))]
        coded_by_note: dict[str, set[str]] = defaultdict(set)
        for r in test:
            for col in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
                for name in r[col].split(";"):
                    if name.strip():
                        coded_by_note[r["notes"]].add(strip_years(name.strip()))
        c = Counter()
        seen_notes = set()
        for r in test:
            iso2 = country_iso2(r["country"])
            found = _matches(r["notes"], iso2, by_key, lengths)
            a1 = strip_years(r["actor1"])
            cls = _actor_class(a1)
            c[f"{cls}_rows"] += 1
            c[f"{cls}_known"] += a1 in canonicals
            c[f"{cls}_canonical_in_note"] += any(canon == a1 and o == "canonical" for canon, o in found)
            c[f"{cls}_any_alias_in_note"] += any(canon == a1 for canon, _ in found)
            if r["notes"] in seen_notes:
                continue
            seen_notes.add(r["notes"])
            for canon, origin in set(found):
                if origin == "canonical":
                    continue
                c[f"{origin}_alias_hits"] += 1
                c[f"{origin}_alias_correct"] += any(same_actor(canon, x) for x in coded_by_note[r["notes"]])
        pooled.update(c)
        result["sets"][held] = _actor_summary(c)
        result["sets"][held]["table_rows"] = len(table)
    result["pooled"] = _actor_summary(pooled)
    return result


def _actor_summary(c: Counter) -> dict:
    out = {}
    for cls in ("state", "named", "generic"):
        n = c[f"{cls}_rows"]
        out[cls] = {
            "rows": n,
            "known": _rate(c[f"{cls}_known"], n),
            "canonical_in_note": _rate(c[f"{cls}_canonical_in_note"], n),
            "name_or_alias_in_note": _rate(c[f"{cls}_any_alias_in_note"], n),
        }
    for origin in ("structural", "notes"):
        out[f"{origin}_alias_precision"] = {
            "occurrences": c[f"{origin}_alias_hits"],
            "precision": _rate(c[f"{origin}_alias_correct"], c[f"{origin}_alias_hits"]),
        }
    return out


GRID = {
    "strict": {"acronym_min_support": 3, "acronym_min_specificity": 0.9, "ngram_min_support": 8,
               "ngram_min_specificity": 0.95},
    "default": {},
    "loose": {"acronym_min_support": 2, "acronym_min_specificity": 0.6, "ngram_min_support": 3,
              "ngram_min_specificity": 0.8, "ngram_max_rival_share": 0.8},
}  # fmt: skip


# -- through the pipeline ----------------------------------------------------------------------


def _sample_notes(rows: list[dict[str, str]], n: int) -> list[dict[str, str]]:
    """All rows of ``n`` distinct notes, chosen by a hash of the note (the same every run)."""
    notes = sorted({r["notes"] for r in rows if r["notes"].strip()}, key=lambda t: zlib.crc32(t.encode()))
    keep = set(notes[:n])
    return [r for r in rows if r["notes"] in keep]


def _write_csv(rows: list[dict[str, str]], path: Path) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def _headline(report: dict) -> dict:
    return {
        "notes": report["notes"],
        "gold_events": report["gold_events"],
        "location_within_25km": report["location_within_25km"],
        "country_correct": report["country_correct"],
        "actor1_relaxed": report["actor1"]["relaxed"],
        "actor1_exact": report["actor1"]["exact"],
    }


def prepare_pipeline(work: Path, sample: int) -> dict[str, dict]:
    """Sample files and held-out layers under ``work`` for :func:`bench_pipeline`: per measured set,
    the notes to score and a user-layer folder learned from everything but that set (the Feb dev
    notes: from the Jan notes, with the training exports' shipped layer). Returns set -> plan."""
    from eventwire.evaluate.acled import read_rows
    from eventwire.learn.layers import learn_layer

    work.mkdir(parents=True, exist_ok=True)
    dev = read_rows(DEV)
    train = read_rows(TRAIN)
    plans: dict[str, dict] = {}
    jan = [r for r in dev if _month(r) == "Jan"]
    feb = _sample_notes([r for r in dev if _month(r) == "Feb"], sample)
    layers = work / "layers_feb"
    if not (layers / "jan").is_dir():
        learn_layer([_write_csv(jan, work / "jan.csv")], name="jan", out_dir=layers)
    plans["acled_middle_east_2018_dev (Feb)"] = {
        "file": str(_write_csv(feb, work / "feb_sample.csv")),
        "user_dir": str(layers),
        "skip": ["acled_middle_east_2018_dev"],
    }
    for held in sorted({r["set"] for r in train}):
        rows = [r for r in train if r["set"] == held]
        if not any(r["latitude"] and r["actor1"] for r in rows):
            continue  # notes and types only: nothing of this stage to measure
        layers = work / f"layers_{held}"
        if not (layers / "rest").is_dir():
            rest = [r for r in train if r["set"] != held]
            learn_layer([_write_csv(rest, work / f"rest_{held}.csv")], name="rest", out_dir=layers)
            (work / f"rest_{held}.csv").unlink()
        plans[held] = {
            "file": str(_write_csv(_sample_notes(rows, sample), work / f"{held}_sample.csv")),
            "user_dir": str(layers),
            "skip": ["acled_multi_region"],
        }
    (work / "plans.json").write_text(json.dumps(plans, indent=1), "utf-8")
    return plans


def bench_pipeline(work: Path, sample: int) -> dict:
    """Location within 25 km, country and actor1 through the whole pipeline, each set scored with
    the layers learned without it (leave one set out; the Feb dev notes with Jan's layer)."""
    from eventwire.evaluate.acled import evaluate
    from eventwire.learn.layers import reload
    from eventwire.settings import use_settings_file

    plans = prepare_pipeline(work, sample)
    out = {}
    for name, plan in plans.items():
        user = work / f"settings_{zlib.crc32(name.encode())}.toml"
        dirs = f"user_dir = {json.dumps(plan['user_dir'])}\nskip_sources = {json.dumps(plan['skip'])}\n"
        user.write_text("[learned]\n" + dirs, "utf-8")
        use_settings_file(str(user))
        reload()
        t0 = time.time()
        out[name] = {**_headline(evaluate(plan["file"])), "seconds": round(time.time() - t0)}
        print(name, out[name], file=sys.stderr, flush=True)
    use_settings_file(None)
    reload()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="held-out measurement of the learned tables")
    ap.add_argument("--places", action="store_true")
    ap.add_argument("--actors", action="store_true")
    ap.add_argument("--grid", action="store_true", help="the actor thresholds' grid (slow)")
    ap.add_argument(
        "--in-sample", action="store_true", help="also the actors learned from every set (in-sample)"
    )
    ap.add_argument("--half", action="store_true", help="also half of every set's notes held out")
    ap.add_argument("--pipeline", metavar="WORKDIR", help="through the pipeline, leave one set out (slow)")
    ap.add_argument("--sample", type=int, default=300, help="notes per set for --pipeline")
    args = ap.parse_args(argv)
    if not DEV.is_file() or not TRAIN.is_file():
        print("../shared/eval is absent: nothing to measure", file=sys.stderr)
        return 2
    if args.pipeline:
        print(json.dumps(bench_pipeline(Path(args.pipeline), args.sample), indent=1))
        return 0
    both = not (args.places or args.actors or args.grid)
    out = {}
    if args.places or both:
        out["places"] = bench_places()
    if args.actors or both:
        out["actors"] = bench_actors()
    if args.in_sample:
        out["actors_in_sample"] = bench_actors(mode="in_sample")
    if args.half:
        out["actors_half"] = bench_actors(mode="half")
    if args.grid:
        out["actor_grid"] = {}
        for label, params in GRID.items():
            r = bench_actors(params, mode="half")
            out["actor_grid"][label] = {
                k: r["pooled"][k] for k in ("state", "named", "notes_alias_precision")
            }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
