"""spaCy's attribute ruler with its rules decided once per distinct token instead of matched.

The English pipeline's ``attribute_ruler`` maps each fine tag (and some words) to a coarse tag,
morphology and lemma: 180 Matcher patterns, nearly all of one token. spaCy's Matcher tries every
pattern at every token and checks the set-valued and regular-expression ones in Python, which
made this component cost as much as the parser (1.3 s per 100 news articles).
:class:`IndexedAttributeRuler` keeps the model's patterns and attributes as they are. A token's
key is its (tag, lower form, dependency label, is-space); which pattern tokens a key satisfies
is decided once per distinct key and kept in a table. A one-token pattern matches where its
token does; a fixed-length pattern of several tokens where each of its tokens does, in a row.
Patterns this cannot decide (quantifiers, other fields or operators) stay with spaCy's Matcher.
Matches are applied in spaCy's order (pattern number, then position), so the annotations are
the same as spaCy's: ``tests/test_indexed_components.py`` compares every token's attributes.
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

_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # what a pattern token may test, in the key's order
_OPERATORS = {"IN", "NOT_IN", "REGEX"}
_TABLE_MAX = 500_000  # distinct token keys kept (each a few hundred bytes)

Check = tuple[int, Any]  # (field position in the key, a value or (operator, values))
Hit = tuple[int, int, int]  # (pattern number, token position in it, its length)
Match = tuple[int, int, int, int]  # (attribute set, match id, start, end), as spaCy's ruler sorts them


def token_checks(spec: dict[str, Any]) -> list[Check] | None:
    """The checks of one pattern token on :data:`_FIELDS` (values, IN, NOT_IN, REGEX), else None."""
    if not set(spec) <= set(_FIELDS):
        return None
    checks: list[Check] = []
    for field, value in spec.items():
        if isinstance(value, dict):
            if len(value) != 1 or not set(value) <= _OPERATORS:
                return None
            ((op, arg),) = value.items()
            value = (op, re.compile(arg) if op == "REGEX" else frozenset(arg))
        elif not isinstance(value, (str, bool)):
            return None
        checks.append((_FIELDS.index(field), value))
    return checks


def holds(check: Check, key: tuple[str, str, str, bool]) -> bool:
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
    """An :class:`AttributeRuler` whose patterns are decided once per distinct token key."""

    _table: dict[tuple[int, int, int, int], tuple[Hit, ...]] | None = None

    def _index(self) -> None:
        """Each pattern token's checks, filed under one value it needs (a plain value, or every
        value of an IN set) so a new key meets few checks; those with none (only NOT_IN and
        REGEX) are checked for every key."""
        self._buckets: dict[tuple[int, str | bool], list[tuple[Hit, list[Check]]]] = {}
        self._always: list[tuple[Hit, list[Check]]] = []
        self._attr_of: list[int] = []  # pattern number -> attribute set
        self._rest = Matcher(self.vocab, validate=False)
        for attr_id in range(len(self.attrs)):
            rest = []
            for pattern in self.matcher.get(str(attr_id))[1]:
                specs = [token_checks(spec) for spec in pattern]
                if any(checks is None for checks in specs):
                    rest.append(pattern)
                    continue
                number = len(self._attr_of)
                self._attr_of.append(attr_id)
                for position, checks in enumerate(specs):
                    self._file((number, position, len(specs)), checks)  # type: ignore[arg-type]
            if rest:
                self._rest.add(str(attr_id), rest)
        self._match_ids = [self.vocab.strings.add(str(i)) for i in range(len(self.attrs))]
        self._table = {}

    def _file(self, hit: Hit, checks: list[Check]) -> None:
        bucket = next(((p, v) for p, v in checks if not isinstance(v, tuple) or v[0] == "IN"), None)
        if bucket is None:
            self._always.append((hit, checks))
            return
        position, value = bucket
        for word in value[1] if isinstance(value, tuple) else [value]:
            self._buckets.setdefault((position, word), []).append((hit, checks))

    def _hits(self, key: tuple[int, int, int, int]) -> tuple[Hit, ...]:
        """The pattern tokens a token with ``key`` (hashes of tag, lower form, label; is space) meets."""
        strings = self.vocab.strings
        tag, lower, dep, space = key
        words = (strings[tag], strings[lower], strings[dep], bool(space))
        buckets = self._buckets
        candidates = [*self._always]
        for field in enumerate(words):
            candidates += buckets.get(field, ())
        hits = tuple(sorted({hit for hit, checks in candidates if all(holds(c, words) for c in checks)}))
        if len(self._table) >= _TABLE_MAX:  # a bound on memory over a long corpus: start again
            self._table.clear()
        self._table[key] = hits  # type: ignore[index]
        return hits

    def match(self, doc: Doc) -> list[Match]:
        if self._table is None:
            self._index()
        table = self._table
        assert table is not None
        keys = [tuple(k) for k in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]
        hits = [table[k] if k in table else self._hits(k) for k in keys]  # type: ignore[index]
        attr_of, match_ids = self._attr_of, self._match_ids
        matches: list[Match] = []
        for i, found in enumerate(hits):
            for number, position, length in found:
                if position:
                    continue
                end = i + length
                if length == 1 or (
                    end <= len(hits) and all((number, j, length) in hits[i + j] for j in range(1, length))
                ):
                    attr_id = attr_of[number]
                    matches.append((attr_id, match_ids[attr_id], i, end))
        for match_id, start, end in self._rest(doc, allow_missing=True) if len(self._rest) else ():
            matches.append((int(self.vocab.strings[match_id]), match_id, start, end))
        matches.sort()
        return matches

    def set_annotations(self, doc: Doc, matches: list[Match]) -> None:
        attrs, indices = self.attrs, self.indices
        for match in matches:
            attr_id, _, start, end = match
            index = indices[attr_id]
            if 0 <= index < end - start:
                set_token_attrs(doc[start + index], attrs[attr_id])
            elif -(end - start) <= index < 0:
                set_token_attrs(doc[end + index], attrs[attr_id])
            else:  # out of the span: spaCy's own error
                super().set_annotations(doc, [match])

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
