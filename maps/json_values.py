"""Field values as JSON: what events, snapshots and the trash record of an item.

One conversion for all three, so that an undo compares an item with what an
event recorded in the same terms.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any


def decimal_text(value: Decimal) -> str:
    """A figure as exact text, without exponent or trailing zeros: 1200.5000 → "1200.5".

    JSON has no decimals: a float would round a figure, so it is kept as text."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def jsonable(value: Any) -> Any:
    """A date as "2026-12-01", a figure as "4.7" (``decimal_text``); else as is."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return decimal_text(value)
    return value
