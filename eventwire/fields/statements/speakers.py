"""Speakers: the mention that is a cue's subject, its role and affiliation, and what it refers to."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ...settings import current
from ..actors import normalise_actor
from .lexicon import SpeechLexicon
from .persons import PersonIndex, actor_id, name_tokens, name_words, person_id, written

PERSON, ORG = "person", "organisation"
_ORG_ENTS = {"ORG", "GPE", "NORP", "FAC"}
_NOUNISH = {"NOUN", "PROPN"}
_SUBJECT_DEPS = {"nsubj"}
_CLIMB_DEPS = {"conj", "xcomp", "advcl", "pcomp"}
_NAME_DEPS = {"appos", "compound"}  # a person's name inside a mention headed by another word
# "it", "they" before anyone spoke: the entities they may stand for
_PRONOUN_ENTS = {"organisation": {"ORG", "GPE"}, "any": {"ORG", "GPE", "NORP"}}
_DEFINITE = {"the", "this", "that"}
_PLACE_ENTS = {"GPE", "NORP", "FAC", "LOC"}  # a person's surname read as a place: "Washington" may be one


@dataclass
class Speaker:
    """A resolved speaker: canonical name, kind (person/organisation), role and affiliation."""

    name: str | None
    kind: str | None
    role: str | None = None
    affiliation: str | None = None
    keys: set[str] = field(default_factory=set)  # lower-cased words a later short mention may use
    id: str | None = None  # across the corpus: an actor's name, "person:<name>"; None for nobody known


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


def _org_id(name: str | None) -> str | None:
    """An organisation outside the actor dictionary: "org:<name>"."""
    ident = person_id(name) if name else None
    return "org:" + ident.split(":", 1)[1] if ident else None


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
        self._by_last: dict[str, list[Speaker]] = {}  # organisations by the last word of their name
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
            elif surname:
                self._by_last.setdefault(surname, []).append(speaker)
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

    def ending(self, words: tuple[str, ...]) -> Speaker | None:
        """The most recently mentioned organisation whose longer name ends in ``words`` ("Security Council"
        after "United Nations Security Council")."""
        if not words:
            return None

        def longer(sp: Speaker) -> bool:
            full = name_words(sp.name or "")
            return len(full) > len(words) and full[-len(words) :] == words

        return self._pick([sp for sp in self._by_last.get(words[-1], ()) if longer(sp)], True)

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
        self.ent_of = {i: e for e in self.ents for i in range(e.start, e.end)}
        # entities are in order and do not overlap: so are the persons' ends
        self.all_persons = [e for e in self.ents if e.label_ == "PERSON"]
        self.person_ends = [e.end for e in self.all_persons]
        self.names = PersonIndex(doc, lex)
        self.ent_ends = [e.end for e in self.ents]

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
        if ent is None or ent.label_ != "PERSON":
            # "Their leader, Kofi Mensah, said", "NYPD Chief of Department Terence Monahan said": a name
            # in an apposition or compound of the head
            named = self._name_in(mention, head)
            if named is not None:
                name = self._person_name(named, mention)
                if name:
                    role = _strip(self.doc[mention.start : min(head.i + 1, named.start)], lex)
                    if not len(role) or role[0].pos_ == "PRON":
                        role = self.doc[head.i : head.i + 1] if head.i < named.start else None
                    org = _org_words(role, lex) if role is not None else None
                    return self._remember(self._person(name), role, org, named)
        capitalised = head.pos_ == "PROPN" or head.text[:1].isupper()
        if capitalised and head.pos_ != "PRON" and (ent is None or ent.label_ != "PERSON"):
            # "Nervo" tagged an organisation or a place, or nothing; a place only for one who spoke
            spoken_only = ent is not None and ent.label_ in _PLACE_ENTS
            earlier = self._known_person(head, ent, spoken_only)
            if earlier is not None:
                return earlier
        if ent is not None and ent.label_ == "PERSON":
            name = self._person_name(ent, mention)
            if name:
                role, org = _role_and_org(mention, head, ent, lex)
                return self._remember(self._person(name), role, org, ent)
        if ent is not None and ent.label_ == "ORG" and self._honoured(ent, mention):
            name = self._person_name(ent, mention)  # "Cllr Seamus Morris" tagged an organisation
            if name:
                role, org = _role_and_org(mention, head, ent, lex)
                return self._remember(self._person(name), role, org, ent)
        if ent is not None and ent.label_ in _ORG_ENTS:
            name_span = _strip(ent, lex)
            earlier = self.history.ending(name_words(name_span.text or ent.text))
            if earlier is not None:
                self.history.touch(earlier)
                return earlier
            role, org = _role_and_org(mention, head, ent, lex)
            name = name_span.text or ent.text
            affiliation = _canonical_actor(name_span, self.country)
            speaker = Speaker(name, ORG, id=actor_id(name, self.country, lex) or _org_id(name))
            return self._remember(speaker, role, org, ent, affiliation)
        run = self._titled_name(mention, head) if ent is None else None
        if run is not None:  # "NYPD Chief of Department Terence Monahan": a name the parser did not tag
            name = self._person_name(run, mention)
            if name:
                role = _strip(self.doc[mention.start : run.start], lex)
                return self._remember(self._person(name), role, _org_words(role, lex), run)
        # a common noun: "the spokesman", "the ministry", "officials"
        earlier = self._titled_person(mention, head) or self._short_reference(low)
        if earlier is not None:
            return earlier
        role, org = _role_and_org(mention, head, None, lex)
        text = _strip(mention, lex)
        kind = PERSON if low in lex.titles else ORG
        affiliation = _canonical_actor(text, self.country) if kind == ORG else None
        # an unnamed person speaks for the organisation of their role; a group noun may be an actor
        if kind == PERSON:
            ident = actor_id(org.text, self.country, lex) if org is not None else None
        else:
            ident = actor_id(text.text, self.country, lex)
        speaker = Speaker(text.text or mention.text, kind, id=ident)
        return self._remember(speaker, role, org, None, affiliation)

    def _person(self, name: str) -> Speaker:
        return Speaker(name, PERSON, id=person_id(name))

    def _titled_name(self, mention: Span, head: Token) -> Span | None:
        """Capitalised proper nouns ending at ``head`` right after a title word: a person's name."""
        skip = self.lex.titles | self.lex.honorifics | self.lex.title_links
        start = head.i
        while start > mention.start and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].is_title:
            if self.doc[start - 1].lower_ in skip:
                break
            start -= 1
        named = head.pos_ == "PROPN" and head.is_title and head.lower_ not in skip and head.i - start >= 1
        titled = start > mention.start and self.doc[start - 1].lower_ in self.lex.titles
        return self.doc[start : head.i + 1] if named and titled else None

    def _honoured(self, ent: Span, mention: Span) -> bool:
        """An organisation entity that is a person's name: an honorific opens it or stands right before it."""
        before = self.doc[ent.start - 1] if ent.start > mention.start else None
        return ent[0].lower_ in self.lex.honorifics or (
            before is not None and before.lower_ in self.lex.honorifics
        )

    def _name_in(self, mention: Span, head: Token) -> Span | None:
        """A person entity in ``mention`` in apposition to (or a compound of) its head word, or ending a
        mention that is a title before it ("NYPD Chief of Department Terence Monahan")."""
        last = self.ent_of.get(mention.end - 1)
        if (
            last is not None
            and last.label_ == "PERSON"
            and last.end == mention.end
            and last.start > mention.start
        ):
            lead = self.doc[mention.start : last.start]
            if any(t.lower_ in self.lex.titles for t in lead) and all(
                t.is_title or t.is_upper or t.lower_ in self.lex.titles or t.lower_ in self.lex.title_links
                for t in lead
            ):
                return last
        for tok in head.children:
            ent = self.ent_of.get(tok.i)
            if ent is None or ent.label_ != "PERSON" or ent.start < mention.start or ent.end > mention.end:
                continue
            if ent.root.dep_ in _NAME_DEPS and ent.root.head.i == head.i:
                return ent
        return None

    def _titled_person(self, mention: Span, head: Token) -> Speaker | None:
        """ "the president", "the senator": the person last introduced with that title, when the mention
        is a definite singular description with no name of its own."""
        if head.tag_ != "NN" or head.lower_ not in self.lex.titles:
            return None
        det = [c for c in head.children if c.dep_ in ("det", "poss")]
        if not det or (det[0].dep_ == "det" and det[0].lower_ not in _DEFINITE):
            return None
        introduced = self.names.titled(head.lower_, mention.start)
        if introduced is None:
            return None
        words = name_words(introduced)
        name = self.names.full_name(words, mention.start, ahead=False) or introduced
        earlier = self.history.named(name) or self._by_surname(words)
        if earlier is not None:
            self.history.touch(earlier)
            return earlier
        role = _strip(mention, self.lex)
        return self._remember(self._person(name), role, _org_words(role, self.lex), None)

    def _by_surname(self, words: tuple[str, ...]) -> Speaker | None:
        return self.history.person(words[-1], latest=True) if words else None

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
                name = self._person_name(before, before)
                if name:
                    return self._remember(self._person(name), None, None, before)
        labels = _PRONOUN_ENTS.get(kind)
        if labels:  # "it", "they" before anyone spoke: an organisation named in this sentence or the last
            sent = mention[0].sent
            since = self.doc[sent.start - 1].sent.start if sent.start else 0
            i = bisect_right(self.ent_ends, mention.start) - 1
            near: list[Span] = []  # nearest first; a subject before any other
            while i >= 0 and self.ents[i].start >= since:
                if self.ents[i].label_ in labels:
                    near.append(self.ents[i])
                i -= 1
            if near:
                ent = next((e for e in near if e.root.dep_ in _SUBJECT_DEPS), near[0])
                return self.resolve(ent, ent.root)
        return Speaker(None, None)

    def _person_name(self, ent: Span, mention: Span) -> str | None:
        """The full name a mention of a person stands for ("Rasool" -> "Yahya Rasool", "Holtz-Eakin" ->
        "Douglas Holtz-Eakin"), titles stripped, the words of the mention only (a headline's "Obama Says":
        the entity ran into the cue)."""
        lo, hi = max(ent.start, mention.start), min(ent.end, mention.end)
        toks = name_tokens(self.doc[lo:hi] if lo < hi else ent, self.lex)
        if not toks:
            return None
        text = written(toks)
        words = name_words(text)
        # "Mr. Obama", "President Obama": the one named before, never a namesake named later
        titled = len(toks) < hi - lo or (
            lo > 0 and self.doc[lo - 1].lower_ in self.lex.honorifics | self.lex.titles
        )
        full = self.names.full_name(words, ent.start, ahead=not titled)
        if full is not None:
            return full
        if len(words) == 1:
            earlier = self.history.person(words[0], latest=False)  # the first of them to speak
            if earlier is not None:
                return earlier.name
        return text

    def _known_person(self, head: Token, ent: Span | None, spoken_only: bool = False) -> Speaker | None:
        """A person whose surname is ``head`` (or its entity: "Rasool" after "Yahya Rasool") though the
        parser did not tag it a person: one who spoke before, or one the article names in full."""
        toks = name_tokens(ent, self.lex) if ent is not None and ent.label_ == "ORG" else [head]
        words = name_words(written(toks)) if toks else (head.lower_,)
        earlier = self.history.person(words[-1], latest=True)
        if earlier is not None:
            self.history.touch(earlier)
            return earlier
        full = None
        if not spoken_only:  # the entity's words, else the head alone ("Outgoing PM Cerar")
            full = self.names.full_name(words, head.i) or self.names.full_name((head.lower_,), head.i)
        if full is None:
            return None
        return self._remember(self._person(full), None, None, None)

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
