"""The people an article names, indexed once so that any later short mention finds the person:
full names by their last word ("Trump" -> "Donald Trump"), and the titles that introduce them
("Secretary of State Hillary Clinton" -> a later "the secretary"). Also the speaker's corpus-wide id.

Lookups are by dictionary key and binary search over positions: no scan of the article per mention.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from ...settings import current
from ..actors import load_actor_tables, normalise_actor
from ..actors.normalise import fill
from .lexicon import SpeechLexicon

PERSON_ID_PREFIX = "person:"
_NON_WORD = re.compile(r"[^a-z0-9]+")


def name_tokens(span: Iterable[Token], lex: SpeechLexicon) -> list[Token]:
    """The words of a person's name: titles, honorifics and possessive endings off."""
    skip = lex.honorifics | lex.titles
    return [t for t in span if t.lower_ not in skip and t.dep_ != "case" and t.text.strip()]


def written(tokens: list[Token]) -> str:
    """Tokens as written, with the spacing of the text ("Holtz-Eakin", not "Holtz - Eakin")."""
    return "".join(t.text + t.whitespace_ for t in tokens[:-1]) + tokens[-1].text if tokens else ""


def name_words(name: str) -> tuple[str, ...]:
    return tuple(name.lower().split())


def title_key(word: str, lex: SpeechLexicon) -> str:
    """The title word a later description uses: "sen." -> "senator"."""
    return lex.title_synonyms.get(word, word)


class PersonIndex:
    """The article's person names and titles, by position (token index)."""

    def __init__(self, doc: Doc, lex: SpeechLexicon) -> None:
        self.lex = lex
        # last word -> {full name: token starts}, multi-word names only, in document order
        self._full: dict[str, dict[str, list[int]]] = {}
        # title word -> (token starts, the person's name as written) in document order
        self._titled: dict[str, tuple[list[int], list[str]]] = {}
        reach = int(current().statements.title_max_tokens)
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            toks = name_tokens(ent, lex)
            if not toks:
                continue
            name = written(toks)
            words = name_words(name)
            if len(words) > 1:
                self._full.setdefault(words[-1], {}).setdefault(name, []).append(ent.start)
            for title in self._titles(doc, ent, reach):
                starts, names = self._titled.setdefault(title_key(title, lex), ([], []))
                starts.append(ent.start)
                names.append(name)

    def _titles(self, doc: Doc, ent: Span, reach: int) -> set[str]:
        """Title words that introduce ``ent``: before it ("Defense Minister X"), inside it ("President X"),
        in an apposition ("X, the party's chairman") or as the noun it is in apposition to."""
        lex = self.lex

        def bare(tok: Token) -> bool:  # "Vice President", "former Senator": another title
            return tok.i == 0 or doc[tok.i - 1].lower_ not in lex.role_modifiers

        found = {t.lower_ for t in ent if t.lower_ in lex.titles and bare(t)}
        i = ent.start - 1
        while i >= 0 and ent.start - i <= reach:
            tok = doc[i]
            if tok.lower_ in lex.titles:
                if bare(tok):
                    found.add(tok.lower_)
            elif not (tok.is_title or tok.is_upper or tok.lower_ in lex.title_links):
                break
            i -= 1
        root = ent.root
        found |= {c.lower_ for c in root.children if c.dep_ == "appos" and c.lower_ in lex.titles}
        if root.dep_ == "appos" and root.head.lower_ in lex.titles:
            found.add(root.head.lower_)
        return found

    def full_name(self, words: tuple[str, ...], at: int, ahead: bool = True) -> str | None:
        """The full name a shorter one stands for ("trump" -> "Donald Trump", "de cholet" -> "Philippe de
        Cholet"): of the longer names ending in ``words``, the one named last before ``at``, else (with
        ``ahead``: a headline's "Flynn says") the one named after it when it is the only one."""
        if not words:
            return None
        before: tuple[int, str] | None = None  # (last start before ``at``, name)
        after: tuple[int, str] | None = None  # (first start, name) of names only after ``at``
        for name, starts in self._full.get(words[-1], {}).items():
            full = name_words(name)
            if len(full) <= len(words) or full[-len(words) :] != words:
                continue
            k = bisect_left(starts, at)
            if k and (before is None or starts[k - 1] > before[0]):
                before = (starts[k - 1], name)
            elif not k and (after is None or starts[0] < after[0]):
                after = (starts[0], name)
        if before is not None:
            return before[1]
        alone = len(self._full.get(words[-1], {})) == 1
        return after[1] if after is not None and ahead and alone else None

    def titled(self, title: str, at: int) -> str | None:
        """The name of the person last introduced with ``title`` before ``at``."""
        starts, names = self._titled.get(title_key(title, self.lex), ([], []))
        k = bisect_left(starts, at)
        return names[k - 1] if k else None


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub("-", folded.lower()).strip("-")


def person_id(name: str) -> str | None:
    """ "person:<name>", lower case, no accents or middle initials ("Donald J. Trump": donald-trump)."""
    words = name.split()
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if len(w.rstrip(".")) > 1), words[-1]]
    slug = _slug(" ".join(words))
    return PERSON_ID_PREFIX + slug if slug else None


def actor_id(text: str | None, country: str | None, lex: SpeechLexicon) -> str | None:
    """The actor dictionary's canonical name for ``text`` when it is a known actor of a speaking kind."""
    if not text:
        return None
    actor = normalise_actor(text, 0, len(text), country)
    if actor is None or not actor.known:
        return None
    roles = load_actor_tables().role_named
    excluded = (roles[r].template for r in lex.speaker_excluded_roles if r in roles)
    if any(actor.name.startswith(fill(t, None)) for t in excluded):  # "Civilians (Iraq)"
        return None
    return actor.name
