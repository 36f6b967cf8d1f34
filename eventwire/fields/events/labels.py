"""Coders' labels: a note that opens with the name of its kind of event ("Movement of forces:",
"Defusal:", "Non-violent activity:") tells an event of that class, whatever its words.

ACLED notes of strategic developments often open so; the labels and their classes are in
``triggers.yaml`` (``note_labels``). A label is matched with a little tolerance for typing
errors ("Non-violent actvitiy:", settings.toml [events] label_*); it applies to the sentence
right after it.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from spacy.tokens import Doc, Span, Token

from ...settings import current
from .lexicon import EventClass, Lexicon


def is_label(sent: Span) -> bool:
    """Whether ``sent`` is a short label ending in a colon ("Security measure:", "Explosives:")."""
    return len(sent) <= int(current().events.label_max_tokens) and sent[-1].text == ":"


def _label_text(sent: Span) -> str | None:
    """The words of ``sent`` when it is a label, lower case."""
    if not is_label(sent):
        return None
    return " ".join(t.lower_ for t in sent[:-1] if not t.is_space)


def label_class(text: str, lex: Lexicon) -> EventClass | None:
    """The class a label names: exactly, or one or two letters off (a typing error)."""
    exact = lex.note_labels.get(text)
    if exact is not None or len(text) < int(current().events.label_fuzzy_min_chars):
        return exact
    ratios = {k: SequenceMatcher(None, k, text).ratio() for k in lex.note_labels}
    best = max(ratios, key=ratios.__getitem__, default=None)  # the first of equals, as listed
    similar = best is not None and ratios[best] >= float(current().events.label_min_similarity)
    return lex.note_labels[best] if similar else None


def labelled_sentences(doc: Doc, lex: Lexicon) -> dict[int, tuple[Span, EventClass]]:
    """Sentence start -> (the label just before the sentence, the class it names)."""
    sents = list(doc.sents)
    out = {}
    for label, sent in zip(sents, sents[1:]):
        text = _label_text(label)
        cls = label_class(text, lex) if text else None
        if cls is not None:
            out[sent.start] = (label, cls)
    return out


def label_anchor(sent: Span) -> Token | None:
    """The token an event told by a labelled sentence with no trigger hangs on: its root verb
    (None when the sentence tells nothing: "Explosives: a history of the fuse")."""
    return sent.root if sent.root.pos_ in ("VERB", "AUX") else None
