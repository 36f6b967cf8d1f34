"""PLOVER coding: each sentence that reports an interaction gets one of PLOVER's 16 event types,
a mode and contexts, with source and target actors and the cue (``find.py``); the codebook is data
(``codebook.py``, ``data/plover.yaml``), the type a trained linear model (``model.py``)."""
