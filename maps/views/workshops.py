"""Running a workshop: the facilitator's controls, the join link, its code and its QR code."""

import hashlib
import io
import ipaddress
from typing import Any
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journeymap.requests import HtmxHttpRequest
from maps import throttle, workshops
from maps.views.lookup import map_for
from maps.views.responses import event_response
from workspaces import access


def public_base(request: HttpRequest) -> str:
    """The address guests' phones use: ``PUBLIC_URL`` when set, else the one this page was
    opened with."""
    return settings.PUBLIC_URL or f"{request.scheme}://{request.get_host()}"


def is_loopback(base: str) -> bool:
    """127.x, ::1, localhost: this computer's own address, which no phone reaches."""
    host = (urlsplit(base).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _join_url(request: HttpRequest, workshop) -> str:
    return public_base(request) + workshop.get_join_path()


def _guests_context(workshop) -> dict:
    guests = list(workshop.guests.order_by("joined_at", "pk"))
    # What the list shows, in short: the poller gets an answer only when it changed.
    shown = "|".join(f"{g.pk}:{g.display_name}:{g.token == workshop.token}" for g in guests)
    seen = hashlib.sha256(f"{workshop.token}|{shown}".encode()).hexdigest()[:16]
    return {"workshop": workshop, "guests": guests, "guests_seen": seen}


@login_required
@require_http_methods(["GET", "POST"])
def workshop_panel(request: HttpRequest, map_id: int) -> HttpResponse:
    """The facilitator's page: start the workshop, show its link, code and QR code, steer it."""
    if request.method == "POST":
        workshops.workshop_start(user=request.user, map_id=map_id)
        messages.success(request, _("The workshop is open: share the link or the QR code."))
        return redirect("maps:workshop", map_id)
    journey_map = map_for(request.user, map_id, need="facilitate")
    workshop = workshops.open_workshop(journey_map)
    base = public_base(request)
    context: dict[str, Any] = {
        "journey_map": journey_map,
        "workshop": workshop,
        "public_base": base,
        "loopback": is_loopback(base),
        "join_url": _join_url(request, workshop) if workshop else "",
        "code_url": base + reverse("join"),
        "grace_hours": settings.PARCOURS_GUEST_GRACE_HOURS,
        "readable": workshops.readable_until(journey_map),
        "guests": [],
        # Without a workshop, pk=None excludes nothing (the stubs refuse None).
        "past": journey_map.workshops.exclude(pk=getattr(workshop, "pk", None))  # type: ignore[misc]
        .prefetch_related("guests")
        .order_by("-started_at")[:10],
    }
    if workshop is not None:
        context.update(_guests_context(workshop))
    return render(request, "maps/workshop.html", context)


def _reload_page() -> HttpResponse:
    response = HttpResponse(status=200)
    response["HX-Refresh"] = "true"
    return response


def workshop_guests(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """The guest list of the open workshop, polled by the workshop page.

    Nothing (204) when it has not changed since ``seen``, so the list (and a screen
    reader) is left alone; a reload of the page when the workshop is no longer open,
    or when the session has ended (rather than the login page inside the list).
    """
    if request.method == "GET" and request.htmx and not request.user.is_authenticated:
        return _reload_page()
    return _workshop_guests(request, map_id)


@login_required
@require_GET
def _workshop_guests(request: HttpRequest, map_id: int) -> HttpResponse:
    journey_map = map_for(request.user, map_id, need="facilitate")
    workshop = workshops.open_workshop(journey_map)
    if workshop is None:
        return _reload_page()
    context = _guests_context(workshop)
    if request.GET.get("seen") == context["guests_seen"]:
        return HttpResponse(status=204)
    return render(request, "maps/workshop.html#guest-list", context)


@login_required
@require_GET
def workshop_qr(request: HttpRequest, map_id: int) -> HttpResponse:
    """The join link as an SVG QR code, for the projector."""
    journey_map = map_for(request.user, map_id, need="facilitate")
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
    try:
        workshops.workshop_end(user=request.user, map_id=map_id)
    except workshops.LinkRevoked:
        messages.info(request, _("No workshop is open on this map."))
    else:
        hours = settings.PARCOURS_GUEST_GRACE_HOURS
        messages.success(
            request,
            ngettext(
                "The workshop has ended: guests can still read the map for %(hours)s hour.",
                "The workshop has ended: guests can still read the map for %(hours)s hours.",
                hours,
            )
            % {"hours": hours},
        )
    return redirect("maps:workshop", map_id)


@login_required
@require_POST
def guests_revoke(request: HttpRequest, map_id: int) -> HttpResponse:
    """Every guest of the map is out, now: their open tabs close. With ``end``, the open
    workshop ends too ("End and close access now"); else its link and code are replaced."""
    if request.POST.get("end") == "1":
        try:
            workshops.workshop_end(user=request.user, map_id=map_id, close_access=True)
        except workshops.LinkRevoked:
            pass
        else:
            messages.success(request, _("The workshop has ended and guests no longer see the map."))
            return redirect("maps:workshop", map_id)
    workshops.guests_revoke(user=request.user, map_id=map_id)
    messages.success(
        request,
        _("Every guest is out. To let people in again, share the new link or code."),
    )
    return redirect("maps:workshop", map_id)


@login_required
@require_POST
def workshop_rights(request: HttpRequest, map_id: int) -> HttpResponse:
    """The facilitator lets the guests delete and reorder stages and lanes, or not."""
    allowed = request.POST.get("guests_restructure") == "1"
    try:
        workshops.workshop_rights(user=request.user, map_id=map_id, guests_restructure=allowed)
    except workshops.LinkRevoked:
        messages.info(request, _("No workshop is open on this map."))
    else:
        messages.success(
            request,
            _("Guests may now delete and reorder stages and lanes.")
            if allowed
            else _("Only facilitators delete and reorder stages and lanes now."),
        )
    return redirect("maps:workshop", map_id)


@login_required
@require_POST
def map_lock(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
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
def join_with_code(request: HttpRequest) -> HttpResponse:
    """/join: the short code shown beside the QR code, typed on a phone; it leads to the
    same name form as the link. Wrong codes are limited per client address."""
    address = throttle.client_address(request)
    rate = settings.PARCOURS_WRONG_CODES_PER_ADDRESS
    error = ""
    status = 200
    if request.method == "POST":
        if throttle.exceeded("join-code", address, rate):
            error = _(
                "Too many wrong codes from this network. Wait ten minutes, or ask the "
                "facilitator for the link or the QR code."
            )
            status = 429
        else:
            workshop = workshops.workshop_for_code(request.POST.get("code", ""))
            if workshop is not None:
                return redirect(workshop.get_join_path())
            throttle.count("join-code", address, rate)
            error = _(
                "No open workshop has this code. Check it on the facilitator's screen: "
                "six letters and digits."
            )
            status = 422
    context = {"error": error, "code": request.POST.get("code", "")[:20]}
    return render(request, "maps/workshop_code.html", context, status=status)


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
    form: BaseForm = workshops.GuestForm()
    refusal: workshops.JoinRefused | None = None
    if request.method == "POST":
        try:
            _guest, user = workshops.guest_join(
                user=request.user,
                token=token,
                data=request.POST,
                address=throttle.client_address(request),
            )
        except workshops.Invalid as refused:
            form = refused.form
        except workshops.LinkRevoked:
            return render(request, "maps/workshop_link_gone.html", status=410)
        except workshops.JoinRefused as refused:
            form = workshops.GuestForm(initial={"display_name": request.POST.get("display_name")})
            refusal = refused
        else:
            if not request.user.is_authenticated:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(journey_map)
    context = {"form": form, "journey_map": journey_map, "workshop": workshop, "refusal": refusal}
    status = refusal.status if refusal else 422 if form.errors else 200
    return render(request, "maps/workshop_join.html", context, status=status)
