"""Statements: quotes and reported speech with speaker, role, affiliation, cue and PLOVER verbal type.

Finding works in three passes over one parsed article:

1. cues: speech verbs and phrases (``data/speech_cues.yaml``) outside quotation marks;
2. content for each cue: quotations next to the attribution clause (“…,” he said, “…”), the
   cue's complement clause (said that …), its object for verbs like *deny* or *call for*, the
   host clause of a parenthetical (X, he said, is Y) or of *according to*;
3. unattributed quotations that open a sentence right after a direct quote continue it.

A dateline ("BEIRUT (AP) — ", ``data/speech_cues.yaml`` dateline_patterns) is no part of a speaker,
and a headline's cue ("Obama Says …") no part of the speaker's name.

``kind``: a complement with no quotation marks is *indirect*; one whose quoted words cover at
least ``statements.direct_min_quoted_share`` of it is *direct* and ``quote`` holds just the words
inside the marks (the reporter's lead-in, "the US “conducted …”", is dropped); anything between
is *mixed* and ``quote`` keeps the whole complement. A quote split by its attribution is one
statement: ``quote`` joins the parts with a space, ``start``/``end`` bound all of them.

Modules, in import order (each imports only those before it):

- ``lexicon``: the speech-cue lexicon of ``data/speech_cues.yaml``.
- ``quotes``: quotation spans in raw text and their index by position.
- ``spans``: joining spans, line breaks and sentence ends.
- ``persons``: the people an article names (full names by surname, the titles that introduce them)
  and a speaker's id across the corpus (the actor dictionary's name, or ``person:<name>``).
- ``speakers``: a cue's subject mention, resolved to a speaker with role, affiliation and id: full
  name, surname, title ("the senator"), pronoun and role noun of one person give one speaker.
- ``plover``: the PLOVER verbal type of a statement and the actor it is aimed at.
- ``cues``: speech cues and the ``Found`` record of a statement before it is written out.
- ``content``: what a cue attributes (adjacent quotations, complement, object, host clause).
- ``continuations``: unattributed quotations that continue the statement before them.
- ``find``: Doc -> Statement records (:func:`find_statements`).
"""

from .cues import Cue, Found, find_cues
from .find import find_found, find_statements
from .lexicon import SpeechLexicon, load_lexicon, parse_lexicon
from .quotes import Quote, find_quotes, strip_marks
from .speakers import Speaker

__all__ = [
    "Cue",
    "Found",
    "Quote",
    "Speaker",
    "SpeechLexicon",
    "find_cues",
    "find_found",
    "find_quotes",
    "find_statements",
    "load_lexicon",
    "parse_lexicon",
    "strip_marks",
]
