"""Speakers: the mention that is a cue's subject, its role and affiliation, and what it refers to."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ...settings import current
from ..actors import normalise_actor
from .lexicon import SpeechLexicon

PERSON, ORG = "person", "organisation"
_ORG_ENTS = {"ORG", "GPE", "NORP", "FAC"}
_NOUNISH = {"NOUN", "PROPN"}
_SUBJECT_DEPS = {"nsubj"}
_CLIMB_DEPS = {"conj", "xcomp", "advcl", "pcomp"}


@dataclass
class Speaker:
    """A resolved speaker: canonical name, kind (person/organisation), role and affiliation."""

    name: str | None
    kind: str | None
    role: str | None = None
    affiliation: str | None = None
    keys: set[str] = field(default_factory=set)  # lower-cased words a later short mention may use


def subject_of(verb: Token, quoted: Callable[[Token], bool] | None = None) -> Token | None:
    """The grammatical subject of a cue verb, climbing conjunctions and participles ("…, saying").

    ``quoted`` tells tokens inside quotation marks, which are never the subject."""
    tok = verb
    for step in range(int(current().statements.subject_climb_steps)):
        for child in tok.children:
            if quoted is not None and quoted(child):
                continue
            if child.dep_ in _SUBJECT_DEPS or (step and child.dep_ == "nsubjpass"):
                return child
        if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN"):
            return tok.head
        if tok.head.i == tok.i or (
            tok.dep_ not in _CLIMB_DEPS and not (tok.dep_ == "prep" and tok.pos_ == "ADP")
        ):
            return None
        if tok.dep_ == "advcl" and tok.tag_ != "VBG":
            return None
        tok = tok.head
    return None


def mention_span(head: Token, exclude: Token | None = None) -> Span:
    """The subject's subtree as written, cut before a clause headed by ``exclude``, edge punctuation off."""
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    if exclude is not None and head.i < exclude.left_edge.i < end:
        end = exclude.left_edge.i
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    while start < end - 1 and doc[start].is_punct:
        start += 1
    return doc[start:end]


def _strip(span: Span, lex: SpeechLexicon) -> Span:
    """Drop leading determiners/honorifics and edge punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].dep_ in ("det", "punct") or doc[start].lower_ in lex.honorifics):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "case" and end - 1 == start):
        end -= 1
    return doc[start:end]


def _role_and_org(
    mention: Span, head: Token, name: Span | None, lex: SpeechLexicon
) -> tuple[Span | None, Span | None]:
    """Role words (pre-name titles or an apposition) and the organisation words inside them."""
    doc = mention.doc
    role: Span | None = None
    appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    if appos is not None and appos.lower_ in lex.titles:  # "X, a spokeswoman for Y," beats a bare "Col."
        role = _strip(doc[appos.left_edge.i : appos.right_edge.i + 1], lex)
    if role is None and name is not None and name.start > mention.start:
        pre = _strip(doc[mention.start : name.start], lex)
        if len(pre) and any(t.pos_ in ("NOUN", "PROPN") for t in pre):
            role = pre
    if role is None and appos is not None:
        role = _strip(doc[appos.left_edge.i : appos.right_edge.i + 1], lex)
    if role is None and name is None and head.lower_ in lex.titles:
        role = _strip(mention, lex)
    if role is None or not len(role):
        return None, None
    return role, _org_words(role, lex)


def _org_words(role: Span, lex: SpeechLexicon) -> Span | None:
    """Organisation words of a role: "spokesman for the Iraqi military", "Iraqi military spokesman"."""
    for tok in role:
        if tok.dep_ == "prep" and tok.lower_ in lex.affiliation_preps and tok.head.lower_ in lex.titles:
            objs = [c for c in tok.children if c.dep_ == "pobj"]
            if objs:
                sub = role.doc[objs[0].left_edge.i : objs[0].right_edge.i + 1]
                return _strip(sub, lex) or None
    words = []
    for tok in role:
        if tok.lower_ in lex.titles or tok.lower_ in lex.role_modifiers:
            break
        words.append(tok)
    if not words:
        return None
    span = _strip(role.doc[words[0].i : words[-1].i + 1], lex)
    organised = any(t.ent_type_ in _ORG_ENTS or t.lower_ in lex.target_nouns for t in span)
    return span if len(span) and organised else None


def _canonical_actor(span: Span | None, country: str | None) -> str | None:
    if span is None or not len(span):
        return None
    actor = normalise_actor(span.text, span.start_char, span.end_char, country)
    return actor.name if actor is not None else None


def _surname(name: str) -> str | None:
    words = name.lower().split()
    return words[-1] if words else None


class _History:
    """The speakers met so far in order of their last mention, with the lookups the resolver
    makes (by name, by surname, by short-reference word, the latest of a kind) kept as indexes,
    so that a long article's hundreds of speakers are not scanned at every statement."""

    def __init__(self) -> None:
        self._clock = 0
        self._when: dict[int, int] = {}  # id(speaker) -> when last mentioned
        self._speakers: list[Speaker] = []  # keeps the speakers (and so their ids) alive
        self._by_name: dict[str, Speaker] = {}  # names are unique: a second mention is the first
        self._by_surname: dict[str, list[Speaker]] = {}  # persons only
        self._by_key: dict[str, list[Speaker]] = {}
        self._latest: Speaker | None = None
        self._latest_of_kind: dict[str | None, Speaker] = {}

    def __iter__(self) -> Iterator[Speaker]:
        """Least recently mentioned first."""
        return iter(sorted(self._speakers, key=lambda sp: self._when[id(sp)]))

    def __len__(self) -> int:
        return len(self._speakers)

    def add(self, speaker: Speaker) -> None:
        """A new speaker, mentioned now (its name, kind and keys are set and do not change)."""
        self._speakers.append(speaker)
        if speaker.name:
            self._by_name.setdefault(speaker.name, speaker)
            surname = _surname(speaker.name)
            if speaker.kind == PERSON and surname:
                self._by_surname.setdefault(surname, []).append(speaker)
        for key in speaker.keys:
            self._by_key.setdefault(key, []).append(speaker)
        self.touch(speaker)

    def touch(self, speaker: Speaker) -> None:
        """``speaker`` is mentioned again: it becomes the most recent."""
        self._clock += 1
        self._when[id(speaker)] = self._clock
        self._latest = speaker
        self._latest_of_kind[speaker.kind] = speaker

    def named(self, name: str | None) -> Speaker | None:
        return self._by_name.get(name) if name else None

    def latest(self, kind: str | None = None, *, any_kind: bool = False) -> Speaker | None:
        return self._latest if any_kind else self._latest_of_kind.get(kind)

    def _pick(self, group: list[Speaker] | None, latest: bool) -> Speaker | None:
        if not group:
            return None
        return (max if latest else min)(group, key=lambda sp: self._when[id(sp)])

    def person(self, surname: str, *, latest: bool) -> Speaker | None:
        """The most (``latest``) or least recently mentioned person with that surname."""
        return self._pick(self._by_surname.get(surname), latest)

    def by_key(self, word: str) -> Speaker | None:
        """The most recently mentioned speaker a short reference (``word``) may stand for."""
        return self._pick(self._by_key.get(word), True)


class SpeakerResolver:
    """Resolves speaker mentions in document order, remembering who has spoken."""

    def __init__(self, doc: Doc, lex: SpeechLexicon, country: str | None = None) -> None:
        self.doc = doc
        self.lex = lex
        self.country = country
        self.history = _History()
        self.ents = list(doc.ents)
        self.persons = [e for e in self.ents if e.label_ == "PERSON" and len(e) > 1]
        self.ent_of = {i: e for e in self.ents for i in range(e.start, e.end)}
        # entities are in order and do not overlap: so are the persons' ends
        self.all_persons = [e for e in self.ents if e.label_ == "PERSON"]
        self.person_ends = [e.end for e in self.all_persons]
        self.first_full_name: dict[str, Span] = {}  # last word -> the first multi-word person name
        for full in self.persons:
            self.first_full_name.setdefault(full[-1].lower_, full)

    def resolve(self, mention: Span, head: Token) -> Speaker:
        """The speaker a subject mention refers to (names, pronouns, short references)."""
        lex = self.lex
        low = head.lower_
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl" and head.head.head.pos_ in _NOUNISH:
            antecedent = head.head.head  # "deputies who said …": the noun the clause hangs on
            return self.resolve(mention_span(antecedent, head.head), antecedent)
        if head.pos_ == "PRON" or low in lex.pronouns:
            return self._pronoun(low, mention)
        ent = self.ent_of.get(head.i)
        if ent is None:  # "Their leader, Kofi Mensah, said": the name is in an apposition
            named = [c for c in head.children if c.dep_ == "appos" and self.ent_of.get(c.i) is not None]
            if named and self.ent_of[named[0].i].label_ == "PERSON":
                ent = self.ent_of[named[0].i]
                name = self._person_name(ent, mention)
                role = _strip(self.doc[mention.start : head.i + 1], lex)
                role = role if len(role) and role[0].pos_ != "PRON" else self.doc[head.i : head.i + 1]
                return self._remember(Speaker(name, PERSON), role, _org_words(role, lex), ent)
        if head.pos_ == "PROPN" and (ent is None or ent.label_ != "PERSON"):
            earlier = self._known_person(head)
            if earlier is not None:
                return earlier
        if ent is not None and ent.label_ == "PERSON":
            name = self._person_name(ent, mention)
            role, org = _role_and_org(mention, head, ent, lex)
            return self._remember(Speaker(name, PERSON), role, org, ent)
        if ent is not None and ent.label_ in _ORG_ENTS:
            name_span = _strip(ent, lex)
            role, org = _role_and_org(mention, head, ent, lex)
            speaker = Speaker(name_span.text or ent.text, ORG)
            affiliation = _canonical_actor(name_span, self.country)
            return self._remember(speaker, role, org, ent, affiliation)
        # a common noun: "the spokesman", "the ministry", "officials"
        earlier = self._short_reference(low)
        if earlier is not None:
            return earlier
        role, org = _role_and_org(mention, head, None, lex)
        text = _strip(mention, lex)
        kind = PERSON if low in lex.titles else ORG
        affiliation = _canonical_actor(text, self.country) if kind == ORG else None
        return self._remember(Speaker(text.text or mention.text, kind), role, org, None, affiliation)

    def _pronoun(self, low: str, mention: Span) -> Speaker:
        kind = self.lex.pronouns.get(low, "any")
        if kind == "author":
            return Speaker(None, None)
        earlier = self.history.latest(PERSON if kind == PERSON else ORG, any_kind=kind == "any")
        if earlier is not None:
            return earlier
        if kind == PERSON:  # a person named earlier who has not spoken yet
            i = bisect_right(self.person_ends, mention.start) - 1
            if i >= 0:
                before = self.all_persons[i]
                return self._remember(Speaker(self._person_name(before, before), PERSON), None, None, before)
        return Speaker(None, None)

    def _person_name(self, ent: Span, mention: Span) -> str:
        """Full name for a surname-only mention ("Rasool" -> "Yahya Rasool"), titles stripped."""
        toks = [t for t in ent if t.lower_ not in self.lex.honorifics and t.lower_ not in self.lex.titles]
        text = " ".join(t.text for t in toks) if toks else ent.text
        if len(toks) == 1:
            last = toks[0].lower_
            earlier = self.history.person(last, latest=False)  # the first of them to speak
            if earlier is not None:
                return earlier.name
            full = self.first_full_name.get(last)
            if full is not None and full.start < ent.start:
                return full.text
        return text

    def _known_person(self, head: Token) -> Speaker | None:
        """A person who spoke before and whose surname is ``head`` ("Rasool" after "Yahya Rasool")."""
        earlier = self.history.person(head.lower_, latest=True)
        if earlier is not None:
            self.history.touch(earlier)
        return earlier

    def _short_reference(self, low: str) -> Speaker | None:
        return self.history.by_key(low)

    def _remember(
        self,
        speaker: Speaker,
        role: Span | None,
        org: Span | None,
        ent: Span | None,
        affiliation: str | None = None,
    ) -> Speaker:
        earlier = self.history.named(speaker.name)
        if earlier is not None:
            if role is not None and earlier.role is None:
                earlier.role, earlier.affiliation = role.text, self._affiliation(org)
            self.history.touch(earlier)
            return earlier
        speaker.role = role.text if role is not None else None
        speaker.affiliation = affiliation or self._affiliation(org)
        if role is not None:
            speaker.keys |= {t.lower_ for t in role if t.lower_ in self.lex.titles}
        if speaker.kind == ORG and speaker.name:
            min_letters = int(current().statements.short_reference_min_letters)
            speaker.keys |= {w.lower() for w in speaker.name.split() if len(w) >= min_letters}
        self.history.add(speaker)
        return speaker

    def _affiliation(self, org: Span | None) -> str | None:
        if org is None:
            return None
        return _canonical_actor(org, self.country) or org.text
