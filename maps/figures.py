"""Figures on metrics cards: reading a typed figure as a number and a unit, writing
one back in the reader's language, and saying whether it is ahead of its target.

One place for the three, so that the map page, the PDF, the CSV of cards and the
figures import all read "4,7 / 5" and write "42 %" the same way.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from maps.models import Unit

# The words people type after (or before) a number, for each unit, lower-cased.
UNIT_WORDS: dict[str, str] = {
    "%": Unit.PERCENT,
    "pct": Unit.PERCENT,
    "percent": Unit.PERCENT,
    "€": Unit.EUROS,
    "eur": Unit.EUROS,
    "euro": Unit.EUROS,
    "euros": Unit.EUROS,
    "j": Unit.DAYS,
    "jour": Unit.DAYS,
    "jours": Unit.DAYS,
    "day": Unit.DAYS,
    "days": Unit.DAYS,
    "h": Unit.HOURS,
    "heure": Unit.HOURS,
    "heures": Unit.HOURS,
    "hour": Unit.HOURS,
    "hours": Unit.HOURS,
    "min": Unit.MINUTES,
    "mn": Unit.MINUTES,
    "minute": Unit.MINUTES,
    "minutes": Unit.MINUTES,
    "nps": Unit.NPS,
    "/5": Unit.RATING,
    "sur 5": Unit.RATING,
    "out of 5": Unit.RATING,
    "": Unit.COUNT,
}

# A number as people write it: "1 200", "4,7", "-3.5", "+12" (spaces, no-break
# spaces and thin spaces between thousands).
_NUMBER = r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|[+-]?\d+(?:[.,]\d+)?"
_FIGURE = re.compile(rf"^\s*(?P<before>nps)?\s*(?P<number>{_NUMBER})\s*(?P<after>.*?)\s*$", re.I)
# The largest figure a card holds (the model's 14 digits, 4 after the point).
LARGEST = Decimal("9999999999")


def parse_number(text: str) -> Decimal | None:
    """ "1 200,5" → 1200.5; None when it is not a number or is out of bounds."""
    text = text.strip()
    if not re.fullmatch(_NUMBER, text):
        return None
    cleaned = re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if abs(number) <= LARGEST else None


def parse_unit(text: str) -> str | None:
    """A unit's code from what someone typed ("%", "jours", "NPS", "" for a count)."""
    word = re.sub(r"\s+", " ", text.strip().lower())
    word = re.sub(r"^/ ", "/", word.replace(" / ", "/").replace("/ ", "/"))
    if word in Unit.values:
        return word
    unit = UNIT_WORDS.get(word)
    return None if unit is None else str(unit.value) if isinstance(unit, Unit) else unit


def parse_figure(text: str) -> tuple[Decimal, str] | None:
    """ "42 %" → (42, percent), "4,7 / 5" → (4.7, rating), "NPS +12" → (12, nps);
    None when the text says more than a number and a unit ("1 sur 4", "about 3 min")."""
    match = _FIGURE.match(text)
    if match is None:
        return None
    number = parse_number(match["number"])
    unit = Unit.NPS.value if match["before"] else parse_unit(match["after"])
    if match["before"] and match["after"]:
        return None
    if number is None or unit is None:
        return None
    return number, unit


def format_number(number: Decimal) -> str:
    """In the reader's language, with no trailing zeros: 4.7000 → "4,7", 1200 → "1 200"."""
    places = max(0, -number.normalize().as_tuple().exponent)  # type: ignore[operator]
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def format_figure(number: Decimal, unit: str) -> str:
    """ "42 %", "5 €", "30 jours", "NPS +12", "4,7/5", "1 200"."""
    shown = format_number(number)
    if unit == Unit.PERCENT:
        return f"{shown}\u00a0%"
    if unit == Unit.EUROS:
        return f"{shown}\u00a0€"
    if unit == Unit.DAYS:
        return ngettext("%(n)s day", "%(n)s days", int(abs(number)) or 1) % {"n": shown}
    if unit == Unit.HOURS:
        return f"{shown}\u00a0h"
    if unit == Unit.MINUTES:
        return f"{shown}\u00a0min"
    if unit == Unit.NPS:
        sign = "+" if number > 0 else ""
        return gettext("NPS %(n)s") % {"n": f"{sign}{shown}"}
    if unit == Unit.RATING:
        return f"{shown}/5"
    return shown


def is_ahead(value: Decimal, target: Decimal, higher_is_better: bool) -> bool:
    """Whether a figure meets its target (equal counts as met)."""
    return value >= target if higher_is_better else value <= target
