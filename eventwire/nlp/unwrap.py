"""Join the lines of a hard-wrapped text before it is parsed.

Wire copy, e-mail bulletins and text taken out of PDFs come broken into lines of a fixed width (the
MUC-4 texts at about 70 characters). spaCy's models learnt from running text: a line break inside a
sentence becomes a whitespace token that the tagger and parser read as a boundary or an odd word,
and a sentence cut in two loses its trigger, its victims or its place ("WAS SHOT AND KILLED TODAY
IN MORAZAN\\nDEPARTMENT").

A text is hard-wrapped when at least ``[parse] unwrap_min_lines`` of its lines run on into the next
line, no line is longer than ``unwrap_max_width`` characters, and at least ``unwrap_full_share`` of
the lines that run on fill ``unwrap_full_width`` of the longest line. In such a text a single line
break between two lines of text is a space (a blank line still ends a paragraph, and
:func:`~eventwire.nlp.parse.paragraph_breaks` still starts a sentence there). A text with lines
of free length (paragraphs on one line each, a headline over its body) is parsed as it is.

The joined text has the same length as the original, character for character, so every span
(provenance, places, quotes) points into the article's text unchanged.
"""

from __future__ import annotations

import re

from ..settings import current

_RUN_ON = re.compile(r"(?<=[^\n])(\r?\n)(?=[ \t]*[^\s])")


def is_hard_wrapped(text: str) -> bool:
    """True when ``text`` is broken into lines of a fixed width (see the module's note)."""
    if "\n" not in text:
        return False
    cfg = current().parse
    lines = [line.rstrip() for line in text.split("\n")]
    width = max(len(line) for line in lines)
    if width > int(cfg.unwrap_max_width):
        return False
    running = [line for line, after in zip(lines, lines[1:]) if line.strip() and after.strip()]
    if len(running) < int(cfg.unwrap_min_lines):
        return False
    full = sum(len(line) >= float(cfg.unwrap_full_width) * width for line in running)
    return full >= float(cfg.unwrap_full_share) * len(running)


def unwrap(text: str) -> str:
    """``text`` with the line breaks inside its paragraphs made spaces where it is hard-wrapped
    (:func:`is_hard_wrapped`); the same length, character for character."""
    if not is_hard_wrapped(text):
        return text
    return _RUN_ON.sub(lambda m: " " * len(m.group(1)), text)
