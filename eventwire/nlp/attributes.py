"""spaCy's attribute ruler with its one-token rules looked up in a table instead of matched.

The English pipeline's ``attribute_ruler`` maps each fine tag (and some words) to a coarse tag,
morphology and lemma: 180 Matcher patterns run over every token, most of them one token with a
plain TAG and/or LOWER value. spaCy's Matcher tries every pattern at every token and checks the
set-valued ones (``{"IN": [...]}``) in Python, which made this component cost as much as the
parser (1.3 s per 100 news articles). :class:`IndexedAttributeRuler` keeps the model's patterns
and attributes as they are: the plain one-token patterns become a table keyed by (tag, lower
form), the others (sets, regular expressions, dependency labels, two tokens) stay in a Matcher,
and the matches are applied in spaCy's order (pattern number, then position). The annotations are
the same as spaCy's; ``tests/test_parse.py`` compares every token's attributes on real text.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # what a one-token rule may test, in the key's order
_OPERATORS = {"IN", "NOT_IN", "REGEX"}
_TABLE_MAX = 500_000  # distinct token keys kept (each a few hundred bytes)

Check = tuple[int, Any]  # (field position in the key, a value or (operator, values))


def _one_token_checks(pattern: list[dict[str, Any]]) -> list[Check] | None:
    """The checks of a one-token pattern on :data:`_FIELDS` (values, IN, NOT_IN, REGEX), else None."""
    if len(pattern) != 1 or not set(pattern[0]) <= set(_FIELDS):
        return None
    checks: list[Check] = []
    for field, value in pattern[0].items():
        if isinstance(value, dict):
            if len(value) != 1 or not set(value) <= _OPERATORS:
                return None
            ((op, arg),) = value.items()
            value = (op, re.compile(arg) if op == "REGEX" else frozenset(arg))
        elif not isinstance(value, (str, bool)):
            return None
        checks.append((_FIELDS.index(field), value))
    return checks


def _holds(check: Check, key: tuple[str, str, str, bool]) -> bool:
    """Whether a token with ``key`` (tag, lower form, dependency label, is space) passes ``check``,
    as spaCy's Matcher decides it."""
    position, value = check
    found = key[position]
    if not isinstance(value, tuple):
        return found == value
    op, arg = value
    if op == "REGEX":
        return bool(arg.search(found))
    return (found in arg) == (op == "IN")


class IndexedAttributeRuler(AttributeRuler):
    """An :class:`AttributeRuler` whose one-token rules are decided once per distinct token key."""

    _table: dict[tuple[int, int, int, int], tuple[int, ...]] | None = None

    def _index(self) -> None:
        """Split the patterns: one-token ones into checks, the rest into a Matcher."""
        # each one-token rule under one value it needs (its plain TAG or LOWER, or every value of
        # an IN set on them), so a new token key is checked against few rules; the rest always
        self._buckets: dict[tuple[int, str], list[tuple[int, list[Check]]]] = {}
        self._always: list[tuple[int, list[Check]]] = []
        self._rest = Matcher(self.vocab, validate=False)
        for attr_id in range(len(self.attrs)):
            rest = []
            for pattern in self.matcher.get(str(attr_id))[1]:
                checks = _one_token_checks(pattern)
                if checks is None:
                    rest.append(pattern)
                    continue
                bucket = next(
                    ((p, v) for p, v in checks if p < 2 and (isinstance(v, str) or v[0] == "IN")), None
                )
                if bucket is None:
                    self._always.append((attr_id, checks))
                    continue
                position, value = bucket
                for word in [value] if isinstance(value, str) else value[1]:
                    self._buckets.setdefault((position, word), []).append((attr_id, checks))
            if rest:
                self._rest.add(str(attr_id), rest)
        self._match_ids = [self.vocab.strings.add(str(i)) for i in range(len(self.attrs))]
        self._table = {}

    def _ids(self, key: tuple[int, int, int, int]) -> tuple[int, ...]:
        """The rules a token with ``key`` (hashes of tag, lower form and label; is space) matches."""
        strings = self.vocab.strings
        tag, lower, dep, space = key
        words = (strings[tag], strings[lower], strings[dep], bool(space))
        candidates = [
            *self._buckets.get((0, words[0]), ()),
            *self._buckets.get((1, words[1]), ()),
            *self._always,
        ]
        ids = tuple(sorted({i for i, checks in candidates if all(_holds(c, words) for c in checks)}))
        if len(self._table) >= _TABLE_MAX:  # a bound on memory over a long corpus: start again
            self._table.clear()
        self._table[key] = ids  # type: ignore[index]
        return ids

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if self._table is None:
            self._index()
        table = self._table
        assert table is not None
        match_ids = self._match_ids
        matches = [
            (attr_id, match_ids[attr_id], i, i + 1)
            for i, key in enumerate(map(tuple, doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()))
            for attr_id in (table[key] if key in table else self._ids(key))
        ]
        for match_id, start, end in self._rest(doc, allow_missing=True):
            matches.append((int(self.vocab.strings[match_id]), match_id, start, end))
        matches.sort()
        return matches

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        plain = []
        for match in matches:
            attr_id, _, start, end = match
            index = self.indices[attr_id]
            if end - start == 1 and index in (0, -1):
                plain.append(match)
                continue
            if plain:  # keep spaCy's order: what came before is applied first
                self._apply(doc, plain)
                plain = []
            super().set_annotations(doc, [match])
        self._apply(doc, plain)

    def _apply(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        attrs = self.attrs
        for attr_id, _, start, _ in matches:
            set_token_attrs(doc[start], attrs[attr_id])

    def add(self, patterns: Any, attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._table = None  # patterns changed: index again on the next document


@Language.factory(
    "indexed_attribute_ruler",
    default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
)
def make_indexed_attribute_ruler(
    nlp: Language, name: str, validate: bool, scorer: Any
) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def index_attribute_ruler(nlp: Language) -> None:
    """Replace ``nlp``'s ``attribute_ruler`` by an :class:`IndexedAttributeRuler` with its patterns."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    old = nlp.get_pipe("attribute_ruler")
    fast = nlp.replace_pipe("attribute_ruler", "indexed_attribute_ruler")
    fast.add_patterns(old.patterns)
