"""The PLOVER codebook (``data/plover.yaml``): 16 types with their quads, cues and modes; contexts;
PLOVER 0.5 aliases; the ACLED sub-event type -> PLOVER mapping; the CAMEO quad labels.

Cues, modes and contexts are lists of lemmas or phrases; :class:`Phrases` finds them in a run of
tokens (a phrase's words matched on lemma or lower-case form), so a rule is changed in the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from ...data import load_yaml
from ...errors import DataFileError, Errors

QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")


class TokenLike(Protocol):
    lemma_: str
    lower_: str


class Phrases:
    """Labelled words and phrases, found in token sequences by lemma or lower-case form."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for label, phrase in entries:
            words = tuple(phrase.lower().split())
            self._by_first.setdefault(words[0], []).append((words, label))
        for options in self._by_first.values():
            options.sort(key=lambda o: -len(o[0]))  # the longest phrase first

    def find(self, tokens: Sequence[TokenLike]) -> list[tuple[int, int, str]]:
        """(start, end, label) of every phrase in ``tokens`` (token offsets within the sequence)."""
        forms = [(t.lemma_.lower(), t.lower_) for t in tokens]
        out = []
        for i, (lemma, lower) in enumerate(forms):
            for key in dict.fromkeys((lemma, lower)):
                for words, label in self._by_first.get(key, ()):
                    end = i + len(words)
                    if end <= len(forms) and all(w in forms[i + k] for k, w in enumerate(words)):
                        out.append((i, end, label))
        return out


@dataclass(frozen=True)
class PloverType:
    name: str
    quad: str
    cues: tuple[str, ...]
    modes: dict[str, tuple[str, ...]]  # in order of preference
    cameo_quads: tuple[str, ...]  # the quad classes CAMEO-labelled sentences of this type carry


@dataclass(frozen=True)
class Codebook:
    types: dict[str, PloverType]
    contexts: dict[str, tuple[str, ...]]
    type_aliases: dict[str, str]
    mode_aliases: dict[str, str]
    context_aliases: dict[str, str]
    acled: dict[str, tuple[str, str | None]]
    quads: dict[int, str]
    intent: frozenset[str]  # markers: a cue under one of these states an intent
    condition: frozenset[str]
    obligation: frozenset[str]  # markers: a cue under one of these is asked of someone (a demand)
    sector_names: dict[str, str]  # start of an actor's name -> POLECAT sector
    sector_inter: dict[int, str]  # ACLED inter code -> POLECAT sector
    cues: Phrases  # label: type
    mode_cues: dict[str, Phrases]  # type -> (label: mode)
    context_cues: Phrases  # label: context

    def sector(self, name: str | None, inter: int | None) -> str | None:
        """POLECAT's sector of an actor: by its name's start, else by its ACLED inter code."""
        for start, sector in self.sector_names.items():
            if name and name.startswith(start):
                return sector
        return self.sector_inter.get(inter) if inter is not None else None

    def quad_of(self, ptype: str | None) -> str | None:
        return self.types[ptype].quad if ptype in self.types else None

    def cameo_quads_of(self, ptype: str | None) -> tuple[str, ...]:
        """The CAMEO quad classes sentences of ``ptype`` carry in CAMEO-labelled data, the most
        common first (``()`` for no type)."""
        return self.types[ptype].cameo_quads if ptype in self.types else ()

    def cameo_quad(self, ptype: str | None, quad_probs: dict[str, float] | None = None) -> str | None:
        """The CAMEO quad class of a sentence coded ``ptype``: of the type's classes, the one the quad
        head (``quad_probs``) rates highest (a REQUEST that appeals, or demands), else the first."""
        quads = self.cameo_quads_of(ptype)
        if not quads or not quad_probs:
            return quads[0] if quads else None
        return max(quads, key=lambda q: quad_probs.get(q, 0.0))

    def canonical(self, ptype: str | None) -> str | None:
        """Today's name of a PLOVER type (0.5 names mapped), or None when it is none of the 16."""
        name = self.type_aliases.get(ptype or "", ptype)
        return name if name in self.types else None


def _words(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise DataFileError(Errors.E032.format(where=where))
    return tuple(w.lower() for w in value)


def build(raw: dict[str, Any]) -> Codebook:
    """A :class:`Codebook` from the parsed YAML, checked."""
    types_raw = raw.get("types")
    if not isinstance(types_raw, dict) or len(types_raw) != 16:
        raise DataFileError(Errors.E030.format(found=len(types_raw or {})))
    types = {}
    for name, spec in types_raw.items():
        if (
            not isinstance(spec, dict)
            or spec.get("quad") not in QUADS
            or not isinstance(spec.get("modes"), dict)
        ):
            raise DataFileError(Errors.E030.format(found=f"{name}: {spec!r}"[:80]))
        modes = {str(m): _words(w, f"types.{name}.modes.{m}") for m, w in spec["modes"].items()}
        cameo = spec.get("cameo_quads", [spec["quad"]])
        if not isinstance(cameo, list) or not cameo or any(q not in QUADS for q in cameo):
            raise DataFileError(
                Errors.E031.format(where=f"types.{name}.cameo_quads", value=cameo, kind="quad")
            )
        cues = _words(spec.get("cues"), f"types.{name}.cues")
        types[name] = PloverType(name, spec["quad"], cues, modes, tuple(cameo))
    contexts = {str(k): _words(v, f"contexts.{k}") for k, v in (raw.get("contexts") or {}).items()}
    aliases = raw.get("aliases") or {}
    type_aliases = {str(k): str(v) for k, v in (aliases.get("types") or {}).items()}
    for old, new in type_aliases.items():
        if new not in types:
            raise DataFileError(Errors.E031.format(where=f"aliases.types.{old}", value=new, kind="type"))
    acled = {}
    for sub, pair in (raw.get("acled") or {}).items():
        ptype, mode = pair
        if ptype not in types:
            raise DataFileError(Errors.E031.format(where=f"acled.{sub}", value=ptype, kind="type"))
        if mode is not None and mode not in types[ptype].modes:
            raise DataFileError(Errors.E031.format(where=f"acled.{sub}", value=mode, kind=f"{ptype} mode"))
        acled[str(sub)] = (ptype, mode)
    quads = {int(k): str(v) for k, v in (raw.get("quads") or {}).items()}
    for label, quad in quads.items():
        if quad not in QUADS:
            raise DataFileError(Errors.E031.format(where=f"quads.{label}", value=quad, kind="quad"))
    return Codebook(
        types=types,
        contexts=contexts,
        type_aliases=type_aliases,
        mode_aliases={str(k): str(v) for k, v in (aliases.get("modes") or {}).items()},
        context_aliases={str(k): str(v) for k, v in (aliases.get("contexts") or {}).items()},
        acled=acled,
        quads=quads,
        intent=frozenset(_words((raw.get("markers") or {}).get("intent"), "markers.intent")),
        condition=frozenset(_words((raw.get("markers") or {}).get("condition"), "markers.condition")),
        obligation=frozenset(_words((raw.get("markers") or {}).get("obligation"), "markers.obligation")),
        sector_names={str(k): str(v) for k, v in ((raw.get("sectors") or {}).get("names") or {}).items()},
        sector_inter={int(k): str(v) for k, v in ((raw.get("sectors") or {}).get("inter") or {}).items()},
        cues=Phrases((t.name, c) for t in types.values() for c in t.cues),
        mode_cues={t.name: Phrases((m, c) for m, cs in t.modes.items() for c in cs) for t in types.values()},
        context_cues=Phrases((k, c) for k, cs in contexts.items() for c in cs),
    )


@lru_cache(maxsize=1)
def load_codebook() -> Codebook:
    """The shipped codebook, read and checked once."""
    return build(
        load_yaml("plover.yaml", ("types", "contexts", "aliases", "acled", "quads", "sectors", "markers"))
    )


def mode_for(book: Codebook, ptype: str, tokens: Sequence[TokenLike]) -> str | None:
    """The first of ``ptype``'s modes (in the codebook's order) with a cue among ``tokens``."""
    found = {label for _, _, label in book.mode_cues[ptype].find(tokens)}
    return next((m for m in book.types[ptype].modes if m in found), None)


def contexts_for(book: Codebook, tokens: Sequence[TokenLike]) -> list[str]:
    """Every context with a cue among ``tokens``, in the codebook's order."""
    found = {label for _, _, label in book.context_cues.find(tokens)}
    return [c for c in book.contexts if c in found]
