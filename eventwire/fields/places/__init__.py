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
"""

from .find import find_places
from .link import article_focus, country_place, place_for_event
from .mentions import unresolved

__all__ = ["article_focus", "country_place", "find_places", "place_for_event", "unresolved"]
