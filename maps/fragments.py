"""Turns map events into the HTML fragments that show them.

A fragment is rendered once, with no user-specific content (no CSRF token,
no role checks: the controls a reader may not use are hidden by CSS), so the
same HTML goes to every tab open on the map, the author's own included.

An event names the parts of the page it touched (``parts_of``); a tab that
missed several events gets each touched part once, rendered as it is now
(``render_parts``).
"""

from __future__ import annotations

from collections.abc import Iterable, Set

from django.template.loader import render_to_string

from maps import coverage_counts, events, panel, round_results
from maps import grid as grids
from maps.events import Part
from maps.forms import ActionForm
from maps.models import (
    Action,
    Card,
    Cause,
    Emotion,
    Evidence,
    JourneyMap,
    Lane,
    LaneKind,
    MapEvent,
    RoundKind,
    Stage,
    Unit,
)
from maps.plan import actions_plan

PAGE = "maps/map_detail.html"


def base_context() -> dict:
    return {
        "causes": Cause.choices,
        "emotions": Emotion.choices,
        "lane_kinds": LaneKind,
        "evidences": Evidence.choices,
        "units": Unit.choices,
    }


def render_partial(name: str, *, oob: bool = True, **context) -> str:
    """One partial of the map page; ``oob`` marks its root (only) for an out-of-band swap."""
    context = {**base_context(), **context, "oob": name if oob else ""}
    return render_to_string(f"{PAGE}#{name}", context)


def render_event(event: MapEvent) -> str:
    """Out-of-band fragments for everything the event changed, rendered once per event."""
    html = getattr(event, "_fragments", None)
    if html is None:
        # Cached on the event: one render however many groups it goes to.
        html = event._fragments = render_parts(event.journey_map, parts_of(event))  # type: ignore[attr-defined]
    return html


def parts_of(event: MapEvent) -> Set[Part]:
    """The parts of the page the event touched, as its kind declares (``maps.events``)."""
    return events.parts_of(event.kind, event.payload)


def render_parts(journey_map: JourneyMap, parts: Iterable[Part]) -> str:
    """Each part as it is now; parts inside a redrawn grid are not sent twice."""
    parts = set(parts)
    html = []
    if ("header",) in parts:
        html.append(header_fragment(journey_map))
    html.append(facilitation_fragments(journey_map, parts))
    if ("actions",) not in parts:
        answered = {ids[0] for name, *ids in parts if name == "answers"}
        if answered and Action.objects.filter(source_card_id__in=answered).exists():
            parts.add(("actions",))
    if ("actions",) in parts:
        html.append(actions_fragment(journey_map))
    if ("grid",) in parts:
        html.append(grid_fragment(journey_map))
        return "".join(html)
    strips = {ids[0] for name, *ids in parts if name == "coverage"}
    html.append(coverage_fragment(journey_map, strips))
    for part in sorted(parts, key=repr):
        name, *ids = part
        if name == "stage":
            stage = Stage.objects.filter(journey_map=journey_map, pk=ids[0]).first()
            if stage is not None:
                html.append(render_partial("stage-head", stage=stage))
        elif name == "lane":
            lane = Lane.objects.filter(journey_map=journey_map, pk=ids[0]).first()
            if lane is not None:
                html.append(render_partial("lane-head", lane=lane, journey_map=journey_map))
        elif name == "touchpoints":
            stage = Stage.objects.filter(journey_map=journey_map, pk=ids[0]).first()
            if stage is not None:
                html.append(render_partial("touchpoints", column=grids.stage_column(stage)))
        elif name == "cell":
            html.append(cell_fragment(journey_map, *ids))
        elif name == "card":
            cards = Card.objects.filter(journey_map=journey_map, pk=ids[0]).select_related("lane")
            card = grids.with_answers(cards).first()
            if card is not None:
                html.append(render_partial("card", card=card, lane=card.lane))
    if ("curve",) in parts:
        html.append(curve_fragment(journey_map))
    return "".join(html)


def facilitation_fragments(journey_map: JourneyMap, parts: set[Part]) -> str:
    wanted = [name for (name, *_ids) in parts if name in panel.PARTIALS]
    if not wanted:
        return ""
    context = panel.context(journey_map)
    if "progress" not in context and "progress" in wanted:
        wanted.remove("progress")  # no open round: nothing counts votes on the page
    return "".join(
        render_to_string(
            f"maps/_facilitation.html#{panel.PARTIALS[name]}", {**context, "oob": True}
        )
        for name in sorted(wanted)
    )


def finished_fragment(journey_map: JourneyMap) -> str:
    """Who has used all their dots, for facilitators only: never part of an event's fragments.

    Empty when no dot-voting round is open (there is nothing to fill in).
    """
    voting = round_results.open_round(journey_map)
    if voting is None or voting.kind != RoundKind.DOTS:
        return ""
    return render_to_string(
        f"maps/_facilitation.html#{panel.FINISHED}",
        {"finished": round_results.finished_voters(voting), "oob": True},
    )


def cell_fragment(journey_map: JourneyMap, stage_id: int, lane_id: int) -> str:
    stage = Stage.objects.filter(journey_map=journey_map, pk=stage_id).first()
    lane = Lane.objects.filter(journey_map=journey_map, pk=lane_id).first()
    if stage is None or lane is None:
        return ""
    return render_partial("cell", cell=grids.cell(stage, lane))


def coverage_fragment(journey_map: JourneyMap, stage_ids: set[int]) -> str:
    """The evidence strips of these stages, counted in one statement whatever their number."""
    counts = coverage_counts.of_stages(journey_map, stage_ids)
    return "".join(
        # The partial reads the stage's id alone.
        render_partial("coverage", stage=Stage(pk=stage_id), coverage=counts[stage_id])
        for stage_id in sorted(counts)
    )


def grid_fragment(journey_map: JourneyMap) -> str:
    return render_partial("map-grid", grid=grids.build_grid(journey_map), journey_map=journey_map)


def actions_fragment(journey_map: JourneyMap) -> str:
    return render_partial("action-plan", **action_plan_context(journey_map))


def action_plan_context(journey_map: JourneyMap) -> dict:
    """What the map page's action plan section needs, on the page and in its fragment."""
    return {
        "journey_map": journey_map,
        "actions": actions_plan(journey_map),
        "new_action_form": ActionForm(journey_map=journey_map),
    }


def curve_fragment(journey_map: JourneyMap) -> str:
    return render_partial("emotion-curve", curve=grids.curve_for(journey_map))


def personas_fragment(journey_map: JourneyMap) -> str:
    """The header's persona chips alone: a part that holds no form."""
    return render_partial("map-personas", journey_map=journey_map)


def header_fragment(journey_map: JourneyMap) -> str:
    journey_map = (
        JourneyMap.objects.select_related("journey_type")
        .prefetch_related("personas", "workshops")
        .get(pk=journey_map.pk)
    )
    return render_partial("map-header", journey_map=journey_map)
