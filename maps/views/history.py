"""The map's history page, and a facilitator's undo of any one change from it."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from journeymap.changes import ChangeRefused
from maps import history, undo
from maps.events import Category
from maps.views.lookup import map_for
from workspaces import access


@login_required
@require_GET
def map_history(request: HttpRequest, map_id: int) -> HttpResponse:
    journey_map = map_for(request.user, map_id, prefetch=("workshops",))
    filters = history.Filters.from_query(request.GET)
    page = history.page_of(
        journey_map,
        filters,
        before=history.revision_in(request.GET, "before"),
        after=history.revision_in(request.GET, "after"),
    )
    context = {
        "journey_map": journey_map,
        "page": page,
        "filters": filters,
        "people": history.people(journey_map),
        "categories": Category.choices,
        "paged": "before" in request.GET or "after" in request.GET,
        "can_undo": access.can_facilitate_map(request.user, journey_map),
    }
    return render(request, "maps/history.html", context)


@login_required
@require_POST
def undo_event(request: HttpRequest, map_id: int, revision: int) -> HttpResponse:
    # Checked here too: an outsider gets a 404 before anything is said about the change.
    map_for(request.user, map_id, need="facilitate")
    back = _back_to_history(request.POST.get("next", ""), map_id)
    try:
        event = undo.undo_event(user=request.user, map_id=map_id, revision=revision)
    except ChangeRefused as refusal:
        messages.error(request, getattr(refusal, "message", "") or _("This change was not undone."))
        return redirect(back)
    taken_back = history.sentence_of(map_id, event.reverts or revision)
    messages.success(request, _("Undone: %(change)s") % {"change": taken_back})
    return redirect(back)


def _back_to_history(next_url: str, map_id: int) -> str:
    """Where the undo came from, with its filters: this map's history page, nothing else."""
    page = reverse("maps:history", args=[map_id])
    parts = urlsplit(next_url)
    if parts.scheme or parts.netloc or parts.path != page or "\\" in next_url:
        return page
    return f"{page}?{parts.query}" if parts.query else page
