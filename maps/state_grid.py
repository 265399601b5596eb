"""A map's state (``maps.map_state``) drawn like the live map: unsaved model instances.

The snapshot and diff pages reuse the map page's partials, ``maps.grid``'s shapes,
``maps.curve`` and ``maps.plan``'s order on instances built here from the state,
so a snapshot looks exactly as the map did. Nothing here reads the database but the
journey type's name.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from maps.curve import Columns, build_curve
from maps.grid import Cell, Grid, LaneRow, StageColumn
from maps.models import Action, Card, JourneyMap, JourneyType, Lane, Stage, Touchpoint
from maps.persona_curves import state_personas
from maps.plan import by_priority


def _instance(model, journey_map: JourneyMap, values: dict[str, Any]):
    # A state holds JSON: dates and figures back to what the model's fields hold.
    fields = {field.attname: field for field in model._meta.concrete_fields}
    item = model(
        **{
            name: fields[name].to_python(value) if name in fields and value is not None else value
            for name, value in values.items()
        }
    )
    item.journey_map_id = journey_map.pk
    return item


def stages_of(journey_map: JourneyMap, state: dict[str, Any]) -> Columns:
    """Stages in order, each with its touchpoints in order."""
    stages = [_instance(Stage, journey_map, values) for values in state.get("stages", [])]
    by_stage: dict[int, list[Touchpoint]] = defaultdict(list)
    for values in state.get("touchpoints", []):
        by_stage[values["stage_id"]].append(_instance(Touchpoint, journey_map, values))
    return [(stage, by_stage[stage.pk]) for stage in stages]


def grid_of(journey_map: JourneyMap, state: dict[str, Any]) -> Grid:
    columns = stages_of(journey_map, state)
    stages = [stage for stage, _touchpoints in columns]
    lanes = [_instance(Lane, journey_map, values) for values in state.get("lanes", [])]
    answered = {a.get("source_card_id") for a in state.get("actions", [])} - {None}
    cards: dict[tuple[int, int], list[Card]] = defaultdict(list)
    for values in state.get("cards", []):
        card = _instance(Card, journey_map, values)
        card.answered = card.pk in answered  # as grid.with_answers does
        cards[(card.stage_id, card.lane_id)].append(card)
    rows = [
        LaneRow(lane, [Cell(stage, lane, cards[(stage.pk, lane.pk)]) for stage in stages])
        for lane in lanes
    ]
    # One line per persona the state kept, as the map page draws them.
    personas = state_personas(state)
    return Grid(
        journey_map=journey_map,
        columns=[StageColumn(stage, touchpoints) for stage, touchpoints in columns],
        rows=rows,
        curve=build_curve(columns, personas.drawn, personas.left_out),
    )


def actions_of(journey_map: JourneyMap, state: dict[str, Any]) -> list[Action]:
    """The action plan as it was, in priority order, each with the card it answered."""
    cards = {values["id"]: values for values in state.get("cards", [])}
    actions = []
    for values in state.get("actions", []):
        due = values.get("due_date")
        action = _instance(
            Action, journey_map, {**values, "due_date": date.fromisoformat(due) if due else None}
        )
        card = cards.get(values.get("source_card_id"))
        if card is not None:
            action.source_card = _instance(Card, journey_map, card)
        else:
            action.source_card_id = None
        actions.append(action)
    return by_priority(actions)


def journey_type_name(state: dict[str, Any]) -> str:
    """The journey type as the reader's language names it, while the type exists; else
    the name the state kept."""
    kept = state.get("journey_type") or {}
    type_id = kept.get("id")
    journey_type = JourneyType.objects.filter(pk=type_id).first() if type_id else None
    return journey_type.display_name if journey_type else kept.get("name", "")
