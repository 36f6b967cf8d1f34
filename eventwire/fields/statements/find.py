"""Doc -> Statement records: cues, their content and speakers, continued quotes, bylines left out."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc

from ...context import DocContext
from ...nlp.syntax import doc_text
from ...records import Statement
from ...settings import current
from .content import Finder
from .continuations import continuations
from .cues import Found, find_cues
from .lexicon import SpeechLexicon, load_lexicon
from .plover import code_statement, content_cue_hits
from .spans import overlap
from .speakers import Speaker, SpeakerResolver

CELL_CHARS = 1024  # the span index's cell size: a matter of speed only


def _bio_ranges(text: str, lex: SpeechLexicon) -> list[tuple[int, int]]:
    """Character ranges of byline / author-biography paragraphs."""
    ranges = []
    pos = 0
    limit = int(current().statements.bio_max_chars)
    for para in text.split("\n"):
        if para.strip() and len(para) <= limit and any(p.search(para) for p in lex.bio_patterns):
            ranges.append((pos, pos + len(para)))
        pos += len(para) + 1
    return ranges


class _SpanIndex:
    """Statements by the stretches of text they cover (cells of ``CELL_CHARS`` characters), so
    that the ones overlapping a new statement are found without looking at all of them."""

    def __init__(self) -> None:
        self.cells: dict[int, list[Found]] = {}

    @staticmethod
    def _cells(start: int, end: int) -> range:
        return range(start // CELL_CHARS, (end - 1) // CELL_CHARS + 1)

    def add(self, f: Found) -> None:
        for c in self._cells(f.start, f.end):
            self.cells.setdefault(c, []).append(f)

    def overlapping(self, start: int, end: int) -> list[Found]:
        """The statements sharing at least one character with ``[start, end)``, each once."""
        out: dict[int, Found] = {}
        for c in self._cells(start, end):
            for f in self.cells.get(c, ()):
                if f.start < end and start < f.end:
                    out[id(f)] = f
        return list(out.values())


def clash(a: Found, b: Found) -> bool:
    """Two statements for the same words (not one nested in the other's content)."""
    shared = overlap((a.start, a.end), (b.start, b.end))
    if shared <= float(current().statements.clash_min_share) * min(a.end - a.start, b.end - b.start):
        return False
    nested = [
        x.cue is not None and any(s <= x.cue.head.idx < e for s, e in y.segments) for x, y in ((a, b), (b, a))
    ]
    return not any(nested)


def find_found(doc: Doc, country: str | None = None, text: str | None = None) -> list[Found]:
    """Statements as content segments with cue, subject mention and resolved speaker."""
    lex = load_lexicon()
    finder = Finder(doc, lex, text)
    found: list[Found] = []
    spans = _SpanIndex()
    for cue in find_cues(doc, lex, finder.owner):
        stmt = finder.statement_for(cue)
        if stmt is None:
            continue
        if any(clash(stmt, f) for f in spans.overlapping(stmt.start, stmt.end)):
            continue  # statements that do not overlap never clash
        found.append(stmt)
        spans.add(stmt)
    found.sort(key=lambda f: f.start)
    resolver = SpeakerResolver(doc, lex, country)
    for f in sorted(found, key=lambda f: f.mention.start if f.mention is not None else f.cue.head.i):
        if f.mention is not None and f.subject is not None:
            f.speaker = resolver.resolve(f.mention, f.subject)
    found = continuations(finder.text, finder.quotes, found)
    bios = _bio_ranges(finder.text, lex)  # in text order, one per paragraph
    bio_starts = [s for s, _ in bios]

    def in_bio(at: int) -> bool:
        i = bisect_right(bio_starts, at) - 1
        return i >= 0 and at < bios[i][1]

    return [f for f in found if not in_bio(f.start)]


def _confidence(f: Found) -> float:
    if f.cue is None:
        return float(current().statements.confidence_continued)
    if f.speaker is None or f.speaker.name is None:
        return float(current().statements.confidence_unnamed)
    return float(getattr(current().statements, f"confidence_{f.kind}"))


def find_statements(ctx: DocContext) -> list[Statement]:
    """Direct, indirect and mixed quotes in ``ctx.doc``, each attributed to a speaker."""
    doc = ctx.doc
    text = ctx.article.text
    if not len(doc) or doc[-1].idx + len(doc[-1].text_with_ws) != len(text):
        text = doc_text(doc)  # the doc was not parsed from the article text as is
    found = find_found(doc, ctx.focus_iso2, text)
    ranges = []
    for f in found:
        tok_span = doc.char_span(f.start, f.end, alignment_mode="expand")
        ranges.append((tok_span.start, tok_span.end) if tok_span is not None else (0, 0))
    hits = sorted(content_cue_hits(doc, ranges))  # by token: each statement takes those in its range
    hit_tokens = [h[0] for h in hits]
    out: list[Statement] = []
    for f, content in zip(found, ranges):
        inside = hits[bisect_left(hit_tokens, content[0]) : bisect_left(hit_tokens, content[1])]
        speaker = f.speaker or Speaker(None, None)
        quote = " ".join(text[s:e] for s, e in sorted(f.segments))
        cue, mention = f.cue, f.mention
        plover, target = code_statement(
            doc,
            cue.plover if cue else None,
            cue.head if cue else None,
            inside,
            content,
            speaker.name,
            ctx.focus_iso2,
        )
        cue_span = doc[cue.start : cue.end] if cue is not None else None
        out.append(
            Statement(
                speaker=speaker.name,
                speaker_role=speaker.role,
                speaker_affiliation=speaker.affiliation,
                cue=cue_span.text if cue_span is not None else None,
                quote=quote,
                kind=f.kind,
                start=f.start,
                end=f.end,
                speaker_start=mention.start_char if mention is not None else None,
                speaker_end=mention.end_char if mention is not None else None,
                plover_type=plover,
                target=target,
                cue_start=cue_span.start_char if cue_span is not None else None,
                cue_end=cue_span.end_char if cue_span is not None else None,
                speaker_text=mention.text if mention is not None else None,
                confidence=_confidence(f),
                segments=[[a, b] for a, b in f.segments],
                speaker_id=speaker.id,
            )
        )
    return out
