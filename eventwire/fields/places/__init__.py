"""Places: toponyms found in a parsed article, resolved to the gazetteer, and linked to events.

Modules, in import order (each imports only those before it):

- ``mentions``: the Mention record, the cue words of ``data/place_cues.yaml``, shared token tests.
- ``entities``: recognition from spaCy's entities, its confusions repaired, fused names split.
- ``names``: recognition from the gazetteer alone (names outside entities, towns naming their own).
- ``qualifiers``: the division or country named after a place, or a town it lies beside.
- ``resolve``: country evidence, the prior over gazetteer rows, two passes, implausible namesakes.
- ``regions``: named parts of divisions, direction-named regions, towns spelt otherwise.
- ``find``: Doc -> Place records (:func:`find_places`).
- ``link``: event <- place (:func:`place_for_event`), the article's focus, ACLED coding.
- ``prior``: the corpus's country prior for events their text does not place.
"""

from .find import find_places
from .link import article_focus, country_place, place_for_event, set_place, weighted_focus
from .mentions import unresolved
from .prior import apply_country_prior

__all__ = [
    "apply_country_prior",
    "article_focus",
    "country_place",
    "find_places",
    "place_for_event",
    "set_place",
    "unresolved",
    "weighted_focus",
]
