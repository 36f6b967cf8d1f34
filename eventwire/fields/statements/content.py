"""Content finding: what a speech cue attributes (adjacent quotations, complement, object, host clause)."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from ...nlp.syntax import doc_text
from ...settings import current
from .cues import Cue, Found
from .lexicon import SpeechLexicon
from .quotes import Quote, QuoteIndex, find_quotes, quote_tokens, strip_marks
from .spans import SentenceEnds, merge, overlap
from .speakers import mention_span, subject_of

_OBJECT_DEPS = {"dobj", "ccomp", "xcomp", "prep", "dative", "oprd", "attr", "pcomp", "obj"}
_CLAUSE_POS = {"VERB", "AUX"}
_CONTENT_POS = {"VERB", "AUX", "NOUN", "PROPN", "PRON", "NUM", "ADJ"}
_TIME_ENTS = {"DATE", "TIME"}
_VERB_TAGS = {"VBD", "VBZ", "VBP", "VBG", "VBN", "VB", "MD"}  # a verb between commas: no apposition
_NAME_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
_SUBJECT_POS = {"PROPN", "NOUN", "PRON"}


def dateline_ranges(text: str, lex: SpeechLexicon) -> list[tuple[int, int]]:
    """Character ranges of the datelines in ``text`` ("BEIRUT (AP) — "), in order, not overlapping."""
    found = sorted(
        (m.start(), m.end()) for p in lex.datelines for m in p.finditer(text) if m.end() > m.start()
    )
    out: list[tuple[int, int]] = []
    for start, end in found:
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _char_span(doc: Doc, text: str, start: int, end: int) -> tuple[int, int]:
    return strip_marks(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))


class Finder:
    """Content finding for the cues of one document."""

    def __init__(self, doc: Doc, lex: SpeechLexicon, text: str | None = None) -> None:
        self.doc = doc
        self.lex = lex
        self.text = text if text is not None else doc_text(doc)
        self.quotes = find_quotes(self.text)
        self.index = QuoteIndex(self.quotes)
        self.quoted = {strip_marks(self.text, q.start, q.end) for q in self.quotes}
        self.owner = quote_tokens(doc, self.quotes)
        self.ends = SentenceEnds(self.text, lex, self.index.covers)
        self.direct_share = float(current().statements.direct_min_quoted_share)
        self.max_gap = int(current().statements.max_attribution_tokens)
        self.max_punct = int(current().statements.attribution_max_punct)
        self.min_chars = int(current().statements.content_min_chars)
        self.appositive_max = int(current().statements.appositive_max_tokens)
        self.datelines = dateline_ranges(self.text, lex)
        self.dateline_starts = [s for s, _ in self.datelines]

    def statement_for(self, cue: Cue) -> Found | None:
        """The content attributed by ``cue``, or None when the verb carries no speech."""
        head = cue.head
        if cue.key == self.lex.source_key:
            subject = next(
                (c for t in (head, self.doc[head.i + 1]) for c in t.children if c.dep_ == "pobj"), None
            )
            mention = mention_span(subject) if subject is not None else None
        else:
            subject = subject_of(head, lambda t: self.owner[t.i] >= 0)
            if subject is not None and subject.dep_ == "expl":
                subject = None
            exclude = (
                head if subject is not None and head.dep_ == "relcl" and head.head.i == subject.i else None
            )
            if subject is not None and self._dateline_end(subject.idx) is not None:
                subject = self._past_dateline(mention_span(subject, exclude))  # "WASHINGTON -- Obama said"
            if subject is None:
                subject = self._bare_subject(cue)
                if subject is not None and subject.left_edge.i <= head.i <= subject.right_edge.i:
                    exclude = head  # "X's spokesman, dismissing …, asked": the cue's clause is no part of X
            mention = self._trim(mention_span(subject, exclude), subject) if subject is not None else None
        if mention is not None:
            mention = self._after_dateline(mention)
        near = mention is not None and subject is not None and head in (subject.head, subject)
        lo = min(cue.start, mention.start) if near else cue.start
        hi = max(cue.end, mention.end) if near else cue.end
        quotes = self._adjacent_quotes(head, lo, hi)
        segments = [strip_marks(self.text, self.quotes[q].start, self.quotes[q].end) for q in quotes]
        kind = "direct"
        left = bool(quotes) and self.quotes[quotes[0]].outer_end <= self.doc[lo].idx
        if left:
            lead = self._lead_in(self.quotes[quotes[0]])
            if lead is not None:
                segments.append(lead)
                kind = self._kind(lead[0], segments[0][1])[0]
        colon = bool(quotes) and self.text[: self.quotes[quotes[-1]].outer_start].rstrip().endswith(":")
        comp = None if left or colon else self._complement(cue, quotes)
        if comp is not None and quotes:
            comp = comp[0], [(s, min(e, self.quotes[quotes[-1]].end)) for s, e in comp[1]]
        if comp is not None:
            segments.extend(comp[1])
            if not quotes:
                kind = comp[0]
        if not segments or (mention is None and kind != "direct"):
            return None
        segments = merge([self._clip(span, cue, span not in self.quoted) for span in segments])
        attribution = (self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1]))
        if not segments or any(overlap(seg, attribution) for seg in segments):
            return None
        return Found(cue, segments, kind, subject, mention, quotes=set(quotes))

    def _dateline_end(self, char: int) -> int | None:
        """The end of the dateline ``char`` lies in, if any."""
        i = bisect_right(self.dateline_starts, char) - 1
        return self.datelines[i][1] if i >= 0 and char < self.datelines[i][1] else None

    def _after_dateline(self, mention: Span) -> Span:
        """``mention`` without a dateline at its start ("BEIRUT (AP) — A Kurdish militia spokesman")."""
        end = self._dateline_end(mention.start_char)
        if end is None:
            return mention
        start = mention.start
        while start < mention.end and (self.doc[start].idx < end or self.doc[start].is_punct):
            start += 1
        return self.doc[start : mention.end] if start < mention.end else mention

    def _past_dateline(self, mention: Span) -> Token | None:
        """The head of what follows a dateline the parser took for the subject, if a noun."""
        rest = self._after_dateline(mention)
        if rest.start == mention.start:
            return None
        return rest.root if rest.root.pos_ in _SUBJECT_POS else None

    def _bare_subject(self, cue: Cue) -> Token | None:
        """A name or pronoun right before the cue that the parser hung elsewhere ("… Post Trump said");
        the name before an apposition ("Flynn, a top Trump surrogate, said"); the subject of the clause a
        participle cue follows ("Sanders said, suggesting …")."""
        j = cue.start - 1
        while j >= 0 and self.doc[j].pos_ == "ADV":
            j -= 1
        if j < 0 or self.owner[j] >= 0:
            return None
        if self.doc[j].text == ",":
            if cue.head.tag_ == "VBG":
                return self._clause_subject(cue)
            if cue.head.dep_ in ("ROOT", "ccomp", "conj"):
                return self._before_apposition(j)
            return None
        if cue.head.dep_ not in ("ROOT", "ccomp", "conj"):
            return None
        tok = self.doc[j]
        if (
            tok.pos_ == "PROPN"
            and tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
            or tok.lower_ in self.lex.pronouns
        ):
            return tok
        return None

    def _clause_subject(self, cue: Cue) -> Token | None:
        """The nearest subject before ``cue`` in its sentence, outside quotations and datelines."""
        sent_start = cue.head.sent.start
        for i in range(cue.start - 1, sent_start - 1, -1):
            tok = self.doc[i]
            if (
                tok.dep_ == "nsubj"
                and tok.pos_ in _SUBJECT_POS
                and self.owner[i] < 0
                and self._dateline_end(tok.idx) is None
            ):
                return tok
        return None

    def _before_apposition(self, comma: int) -> Token | None:
        """The name before ", <apposition>," ending at ``comma`` (no verb, no quotation in it)."""
        doc = self.doc
        k = comma - 1
        while k > 0 and comma - k <= self.appositive_max:
            tok = doc[k]
            if self.owner[k] >= 0 or tok.tag_ in _VERB_TAGS or tok.is_sent_start:
                return None
            if tok.text == ",":
                name = doc[k - 1]
                named = name.pos_ == "PROPN" and name.ent_type_ in _NAME_ENTS
                return name if comma - k > 1 and self.owner[k - 1] < 0 and named else None
            k -= 1
        return None

    def _trim(self, mention: Span, subject: Token) -> Span:
        """The run of the mention around its head that is outside quotations and in one paragraph."""
        doc, owner = self.doc, self.owner
        start, end = subject.i, subject.i + 1

        def inside(i: int) -> bool:
            return owner[i] < 0 and not doc[i].is_space and "\n" not in doc[i].whitespace_

        while start > mention.start and inside(start - 1):
            start -= 1
        while end < mention.end and owner[end] < 0 and not doc[end].is_space and inside(end - 1):
            end += 1
        while end - 1 > start and doc[end - 1].is_punct:
            end -= 1
        return doc[start:end]

    def _lead_in(self, quote: Quote) -> tuple[int, int] | None:
        """The reporter's words before a quote that the same sentence attributes ("X ''makes me smart,''")."""
        span = self.doc.char_span(quote.outer_start, quote.outer_end, alignment_mode="expand")
        if span is None:
            return None
        sent_start = span[0].sent.start_char  # a line break before the sentence would not count
        start = max(sent_start, self.text.rfind("\n", sent_start, quote.outer_start) + 1)
        lead = self.text[start : quote.outer_start]
        if not lead.strip() or lead.rstrip()[-1] in ".?!:;" or any(c in lead for c in '“”"') or "''" in lead:
            return None
        return start, quote.outer_start

    def _kind(self, s: int, e: int) -> tuple[str, tuple[int, int]]:
        """Direct / mixed / indirect for a content span, by the share of its characters inside quotes."""
        quoted = self.index.within(s, e)
        inside = sum(min(q.end, e) - max(q.start, s) for q in quoted)
        if quoted and quoted[-1].end > e:  # a quotation that opens in the clause runs to its close
            e = quoted[-1].end
        if quoted and inside >= self.direct_share * (e - s):
            return "direct", (max(s, quoted[0].start), quoted[-1].end)
        return ("mixed" if quoted else "indirect"), (s, e)

    def _clip(self, span: tuple[int, int], cue: Cue, sentences: bool = True) -> tuple[int, int]:
        """Keep a content span inside the paragraph of its cue (titles run on into the lead)."""
        s, e = span
        at = self.doc[cue.start].idx
        if e <= at:
            s = max(s, self.text.rfind("\n", s, e) + 1)
            breaks = [m.end() for m in self.ends.between(s, at)] if sentences else []
            if breaks and breaks[-1] < e:
                s = max(s, breaks[-1])
            elif breaks:  # a sentence ends between the content and its cue: not this cue's
                return s, s
        else:
            cut = self.text.find("\n", max(s, at), e)
            e = cut if cut >= 0 else e
            breaks = [m.end(2) for m in self.ends.between(max(s, at), e)] if sentences else []
            if breaks:
                e = breaks[0]
        return strip_marks(self.text, s, e)

    def _attaches_left(self, quote: Quote, head: Token, lo: int, hi: int) -> bool:
        """Whether the attribution clause at ``lo:hi`` is the tail of the quote before it.

        “…,” he said / “…?” she asked attach; “….” He said that … starts a new sentence."""
        doc, text = self.doc, self.text
        if "\n" in text[quote.outer_end : doc[lo].idx] or quote.end <= quote.start:
            return False
        last = text[quote.end - 1]
        if last in ",—-–;:":
            return True
        if last in "?!" and (doc[lo].is_lower or lo == head.i):
            return True
        own = any(c.dep_ == "ccomp" and self.owner[c.i] < 0 for c in head.children)
        return not own and (hi >= len(doc) or doc[hi].is_punct and doc[hi].text in ".!?")

    def _adjacent_quotes(self, head: Token, lo: int, hi: int) -> list[int]:
        """Quotations right before the attribution clause ("…,” he said) and right after it (said: “…”)."""
        doc, owner = self.doc, self.owner
        found: list[int] = []
        j = lo - 1
        while (
            j >= 0
            and owner[j] < 0
            and doc[j].is_punct
            and "\n" not in doc[j].whitespace_
            and lo - j <= self.max_punct
        ):
            j -= 1
        if j >= 0 and owner[j] >= 0 and self._attaches_left(self.quotes[owner[j]], head, lo, hi):
            found.append(owner[j])
        j = hi
        subtree = range(head.left_edge.i, head.right_edge.i + 1)
        while j < len(doc) and owner[j] < 0 and j - hi < self.max_gap and (j in subtree or doc[j].is_punct):
            if doc[j].text == ":" and j + 1 < len(doc) and "\n" in doc[j].whitespace_ + doc[j + 1].text:
                k = j + 1 + doc[j + 1].is_space  # "He said:\n\n“…”": the quote is the next paragraph
                if k < len(doc) and owner[k] >= 0 and owner[k] not in found:
                    found.append(owner[k])
                return found
            if "\n" in doc[j].whitespace_ or doc[j].text in ".?!" or doc[j].lemma_.lower() in self.lex.verbs:
                return found  # a sentence end, or another cue ("…,” Trump said, adding later, “…”)
            j += 1
        if (
            j < len(doc)
            and j > 0
            and owner[j] >= 0
            and doc[j - 1].text in (":", ",", "—", "-")
            and owner[j] not in found
        ):
            found.append(owner[j])
        return found

    def _complement(self, cue: Cue, used: list[int]) -> tuple[str, list[tuple[int, int]]] | None:
        """(kind, char spans) of the complement clause, object or host clause outside ``used`` quotes."""
        head, doc = cue.head, self.doc
        tokens = self._complement_tokens(cue)
        if tokens is None:
            return None
        start, end, clause = tokens
        if all(self.owner[i] in used for i in range(start, end) if not doc[i].is_punct):
            return None
        if start <= head.i < end:  # parenthetical: "X, he said, is Y" -> the words around the attribution
            lo, hi = head.left_edge.i, head.right_edge.i + 1
            while lo < head.i and doc[lo].is_punct:
                lo += 1
            while hi - 1 > head.i and doc[hi - 1].is_punct:
                hi -= 1
            if lo > start and not doc[lo - 1].is_punct or hi < end and not doc[hi].is_punct:
                return None
            parts = [(start, lo), (hi, end)]
        else:
            parts = [(start, end)]
        needs = _CLAUSE_POS if clause else _CONTENT_POS
        if not any(doc[i].pos_ in needs for i in range(start, end)):
            return None
        spans = [_char_span(doc, self.text, a, b) for a, b in parts if b > a]
        spans = [(s, e) for s, e in spans if e - s >= self.min_chars]
        if not spans:
            return None
        if end <= head.i and not self._set_off(spans[-1][1], doc[cue.start].idx):
            return None  # "X: residents said …" / "X. He said …": the clause before is not what was said
        kind, outer = self._kind(spans[0][0], spans[-1][1])
        if len(spans) == 1:
            spans = [outer]
        return kind, spans

    def _complement_tokens(self, cue: Cue) -> tuple[int, int, bool] | None:
        """Token range of what the cue attributes apart from adjacent quotations, and if it is a clause."""
        head, doc = cue.head, self.doc
        if cue.key == self.lex.source_key:
            host = head.head if head.head.i != head.i else head.sent.root
            skip = range(head.left_edge.i, head.right_edge.i + 1)
            toks = [t.i for t in host.subtree if t.i not in skip and not t.is_punct]
            return (min(toks), max(toks) + 1, True) if toks else None
        addressee = cue.key in self.lex.addressee_verbs
        for child in head.children:
            if child.dep_ == "ccomp":
                return child.left_edge.i, self._tail(child), True
            if (
                child.dep_ == "advcl"
                and child.i > head.i
                and child.left_edge.lower_ in self.lex.complementizers
            ):
                return child.left_edge.i, child.right_edge.i + 1, True
        for child in head.children:
            if child.dep_ == "dobj" and self.owner[child.i] >= 0 and not addressee:
                return child.left_edge.i, child.right_edge.i + 1, False
        if addressee:  # "told X that …", "urged X to …": the clause, not the addressee
            clause = self._addressed_clause(head)
            if clause is not None:
                return clause.left_edge.i, self._tail(clause), True
        if cue.key in self.lex.object_content and not addressee:
            parts = [doc[i] for i in range(cue.start, cue.end)]
            deps = _OBJECT_DEPS | {"pobj"} | ({"advcl"} if cue.end - cue.start > 1 else set())
            kids = [c for p in parts for c in p.rights if c.i >= cue.end and c.dep_ in deps]
            kids = [c for c in kids if not self._is_time(c)]
            kids = [
                c for c in kids if c.dep_ != "prep" or c.lower_ in self.lex.content_preps or c.i < cue.end
            ]
            if kids:
                return max(kids[0].left_edge.i, cue.end), max(k.right_edge.i for k in kids) + 1, False
        if head.dep_ in ("parataxis", "ccomp") and head.head.i != head.i and self.owner[head.head.i] < 0:
            host = head.head
            if subject_of(head) is not None and self._parenthetical(head):
                return host.left_edge.i, host.right_edge.i + 1, True
        return None

    def _addressed_clause(self, head: Token) -> Token | None:
        """The clause after an addressee: "told reporters that …", "urged the rebels to …"."""
        for child in head.rights:
            if child.dep_ in ("xcomp", "ccomp", "advcl") and child.pos_ in ("VERB", "AUX"):
                return child
        for tok in head.subtree:
            if (
                tok.i > head.i
                and tok.lower_ in self.lex.complementizers
                and tok.dep_ == "mark"
                and tok.head.pos_ in ("VERB", "AUX")
            ):
                return tok.head
        return None

    def _set_off(self, content_end: int, at: int) -> bool:
        """Whether a clause before the attribution is joined to it by a comma or dash ("X, he said")."""
        gap = self.text[content_end:at]
        return any(c in gap for c in ",—–-") and not any(c in gap for c in ":;.?!\n")

    def _parenthetical(self, head: Token) -> bool:
        """A short clause set off by a comma or dash: "X, he said, is Y" / "X is Y, the navy said"."""
        doc = self.doc
        lo = head.left_edge.i
        if any(
            c.dep_ in ("ccomp", "xcomp", "advcl", "conj") and c.pos_ in ("VERB", "AUX") for c in head.children
        ):
            return False
        before = doc[lo - 1] if lo > 0 else None
        first = doc[lo]
        return (first.is_punct and first.text in ",—–-(") or (before is not None and before.text in ",—–-(")

    def _tail(self, clause: Token) -> int:
        """End of a complement clause, before a trailing speech verb of the speaker's own
        ("said X, arguing that Y" / "said X and warned Y" / "said X, citing Y")."""
        end = clause.right_edge.i + 1
        for child in clause.rights:
            lemma = child.lemma_.lower()
            speech = lemma in self.lex.verbs or lemma in self.lex.tail_verbs
            own = child.tag_ == "VBG" or not any(c.dep_.startswith("nsubj") for c in child.children)
            if (
                child.dep_ in ("advcl", "conj")
                and child.pos_ == "VERB"
                and speech
                and own
                and self.owner[child.i] < 0
            ):
                end = min(end, child.left_edge.i)
        while end > clause.i + 1 and (self.doc[end - 1].is_punct or self.doc[end - 1].dep_ == "cc"):
            end -= 1
        return end

    @staticmethod
    def _is_time(tok: Token) -> bool:
        if tok.ent_type_ in _TIME_ENTS:
            return True
        return tok.dep_ == "prep" and any(c.ent_type_ in _TIME_ENTS for c in tok.children)
