"""Running a workshop: the facilitator's controls, the join link and its QR code."""

import io

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maps import workshops
from maps.models import JourneyMap
from maps.views.responses import event_response
from workspaces import access


def _map_to_facilitate(user, map_id: int) -> JourneyMap:
    journey_map = JourneyMap.objects.filter(pk=map_id).first()
    if journey_map is None:
        raise Http404
    access.check_facilitate_map(user, journey_map)
    return journey_map


def _join_url(request: HttpRequest, workshop) -> str:
    return request.build_absolute_uri(workshop.get_join_path())


@login_required
@require_http_methods(["GET", "POST"])
def workshop_panel(request: HttpRequest, map_id: int) -> HttpResponse:
    """The facilitator's page: start the workshop, show its link and QR code, steer it."""
    journey_map = _map_to_facilitate(request.user, map_id)
    if request.method == "POST":
        workshops.workshop_start(user=request.user, map_id=map_id)
        messages.success(request, _("The workshop is open: share the link or the QR code."))
        return redirect("maps:workshop", map_id)
    workshop = workshops.open_workshop(journey_map)
    context = {
        "journey_map": journey_map,
        "workshop": workshop,
        "join_url": _join_url(request, workshop) if workshop else "",
        "guests": workshop.guests.order_by("joined_at") if workshop else [],
        "past": journey_map.workshops.exclude(pk=getattr(workshop, "pk", None))
        .prefetch_related("guests")
        .order_by("-started_at")[:10],
    }
    return render(request, "maps/workshop.html", context)


@login_required
@require_GET
def workshop_qr(request: HttpRequest, map_id: int) -> HttpResponse:
    """The join link as an SVG QR code, for the projector."""
    journey_map = _map_to_facilitate(request.user, map_id)
    workshop = workshops.open_workshop(journey_map)
    if workshop is None:
        raise Http404
    svg = io.BytesIO()
    segno.make(_join_url(request, workshop), error="m").save(
        svg, kind="svg", scale=8, border=2, dark="#1d2433", light="#ffffff", xmldecl=False
    )
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    # The link is a secret: no shared cache keeps it.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def workshop_renew_link(request: HttpRequest, map_id: int) -> HttpResponse:
    _map_to_facilitate(request.user, map_id)
    try:
        workshops.workshop_renew_link(user=request.user, map_id=map_id)
    except workshops.LinkRevoked:
        messages.error(request, _("This map has no workshop yet."))
    else:
        messages.success(
            request,
            _("The old link no longer works, and guests who used it are out. Share this new one."),
        )
    return redirect("maps:workshop", map_id)


@login_required
@require_POST
def workshop_end(request: HttpRequest, map_id: int) -> HttpResponse:
    _map_to_facilitate(request.user, map_id)
    try:
        workshops.workshop_end(user=request.user, map_id=map_id)
    except workshops.LinkRevoked:
        messages.info(request, _("No workshop is open on this map."))
    else:
        messages.success(request, _("The workshop has ended: guests can still read the map."))
    return redirect("maps:workshop", map_id)


@login_required
@require_POST
def map_lock(request: HttpRequest, map_id: int) -> HttpResponse:
    _map_to_facilitate(request.user, map_id)
    locked = request.POST.get("locked") == "1"
    event = workshops.map_lock(user=request.user, map_id=map_id, locked=locked)
    if request.htmx:
        return event_response(event)
    back = {"workshop": "maps:workshop", "settings": "maps:settings"}
    return redirect(back.get(request.POST.get("next", ""), "maps:detail"), map_id)


def _already_in(user, workshop) -> bool:
    """Members of the map's workspace, and guests of this very workshop, need no pass."""
    if not user.is_authenticated:
        return False
    if access.role_in(user, workshop.journey_map.workspace_id) is not None:
        return True
    guest = access.guest_pass(user, workshop.journey_map)
    return guest is not None and guest.workshop_id == workshop.pk


@require_http_methods(["GET", "POST"])
def workshop_join(request: HttpRequest, token: str) -> HttpResponse:
    """Where the join link and the QR code lead: a name, and the guest is on the map."""
    try:
        workshop = workshops.workshop_for_link(token)
    except workshops.LinkRevoked:
        return render(request, "maps/workshop_link_gone.html", status=410)
    journey_map = workshop.journey_map
    if _already_in(request.user, workshop):
        return redirect(journey_map)
    form = workshops.GuestForm()
    if request.method == "POST":
        try:
            _guest, user = workshops.guest_join(user=request.user, token=token, data=request.POST)
        except workshops.Invalid as refused:
            form = refused.form
        except workshops.LinkRevoked:
            return render(request, "maps/workshop_link_gone.html", status=410)
        else:
            if not request.user.is_authenticated:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(journey_map)
    context = {"form": form, "journey_map": journey_map, "workshop": workshop}
    return render(request, "maps/workshop_join.html", context, status=422 if form.errors else 200)
