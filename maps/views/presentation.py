"""Presentation mode: the map as full-screen slides, stage by stage, for a projector."""

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from maps import presentation
from maps.grid import build_grid
from maps.models import JourneyMap
from maps.plan import actions_plan
from maps.views.lookup import map_for
from workspaces import access

# Every slide's relations, loaded with the map.
PREFETCH = ("personas", "workshops")


def _deck(journey_map: JourneyMap) -> presentation.Presentation:
    grid = build_grid(journey_map)
    return presentation.build(journey_map, grid, list(actions_plan(journey_map)))


@login_required
@require_GET
def present(request: HttpRequest, map_id: int) -> HttpResponse:
    """Every slide in one page (static/js/presentation.js shows one at a time), for whoever
    reads the map; its facilitators, during a workshop, may take the participants along."""
    journey_map = map_for(request.user, map_id, prefetch=PREFETCH)
    context = {
        "journey_map": journey_map,
        "deck": _deck(journey_map),
        "exit_url": reverse("maps:detail", args=[journey_map.pk]),
        "deck_url": reverse("maps:present-deck", args=[journey_map.pk]),
        # "Emmener les participants" moves the workshop's focus (maps:focus) slide by slide.
        "can_lead": journey_map.open_workshop is not None
        and access.can_facilitate_map(request.user, journey_map),
    }
    return render(request, "maps/presentation.html", context)


@never_cache
@login_required
@require_GET
def present_deck(request: HttpRequest, map_id: int) -> HttpResponse:
    """What an open presentation asks every few seconds: nothing (204) while the map is
    at the page's ``?revision=``, the slides again when it changed. Access is checked on
    every ask, so a member removed meanwhile gets the 403/404 and the slides stay as
    they were."""
    journey_map = map_for(request.user, map_id)
    if request.GET.get("revision") == str(journey_map.revision):
        return HttpResponse(status=204)
    # Only now what the slides show besides the grid (the title slide's personas).
    prefetch_related_objects([journey_map], *PREFETCH)
    context = {"journey_map": journey_map, "deck": _deck(journey_map)}
    return render(request, "maps/presentation.html#slides", context)
