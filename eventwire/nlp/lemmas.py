"""spaCy's English rule lemmatizer with every answer kept, per (word, coarse tag, morphology).

spaCy's rule lemmatizer builds a Token for every word, reads its tag and morphology as strings,
keeps an answer only on one of its paths (base forms, proper nouns and words its tables do not
cover are worked out again at each occurrence) and looks each candidate form up in a list of up
to 57,528 words: 1.3 s per 100 news articles, as much as the parser. A lemma depends on the word,
its coarse tag and its morphology alone, so :class:`MemoLemmatizer` reads those three as numbers
for the whole document at once, asks spaCy's own :meth:`lemmatize` once per distinct triple
(with the word lists as sets), and writes the lemmas back in one step. Words that already have a
lemma (from the attribute ruler) keep it, as spaCy's does without ``overwrite``;
``tests/test_indexed_components.py`` checks every token against spaCy's.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc

_MEMO_MAX = 500_000  # distinct (word, tag, morphology) answers kept over a long corpus


class MemoLemmatizer(EnglishLemmatizer):
    """An :class:`EnglishLemmatizer` (rule mode) that works out each distinct word analysis once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._memo: dict[tuple[int, int, int], int] = {}

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        """spaCy's initialisation, then each part of speech's word index as a set: the rules test
        ``form in index`` for each candidate form, and the index is a list (57,528 nouns) that
        spaCy searches from the start every time; a set answers the same at once."""
        super().initialize(*args, **kwargs)
        if "lemma_index" in self.lookups:
            index = self.lookups.get_table("lemma_index")
            for pos in list(index):
                index[pos] = frozenset(index[pos])

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule":
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        try:
            rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
            memo, strings = self._memo, self.vocab.strings
            lemmas = rows[:, 3].copy()
            for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
                if lemma and not self.overwrite:
                    continue
                key = (orth, pos, morph)
                found = memo.get(key)
                if found is None:
                    if len(memo) >= _MEMO_MAX:
                        memo.clear()
                    found = memo[key] = strings.add(self.lemmatize(doc[i])[0])
                lemmas[i] = found
            doc.from_array([LEMMA], lemmas)
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's error handler decides, as in its own
            return self.get_error_handler()(self.name, self, [doc], e)


@Language.factory(
    "memo_lemmatizer",
    assigns=["token.lemma"],
    default_config={
        "model": None,
        "mode": "rule",
        "overwrite": False,
        "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"},
    },
)
def make_memo_lemmatizer(
    nlp: Language, model: Any, name: str, mode: str, overwrite: bool, scorer: Any
) -> MemoLemmatizer:
    return MemoLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


def memoise_lemmatizer(nlp: Language) -> None:
    """Replace ``nlp``'s English rule ``lemmatizer`` by a :class:`MemoLemmatizer` with its tables."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    old = nlp.get_pipe("lemmatizer")
    if type(old) is not EnglishLemmatizer or old.mode != "rule":
        return
    fast = nlp.replace_pipe("lemmatizer", "memo_lemmatizer", config={"overwrite": old.overwrite})
    fast.initialize(lookups=old.lookups)
