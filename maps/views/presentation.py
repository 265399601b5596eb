"""Presentation mode: the map as full-screen slides, stage by stage, for a projector."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from maps import presentation
from maps.grid import build_grid
from maps.plan import actions_plan
from maps.views.lookup import map_for
from workspaces import access


@login_required
@require_GET
def present(request: HttpRequest, map_id: int) -> HttpResponse:
    """Every slide in one page (static/js/presentation.js shows one at a time), for whoever
    reads the map; its facilitators, during a workshop, may take the participants along."""
    journey_map = map_for(request.user, map_id, prefetch=("personas", "workshops"))
    grid = build_grid(journey_map)
    deck = presentation.build(journey_map, grid, list(actions_plan(journey_map)))
    context = {
        "journey_map": journey_map,
        "deck": deck,
        "exit_url": reverse("maps:detail", args=[journey_map.pk]),
        # "Emmener les participants" moves the workshop's focus (maps:focus) slide by slide.
        "can_lead": journey_map.open_workshop is not None
        and access.can_facilitate_map(request.user, journey_map),
    }
    return render(request, "maps/presentation.html", context)
