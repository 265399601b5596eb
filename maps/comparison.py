"""What the diff page and the PDF's "What changed since …" section show.

Two states of a map (a snapshot, or the map now), their diff (``maps.diff``),
the emotion curves of both on one chart (``maps.curve.compared``) — on a map
with several personas, one such chart per persona, small and alike — and the
rounds held in between: their kind, when, how many took part — never who voted
what.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count
from django.utils import timezone

from maps import state_grid
from maps.curve import Columns, EmotionCurve, compared
from maps.diff import Diff, diff
from maps.map_state import state_of, unpack
from maps.models import JourneyMap, Round, Snapshot, Stage
from maps.persona_curves import emotion_for, state_personas


@dataclass
class RoundHeld:
    round: Round
    voters: int


@dataclass
class PersonaComparison:
    """One persona's curve, before and now."""

    persona_id: int
    name: str
    curve: EmotionCurve


@dataclass
class Comparison:
    before: Snapshot
    # None: the map as it is now.
    after: Snapshot | None
    diff: Diff
    rounds: list[RoundHeld]
    curve: EmotionCurve
    stages: list[Stage]
    # On a map with several personas now: a chart each, instead of the map's one.
    personas: list[PersonaComparison] = field(default_factory=list)

    @property
    def since(self) -> datetime:
        return self.before.created_at

    @property
    def until(self) -> datetime | None:
        return self.after.created_at if self.after else None


def rounds_between(journey_map: JourneyMap, since: datetime, until: datetime | None) -> list:
    """The rounds opened on the map in that time, with how many people voted in each."""
    rounds = Round.objects.filter(journey_map=journey_map, opened_at__gte=since)
    if until is not None:
        rounds = rounds.filter(opened_at__lt=until)
    rounds = rounds.annotate(voters=Count("votes__voter", distinct=True)).order_by("opened_at")
    return [RoundHeld(r, r.voters) for r in rounds]


def state_at(journey_map: JourneyMap, snapshot: Snapshot | None) -> dict[str, Any]:
    return unpack(snapshot.state) if snapshot is not None else state_of(journey_map)


def felt_by(columns: Columns, persona_id: int) -> Columns:
    """The touchpoints as the persona feels them: its emotion in place of the map's. The
    feeling words are the map's, not the persona's: left out."""
    felt = []
    for stage, touchpoints in columns:
        copies = []
        for touchpoint in touchpoints:
            twin = copy.copy(touchpoint)
            twin.emotion = emotion_for(touchpoint, persona_id)
            twin.feeling = ""
            copies.append(twin)
        felt.append((stage, copies))
    return felt


def by_persona(old: dict[str, Any], new: dict[str, Any], journey_map: JourneyMap) -> list:
    """A chart per persona the map has now (the first five, as the map page draws)."""
    personas = state_personas(new)
    if not personas.multi:
        return []
    before, after = state_grid.stages_of(journey_map, old), state_grid.stages_of(journey_map, new)
    charts = []
    for persona in personas.drawn:
        curve, _stages = compared(felt_by(before, persona.pk), felt_by(after, persona.pk))
        charts.append(PersonaComparison(persona.pk, persona.name, curve))
    return charts


def compare(journey_map: JourneyMap, before: Snapshot, after: Snapshot | None) -> Comparison:
    """``before`` against ``after`` (or now); two snapshots chosen the wrong way round are
    compared oldest first."""
    if after is not None and (after.created_at, after.pk) < (before.created_at, before.pk):
        before, after = after, before
    old, new = state_at(journey_map, before), state_at(journey_map, after)
    curve, stages = compared(
        state_grid.stages_of(journey_map, old), state_grid.stages_of(journey_map, new)
    )
    until = after.created_at if after is not None else timezone.now()
    return Comparison(
        before=before,
        after=after,
        diff=diff(old, new),
        rounds=rounds_between(journey_map, before.created_at, until),
        curve=curve,
        stages=stages,
        personas=by_persona(old, new, journey_map),
    )
