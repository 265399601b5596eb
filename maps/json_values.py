"""Field values as JSON: what events, snapshots and the trash record of an item.

One conversion for all three, so that an undo compares an item with what an
event recorded in the same terms.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any


def jsonable(value: Any) -> Any:
    """A date as "2026-12-01", a figure as "4.7" (exact, no trailing zeros); else as is."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value
