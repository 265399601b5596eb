"""Undo and redo of a person's own changes on the map (the buttons and Ctrl+Z)."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maps import events, undo
from maps.models import MapEvent
from maps.views.responses import event_response, refused_toast, with_notice


def _taken_back(request: HttpRequest, map_id: int, take: Callable[..., MapEvent], said: str):
    try:
        event = take(user=request.user, map_id=map_id)
    except undo.UndoRefused as refusal:
        return refused_toast(refusal)
    if not getattr(request, "htmx", False):
        return redirect("maps:detail", map_id)
    label = str(events.kind_of(event.payload["original_kind"]).label)
    return with_notice(event_response(event), said % {"change": label[:1].lower() + label[1:]})


@login_required
@require_POST
def undo_last(request: HttpRequest, map_id: int) -> HttpResponse:
    return _taken_back(request, map_id, undo.undo_last, _("Undone: %(change)s"))


@login_required
@require_POST
def redo_last(request: HttpRequest, map_id: int) -> HttpResponse:
    return _taken_back(request, map_id, undo.redo_last, _("Redone: %(change)s"))
