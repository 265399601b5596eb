"""One emotion curve per persona: which personas get a line, and how each one looks.

On a map with two personas or more, each touchpoint may carry an emotion per
persona (``Touchpoint.persona_emotions``, keyed by the persona's id as a
string); a persona without an entry feels what the touchpoint's ``emotion``
says. A map with one persona (or none) keeps one curve, drawn from ``emotion``.

Entries of a persona taken off the map stay in the touchpoint (putting the
persona back brings them back) but are neither shown nor drawn.

The personas come from the live map (``map_personas``) or from a state a snapshot
kept (``state_personas``): the snapshot and diff pages draw the same lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from maps.models import JourneyMap, Touchpoint
from personas.models import Persona

# More lines than this no longer read as separate curves; the rest are listed, not drawn.
MAX_LINES = 5
# From two personas on, each gets a line of its own.
MIN_PERSONAS = 2
EMOTIONS = range(-2, 3)


@dataclass(frozen=True)
class LineStyle:
    """How one persona's line looks: told apart by colour, by dash and by marker, so
    that it reads in black and white and for colour-blind people."""

    index: int
    # Okabe-Ito colours, each at least 3:1 against white (WCAG 1.4.11).
    colour: str
    # SVG stroke-dasharray in units of the line's width (scaled by the drawing).
    dash: tuple[float, ...]
    marker: str

    def dasharray(self, unit: float = 1.0) -> str:
        return " ".join(f"{step * unit:.2f}".rstrip("0").rstrip(".") for step in self.dash)


STYLES: tuple[LineStyle, ...] = (
    LineStyle(0, "#0072B2", (), "circle"),
    LineStyle(1, "#D55E00", (4, 2), "square"),
    LineStyle(2, "#009E73", (1, 1.5), "triangle"),
    LineStyle(3, "#CC79A7", (5, 1.5, 1, 1.5), "diamond"),
    LineStyle(4, "#000000", (2, 2), "cross"),
)


def style(index: int) -> LineStyle:
    return STYLES[index % len(STYLES)]


@dataclass
class CurvePersonas:
    """The map's personas as the curve sees them, in a stable order (name, then id)."""

    all: list[Persona]

    @property
    def multi(self) -> bool:
        return len(self.all) >= MIN_PERSONAS

    @property
    def drawn(self) -> list[Persona]:
        return self.all[:MAX_LINES] if self.multi else []

    @property
    def left_out(self) -> list[Persona]:
        """Personas past the fifth: named under the legend, not drawn."""
        return self.all[MAX_LINES:] if self.multi else []

    @property
    def ids(self) -> set[int]:
        return {persona.pk for persona in self.all}


def ordered(personas: Iterable[Persona]) -> list[Persona]:
    return sorted(personas, key=lambda persona: (persona.name.casefold(), persona.pk))


def map_personas(journey_map: JourneyMap) -> CurvePersonas:
    """The map's personas in curve order: one query, none when the page prefetched them.

    Kept on the map instance: the page's curve and its touchpoint forms ask once.
    """
    cached = getattr(journey_map, "_curve_personas", None)
    if cached is None:
        cached = CurvePersonas(ordered(journey_map.personas.all()))
        journey_map._curve_personas = cached  # type: ignore[attr-defined]
    return cached


def state_personas(state: Mapping[str, Any]) -> CurvePersonas:
    """The personas a state (``maps.map_state``) kept, in curve order, as unsaved
    instances: a persona deleted since still has the name the state kept."""
    personas = [
        Persona(pk=entry["id"], name=entry.get("name", ""))
        for entry in state.get("personas", [])
        if isinstance(entry, Mapping) and isinstance(entry.get("id"), int)
    ]
    return CurvePersonas(ordered(personas))


def forget(journey_map: JourneyMap) -> None:
    """After the map's personas changed: the next question reads them again."""
    journey_map.__dict__.pop("_curve_personas", None)


def emotion_for(touchpoint: Touchpoint, persona_id: int) -> int:
    """The persona's emotion at the touchpoint: its own entry, else the touchpoint's."""
    return felt(touchpoint.persona_emotions, touchpoint.emotion, persona_id)


def felt(entries: Mapping[str, Any] | None, emotion: int, persona_id: int) -> int:
    """``emotion_for`` on a touchpoint as a state keeps it: its entries and its emotion."""
    value = (entries or {}).get(str(persona_id))
    if isinstance(value, int) and not isinstance(value, bool) and value in EMOTIONS:
        return value
    return emotion


def own_entry(touchpoint: Touchpoint, persona_id: int) -> int | None:
    """The persona's own entry, or ``None`` when it feels what the map says."""
    value = (touchpoint.persona_emotions or {}).get(str(persona_id))
    if isinstance(value, int) and not isinstance(value, bool) and value in EMOTIONS:
        return value
    return None


def validate_entries(entries: object, persona_ids: Iterable[int]) -> dict[str, int]:
    """Entries checked whole: a dict of persona id (as a string) → emotion −2..2, each
    persona one of ``persona_ids`` (this map's). Raises ``ValidationError`` saying what."""
    if not isinstance(entries, Mapping):
        raise ValidationError(_("The emotions of the personas must be a list by persona."))
    allowed = {str(pk) for pk in persona_ids}
    clean: dict[str, int] = {}
    for key, value in entries.items():
        if str(key) not in allowed:
            raise ValidationError(_("This persona is not on this map."), code="persona")
        if isinstance(value, bool) or not isinstance(value, int) or value not in EMOTIONS:
            raise ValidationError(_("An emotion goes from −2 to +2."), code="emotion")
        clean[str(key)] = value
    return clean


def with_entry(entries: Mapping[str, int] | None, persona_id: int, value: int | None) -> dict:
    """``entries`` with the persona's emotion set (or, with ``None``, taken out)."""
    changed = dict(entries or {})
    if value is None:
        changed.pop(str(persona_id), None)
    else:
        if value not in EMOTIONS:
            raise ValidationError(_("An emotion goes from −2 to +2."), code="emotion")
        changed[str(persona_id)] = value
    return changed
