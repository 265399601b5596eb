"""What the facilitation panel shows: the same for everyone on the map.

No vote ever goes in here while a round is open: only how many have voted.
Who has used all their dots is added for facilitators only (``facilitator=True``,
their own page); each participant's own ballot is rendered for them alone
(``maps/views/facilitation.py``).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from maps import persona_curves, round_results
from maps.forms import DotRoundForm
from maps.models import JourneyMap, Round, RoundKind

# Panel part → partial of templates/maps/_facilitation.html
PARTIALS = {
    "timer": "workshop-timer",
    "focus": "focus-marker",
    "round": "round-panel",
    "progress": "round-progress",
    "bar": "workshop-bar",
}
# Facilitators only (never in a part above): who has used all their dots.
FINISHED = "round-finished"


def shown_round(journey_map: JourneyMap) -> Round | None:
    """The open round, or else the last closed one until the facilitator puts it away."""
    return (
        Round.objects.filter(journey_map=journey_map, dismissed=False)
        .select_related("opened_by", "journey_map", "persona")
        .order_by("-opened_at", "-pk")
        .first()
    )


def clock(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def context(journey_map: JourneyMap, *, facilitator: bool = False) -> dict:
    # The map page prefetched the workshops for its header: no second query there.
    workshop = journey_map.open_workshop
    voting = shown_round(journey_map) if workshop else None
    context: dict[str, Any] = {"journey_map": journey_map, "workshop": workshop, "round": voting}
    if workshop is not None:
        left = workshop.seconds_left()
        context["timer"] = {
            "running": workshop.timer_ends_at is not None and left > 0,
            "left": left,
            "clock": clock(left),
            "ends_at_ms": int(workshop.timer_ends_at.timestamp() * 1000)
            if workshop.timer_ends_at
            else "",
            "server_now_ms": int(timezone.now().timestamp() * 1000),
            "set": workshop.timer_duration > 0,
        }
    if voting is not None and voting.is_open:
        context["progress"] = round_results.progress(voting)
        if facilitator:
            context["finished"] = round_results.finished_voters(voting)
    elif voting is not None and voting.kind == RoundKind.EMOTION:
        context["emotion"] = round_results.emotion_results(voting)
    elif voting is not None:
        context["dots"] = round_results.dot_results(voting)
    if voting is None or not voting.is_open:
        context["dot_form"] = DotRoundForm(auto_id="round-%s")
        # On a map with several personas, an emotion round may be scored as one of them.
        personas = persona_curves.map_personas(journey_map)
        context["scoring_personas"] = personas.all if personas.multi else []
    return context
