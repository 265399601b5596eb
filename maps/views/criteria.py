"""The method's five criteria panel, redrawn on its own when the map changes."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maps import criteria
from maps.grid import build_grid
from maps.plan import actions_plan
from maps.views.lookup import map_for


def criteria_context(journey_map, grid, actions) -> dict:
    """What templates/maps/_criteria.html reads: on the map page and in this view."""
    checked = criteria.check(grid, actions, persona_count=len(journey_map.personas.all()))
    return {"criteria": checked, "criteria_met": criteria.met_count(checked)}


@login_required
@require_GET
def method_criteria(request: HttpRequest, map_id: int) -> HttpResponse:
    # Whoever reads the map reads how it meets the method.
    journey_map = map_for(request.user, map_id, prefetch=("personas",))
    context = {
        "journey_map": journey_map,
        "criteria_open": request.GET.get("open") == "1",
        **criteria_context(journey_map, build_grid(journey_map), actions_plan(journey_map)),
    }
    return render(request, "maps/_criteria.html", context)
