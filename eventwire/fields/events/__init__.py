"""Events: find typed event mentions (ACLED and PLOVER) and their actor spans in a parsed Doc."""

from .find import allowed_labels, find_events
from .lexicon import EventClass, Lexicon, load_codebook, load_lexicon, load_plover
from .model import LABELS, Sample, TypeModel, collect_features, decide, label_of, read_model, type_model

__all__ = [
    "LABELS",
    "EventClass",
    "Lexicon",
    "Sample",
    "TypeModel",
    "allowed_labels",
    "collect_features",
    "decide",
    "find_events",
    "label_of",
    "load_codebook",
    "load_lexicon",
    "load_plover",
    "read_model",
    "type_model",
]
