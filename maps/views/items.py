"""Stages, touchpoints, lanes, cards and actions, edited in place through HTMX.

One set of views serves every kind of item; ``kind`` in the URL names
which. Every write goes through ``maps.services``; a successful write answers
with the out-of-band fragments of its event, the same HTML every tab applies.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from journeymap.requests import HtmxHttpRequest
from maps import fragments, services, trash
from maps import grid as grids
from maps.models import Card, JourneyMap, TrashedItem
from maps.views.lookup import map_for
from maps.views.responses import event_response

FORMS = "maps/item_forms.html"


def _item(journey_map: JourneyMap, kind: services.ItemKind, item_id: int):
    """The item of this map (an id of another map is a 404, like an unknown one)."""
    items: QuerySet[Any] = kind.model.objects.filter(pk=item_id, journey_map=journey_map)
    if kind.model is Card:
        items = grids.with_answers(items)  # its "→ action" badge
    item = items.first()
    if item is None:
        raise Http404
    return item


def _done(request: HtmxHttpRequest, event) -> HttpResponse:
    if not request.htmx:
        return redirect("maps:detail", event.journey_map_id)
    return event_response(event)


# What the item services refuse with; each view catches exactly these.
REFUSALS = (services.Invalid, services.Conflict, services.ConfirmationRequired)


def _refused(
    request,
    refused: services.Invalid | services.Conflict | services.ConfirmationRequired,
    *,
    kind_name: str,
    target: str,
    **context,
):
    """The form again, where the user typed it, with the reason and their draft."""
    if isinstance(refused, services.ConfirmationRequired):
        template, status = f"{FORMS}#confirm-delete", 200
        context.update(item=refused.item, content_count=refused.content_count)
    else:
        template = f"{FORMS}#{kind_name}-form"
        status = 409 if isinstance(refused, services.Conflict) else 422
        conflict = getattr(refused, "current", None)
        kind = services.item_kind(kind_name)
        context.update(
            form=refused.form,
            conflict=conflict,
            current_text=kind.describe(conflict) if conflict else "",
            lane_kind=kind.lane_kind(refused.form),
        )
    context.update(kind=kind_name, target=target)
    response = render(request, template, context, status=status)
    return reswap(retarget(response, f"#{target}"), "outerHTML")


@login_required
@require_GET
def item_show(request: HttpRequest, map_id: int, kind: str, item_id: int) -> HttpResponse:
    """The item as displayed: what "Cancel" puts back in place of a form."""
    kind_spec = services.item_kind(kind)
    journey_map = map_for(request.user, map_id)
    item = _item(journey_map, kind_spec, item_id)
    html = fragments.render_partial(
        kind_spec.partial, **kind_spec.display_context(item), journey_map=journey_map, oob=False
    )
    return HttpResponse(html)


@login_required
@require_GET
def item_edit(request: HttpRequest, map_id: int, kind: str, item_id: int) -> HttpResponse:
    kind_spec = services.item_kind(kind)
    journey_map = map_for(request.user, map_id, need="edit")
    item = _item(journey_map, kind_spec, item_id)
    form = kind_spec.form(instance=item, journey_map=journey_map, initial={"version": item.version})
    context = {
        "form": form,
        "kind": kind,
        "item": item,
        "journey_map": journey_map,
        "lane_kind": kind_spec.lane_kind(form),
    }
    context["target"] = f"{kind}-{item.pk}"
    return render(request, f"{FORMS}#{kind}-form", context)


@login_required
@require_POST
def item_create(request: HtmxHttpRequest, map_id: int, kind: str) -> HttpResponse:
    try:
        event = services.item_create(
            user=request.user, map_id=map_id, kind_name=kind, data=request.POST
        )
    except REFUSALS as refused:
        target = request.POST.get("form_id", "")
        if not target.startswith(f"new-{kind}"):
            target = f"new-{kind}"
        journey_map = map_for(request.user, map_id)
        return _refused(
            request, refused, kind_name=kind, target=target, journey_map=journey_map, item=None
        )
    return _done(request, event)


def deleted_form(
    request: HttpRequest,
    map_id: int,
    kind_name: str,
    trashed: TrashedItem,
    *,
    form=None,
    refusal: str = "",
    status: int = 409,
) -> HttpResponse:
    """The edit form of an item deleted meanwhile, with the person's text (the POST), where
    they typed it: marked so, with "Restore it with my text" and "Copy my text"."""
    journey_map = map_for(request.user, map_id)
    kind = services.item_kind(kind_name)
    item = trash.item_of(trashed)
    if form is None:
        form = kind.form(request.POST, instance=item, journey_map=journey_map)
    target = f"{kind_name}-{trashed.item_id}"
    try:
        lane_kind = kind.lane_kind(form)
    except ObjectDoesNotExist:
        lane_kind = ""  # its lane was deleted too
    context = {
        "form": form,
        "kind": kind_name,
        "item": item,
        "journey_map": journey_map,
        "lane_kind": lane_kind,
        "target": target,
        "deleted": trashed,
        "refusal": refusal,
    }
    response = render(request, f"{FORMS}#{kind_name}-form", context, status=status)
    return reswap(retarget(response, f"#{target}"), "outerHTML")


@login_required
@require_POST
def item_update(request: HtmxHttpRequest, map_id: int, kind: str, item_id: int) -> HttpResponse:
    try:
        event = services.item_update(
            user=request.user, map_id=map_id, kind_name=kind, item_id=item_id, data=request.POST
        )
    except Http404:
        # Deleted meanwhile: the form stays, the text kept, rather than a bare 404.
        trashed = trash.find_item(map_id, kind, item_id)
        if trashed is None:
            raise
        return deleted_form(request, map_id, kind, trashed)
    except REFUSALS as refused:
        journey_map = map_for(request.user, map_id)
        item = _item(journey_map, services.item_kind(kind), item_id)
        return _refused(
            request,
            refused,
            kind_name=kind,
            target=f"{kind}-{item_id}",
            journey_map=journey_map,
            item=item,
        )
    return _done(request, event)


@login_required
@require_POST
def item_move(request: HtmxHttpRequest, map_id: int, kind: str, item_id: int) -> HttpResponse:
    event = services.item_move(
        user=request.user,
        map_id=map_id,
        kind_name=kind,
        item_id=item_id,
        direction=request.POST.get("direction", ""),
    )
    return _done(request, event)


@login_required
@require_POST
def item_delete(request: HtmxHttpRequest, map_id: int, kind: str, item_id: int) -> HttpResponse:
    try:
        event = services.item_delete(
            user=request.user,
            map_id=map_id,
            kind_name=kind,
            item_id=item_id,
            confirmed=request.POST.get("confirmed") == "1",
        )
    except services.ConfirmationRequired as refused:
        journey_map = map_for(request.user, map_id)
        return _refused(
            request, refused, kind_name=kind, target=f"{kind}-{item_id}", journey_map=journey_map
        )
    return _done(request, event)
