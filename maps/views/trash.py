"""The map's trash: what was deleted, restorable for ``TRASH_DAYS`` days.

A page of its own, and the same list as a panel of the map page (fetched by
htmx into the page's ``<dialog>``). Restoring is a change like any other: the
answer is the event's fragments, so the item comes back in every tab; the
panel redraws itself once the change is applied (``parcours:changed``).

An edit form that outlived its item ("deleted meanwhile") restores the item
with the person's text: ``restore_draft`` finds the entry by kind and id.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from journeymap.changes import Invalid
from journeymap.requests import HtmxHttpRequest
from maps import services, trash
from maps.models import TRASH_DAYS, JourneyMap
from maps.views import items
from maps.views.lookup import map_for
from maps.views.responses import event_response
from workspaces import access

PAGE = "maps/trash.html"
PANEL = "maps/trash.html#trash-panel"
CONFIRM = "maps/trash.html#trash-confirm-empty"


def _context(request: HttpRequest, journey_map: JourneyMap, **extra: Any) -> dict[str, Any]:
    entries = list(trash.in_trash(journey_map))
    return {
        "journey_map": journey_map,
        "entries": entries,
        "can_edit": access.can_edit_map(request.user, journey_map),
        "can_facilitate": access.can_facilitate_map(request.user, journey_map),
        "trash_days": TRASH_DAYS,
        "error": "",
        **extra,
    }


def _panel(request: HtmxHttpRequest, journey_map: JourneyMap, **extra: Any) -> HttpResponse:
    """The list, as a panel of the map page (htmx) or as its own page."""
    template = PANEL if request.htmx else PAGE
    context = _context(request, journey_map, panel=bool(request.htmx), **extra)
    return render(request, template, context)


@login_required
@require_GET
def trash_panel(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    journey_map = map_for(request.user, map_id)
    return _panel(request, journey_map)


def _refused_in_panel(request: HtmxHttpRequest, map_id: int, message: str) -> HttpResponse:
    if not request.htmx:
        messages.error(request, message)
        return redirect("maps:trash", map_id)
    journey_map = map_for(request.user, map_id)
    response = render(request, PANEL, _context(request, journey_map, panel=True, error=message))
    response.status_code = 409
    return reswap(retarget(response, "#trash-panel"), "outerHTML")


@login_required
@require_POST
def trash_restore(request: HtmxHttpRequest, map_id: int, trash_id: int) -> HttpResponse:
    """Put the item back where it was, with everything it held."""
    try:
        event = services.trash_restore(user=request.user, map_id=map_id, trash_id=trash_id)
    except trash.RestoreRefused as refused:
        return _refused_in_panel(request, map_id, refused.message)
    if request.htmx:
        return event_response(event)
    messages.success(request, _("Restored: it is back on the map where it was."))
    return redirect("maps:trash", map_id)


@login_required
@require_http_methods(["GET", "POST"])
def trash_empty(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """Forget what the trash holds: the facilitators', after a confirmation (the GET)."""
    if request.method == "POST":
        services.trash_empty(user=request.user, map_id=map_id)
        if not request.htmx:
            messages.success(request, _("The trash is empty."))
            return redirect("maps:trash", map_id)
        return _panel(request, map_for(request.user, map_id))
    journey_map = map_for(request.user, map_id, need="facilitate")
    template = CONFIRM if request.htmx else PAGE
    context = _context(request, journey_map, panel=bool(request.htmx), confirm_empty=True)
    return render(request, template, context)


@login_required
@require_POST
def restore_draft(request: HtmxHttpRequest, map_id: int, kind: str, item_id: int) -> HttpResponse:
    """The "Restore it with my text" button: the item back from the trash, the draft (the
    POST) on it.

    If someone restored it meanwhile, the draft is saved onto it as an ordinary edit
    (a conflict if it changed since)."""
    trashed = trash.find_item(map_id, kind, item_id)
    if trashed is None:
        return items.item_update(request, map_id, kind, item_id)
    try:
        event = services.trash_restore(
            user=request.user, map_id=map_id, trash_id=trashed.pk, draft=request.POST
        )
    except trash.RestoreRefused as refused:
        return items.deleted_form(request, map_id, kind, trashed, refusal=refused.message)
    except Invalid as refused:
        return items.deleted_form(request, map_id, kind, trashed, form=refused.form, status=422)
    if not request.htmx:
        return redirect("maps:detail", map_id)
    return event_response(event)
