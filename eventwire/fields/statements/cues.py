"""Speech cues (verbs and phrases outside quotation marks) and the statement record found for one."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .lexicon import SpeechLexicon
from .speakers import Speaker


@dataclass
class Cue:
    """A speech cue: its head token (the verb, or "according"), its token range and PLOVER type."""

    head: Token
    start: int
    end: int
    key: str
    plover: str | None


@dataclass
class Found:
    """A statement before speaker resolution: content segments (char offsets), kind and cue."""

    cue: Cue | None
    segments: list[tuple[int, int]]
    kind: str
    subject: Token | None = None
    mention: Span | None = None
    speaker: Speaker | None = None
    quotes: set[int] = field(default_factory=set)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.segments)

    @property
    def end(self) -> int:
        return max(e for _, e in self.segments)


def find_cues(doc: Doc, lex: SpeechLexicon, owner: list[int]) -> list[Cue]:
    """Speech verbs and phrases outside quotation marks (``owner``: a token's quotation or -1), in order."""
    phrase_heads = {p[0] for p in lex.phrases}
    first, second = lex.source_phrase
    cues: list[Cue] = []
    for tok in doc:
        if owner[tok.i] >= 0:
            continue
        low, lemma = tok.lower_, tok.lemma_.lower()
        if low == first and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == second:
            cues.append(Cue(tok, tok.i, tok.i + 2, lex.source_key, lex.phrases.get(lex.source_phrase)))
            continue
        if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
            continue
        if lemma in phrase_heads:
            near = [doc[tok.i + 1]] if tok.i + 1 < len(doc) else []
            parts = [
                c
                for c in [*near, *tok.rights]
                if c.dep_ in ("prep", "prt", "mark") and (lemma, c.lower_) in lex.phrases
            ]
            if parts:
                key = (lemma, parts[0].lower_)
                cues.append(Cue(tok, tok.i, parts[0].i + 1, " ".join(key), lex.phrases[key]))
                continue
        if lemma in lex.verbs:
            cues.append(Cue(tok, tok.i, tok.i + 1, lemma, lex.verbs[lemma]))
    return cues
