"""Turns a MapEvent into the HTML fragments that show it.

A fragment is rendered once, with no user-specific content (no CSRF token,
no role checks: read-only viewers hide the controls with CSS), so the same
HTML can go to every tab open on the map, the author's own included.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from maps import grid as grids
from maps.models import Card, Cause, Emotion, JourneyMap, Lane, LaneKind, MapEvent, Stage

PAGE = "maps/map_detail.html"


def base_context() -> dict:
    return {"causes": Cause.choices, "emotions": Emotion.choices, "lane_kinds": LaneKind}


def render_partial(name: str, *, oob: bool = True, **context) -> str:
    """One partial of the map page; ``oob`` marks its root (only) for an out-of-band swap."""
    context = {**base_context(), **context, "oob": name if oob else ""}
    return render_to_string(f"{PAGE}#{name}", context)


def render_event(event: MapEvent) -> str:
    """Out-of-band fragments for everything the event changed."""
    journey_map = event.journey_map
    subject, _, verb = event.kind.partition(".")
    payload = event.payload
    if subject in {"stage", "lane"}:
        return grid_fragment(journey_map)
    if subject == "map":
        return header_fragment(journey_map)
    if subject == "touchpoint":
        stage_ids = {payload.get("stage_id"), (payload.get("before") or {}).get("stage_id")}
        stages = Stage.objects.filter(journey_map=journey_map, pk__in=stage_ids - {None})
        parts = [
            render_partial("touchpoints", column=grids.stage_column(stage)) for stage in stages
        ]
        parts.append(curve_fragment(journey_map))
        return "".join(parts)
    if subject == "card":
        before = payload.get("before") or {}
        moved = before and (
            before.get("stage_id"),
            before.get("lane_id"),
        ) != (payload.get("stage_id"), payload.get("lane_id"))
        if verb == "updated" and not moved:
            card = Card.objects.filter(pk=payload["id"]).select_related("lane").first()
            if card is not None:
                return render_partial("card", card=card, lane=card.lane)
        cells = {(payload.get("stage_id"), payload.get("lane_id"))}
        if moved:
            cells.add((before.get("stage_id"), before.get("lane_id")))
        return "".join(cell_fragment(journey_map, stage_id, lane_id) for stage_id, lane_id in cells)
    return ""


def cell_fragment(journey_map: JourneyMap, stage_id: int, lane_id: int) -> str:
    stage = Stage.objects.filter(journey_map=journey_map, pk=stage_id).first()
    lane = Lane.objects.filter(journey_map=journey_map, pk=lane_id).first()
    if stage is None or lane is None:
        return ""
    return render_partial("cell", cell=grids.cell(stage, lane))


def grid_fragment(journey_map: JourneyMap) -> str:
    return render_partial("map-grid", grid=grids.build_grid(journey_map), journey_map=journey_map)


def curve_fragment(journey_map: JourneyMap) -> str:
    return render_partial("emotion-curve", curve=grids.curve_for(journey_map))


def header_fragment(journey_map: JourneyMap) -> str:
    journey_map = (
        JourneyMap.objects.select_related("journey_type")
        .prefetch_related("personas")
        .get(pk=journey_map.pk)
    )
    return render_partial("map-header", journey_map=journey_map)
