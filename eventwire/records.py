"""Record types shared by the fields: ACLED's actor types (inter codes) and their groupings."""

from __future__ import annotations

from enum import IntEnum


class Inter(IntEnum):
    """ACLED's actor type ("inter code") of an actor."""

    STATE_FORCES = 1
    REBELS = 2
    POLITICAL_MILITIA = 3
    IDENTITY_MILITIA = 4
    RIOTERS = 5
    PROTESTERS = 6
    CIVILIANS = 7
    EXTERNAL_FORCES = 8  # external/other forces: a state's forces abroad, international coalitions


STATE_SIDES = frozenset({Inter.STATE_FORCES, Inter.EXTERNAL_FORCES})
NON_STATE_ARMED = frozenset({Inter.REBELS, Inter.POLITICAL_MILITIA, Inter.IDENTITY_MILITIA})
ARMED = STATE_SIDES | NON_STATE_ARMED
CROWDS = frozenset({Inter.RIOTERS, Inter.PROTESTERS})
UNARMED = CROWDS | {Inter.CIVILIANS}
POLITICAL = ARMED | CROWDS  # every actor type but civilians
