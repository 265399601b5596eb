"""Share links: the facilitators' pages of a map's links, and the page a link opens.

The public pages take no login: the link's token is the only key, and it opens one
map as it is now, read only. Every request checks the link again
(``access.check_share_link``), so a revoked or expired link stops at once.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from maps import presentation, share_links, shared_render, state_grid, throttle
from maps.map_state import state_of
from maps.models import JourneyMap, ShareLink
from maps.persona_curves import state_personas
from maps.share_links import ShareLinkEditForm, ShareLinkForm
from maps.views.lookup import map_for
from workspaces import access

# Manage (facilitators) -----------------------------------------------------------

CREATED = "parcours_share_created"


def _manage_context(journey_map: JourneyMap, form: ShareLinkForm, **extra) -> dict:
    return {
        "journey_map": journey_map,
        "links": journey_map.share_links.select_related("created_by"),
        "form": form,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def share_manage(request: HttpRequest, map_id: int) -> HttpResponse:
    """The map's links, newest first, and the form for a new one. The new link's address
    is shown once, on the page after the creation: the database keeps only its hash."""
    journey_map = map_for(request.user, map_id)
    access.check_share_map(request.user, journey_map)
    if request.method == "POST":
        form = ShareLinkForm(request.POST)
        if not form.is_valid():
            context = _manage_context(journey_map, form)
            return render(request, "maps/share_manage.html", context, status=422)
        link, token = share_links.link_create(
            user=request.user,
            journey_map=journey_map,
            label=form.cleaned_data["label"],
            password=form.cleaned_data["password"],
            expires_on=form.cleaned_data["expires_on"],
            allow_pdf=form.cleaned_data["allow_pdf"],
        )
        # Kept in the session until the next page shows it, once: reloading that page
        # neither creates a second link nor shows the address again.
        request.session[CREATED] = {"id": link.pk, "token": token}
        return redirect("maps:share", map_id)
    extra = {}
    created = request.session.pop(CREATED, None)
    if created:
        shown = journey_map.share_links.filter(pk=created.get("id")).first()
        if shown is not None:
            address = reverse("share-map", args=[created.get("token", "")])
            extra = {"created": shown, "address": request.build_absolute_uri(address)}
    context = _manage_context(journey_map, ShareLinkForm(), **extra)
    return render(request, "maps/share_manage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def share_edit(request: HttpRequest, map_id: int, link_id: int) -> HttpResponse:
    """Change a link's label, expiry, password or PDF; a revoked link is not edited."""
    journey_map = map_for(request.user, map_id)
    access.check_share_map(request.user, journey_map)
    link = journey_map.share_links.filter(pk=link_id).first()
    if link is None:
        raise Http404
    context: dict = {"journey_map": journey_map, "link": link}
    if link.revoked_at is not None:
        return render(request, "maps/share_edit.html", context, status=409)
    form = ShareLinkEditForm(request.POST or None, link=link)
    if request.method == "POST":
        if form.is_valid():
            try:
                share_links.link_update(
                    user=request.user,
                    journey_map=journey_map,
                    link_id=link.pk,
                    label=form.cleaned_data["label"],
                    expires_on=form.cleaned_data["expires_on"],
                    allow_pdf=form.cleaned_data["allow_pdf"],
                    password=form.new_password(),
                )
            except share_links.LinkRevoked:
                # Revoked by someone else since the page was opened.
                link.refresh_from_db()
                return render(request, "maps/share_edit.html", context, status=409)
            messages.success(
                request,
                _("The link “%(label)s” is saved.") % {"label": form.cleaned_data["label"]},
            )
            return redirect("maps:share", map_id)
        context["form"] = form
        return render(request, "maps/share_edit.html", context, status=422)
    context["form"] = form
    return render(request, "maps/share_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def share_revoke(request: HttpRequest, map_id: int, link_id: int) -> HttpResponse:
    """Revoking asks first; then the link stops working for everyone at once."""
    journey_map = map_for(request.user, map_id)
    if request.method == "POST":
        link = share_links.link_revoke(user=request.user, journey_map=journey_map, link_id=link_id)
        messages.success(request, _("The link “%(label)s” is revoked.") % {"label": link.label})
        return redirect("maps:share", map_id)
    access.check_share_map(request.user, journey_map)
    found = journey_map.share_links.filter(pk=link_id).first()
    if found is None:
        raise Http404
    return render(request, "maps/share_revoke.html", {"journey_map": journey_map, "link": found})


# The shared page (anyone holding the link) -----------------------------------------


def ended_page(request: HttpRequest, reason: str) -> HttpResponse:
    # 410: the link existed and works no more. The page says why, plainly.
    return render(request, "maps/share_ended.html", {"reason": reason}, status=410)


def _shared_context(link: ShareLink, journey_map: JourneyMap) -> dict:
    # Called once the link is checked: the map's part is the same for every viewer.
    return {
        "link": link,
        "shared": shared_render.shared_map(journey_map),
        "revision": journey_map.revision,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def shared_map(request: HttpRequest, token: str) -> HttpResponse:
    """The map the link opens, after its password if it has one."""
    try:
        link, journey_map = share_links.opened(token, request.session)
    except access.LinkEnded as ended:
        return ended_page(request, ended.reason)
    except share_links.Locked as locked:
        return _password_door(request, locked.link, token)
    share_links.touch(link)
    return render(request, "maps/share_page.html", _shared_context(link, journey_map))


def _password_door(request: HttpRequest, link: ShareLink, token: str) -> HttpResponse:
    context: dict = {"error": ""}
    if request.method == "POST":
        # Per link and address: guessing one link's password is slow, and one visitor's
        # mistakes do not lock out the others.
        subject = f"{link.pk}:{throttle.client_address(request)}"
        rate = share_links.PASSWORD_RATE
        if throttle.exceeded("share-password", subject, rate):
            context["error"] = _("Too many wrong passwords. Wait a quarter of an hour, then retry.")
            return render(request, "maps/share_password.html", context, status=429)
        password = request.POST.get("password", "")[:128]
        if share_links.unlock(request.session, link, password):
            return redirect("share-map", token)
        throttle.count("share-password", subject, rate)
        context["error"] = _("This password is not the right one.")
        return render(request, "maps/share_password.html", context, status=422)
    return render(request, "maps/share_password.html", context)


def _opened_or_notice(
    request: HttpRequest, token: str
) -> tuple[ShareLink, JourneyMap] | HttpResponse:
    """For what an open shared page asks: the link and its map, or the notice saying why
    the link ended, as a 200 so that the page shows it (htmx swaps no error)."""
    try:
        link, journey_map = share_links.opened(token, request.session)
    except Http404:
        # The map was deleted (and its links with it) while the page was open.
        return render(request, "maps/share_ended.html#ended", {"reason": "gone"})
    except access.LinkEnded as ended:
        return render(request, "maps/share_ended.html#ended", {"reason": ended.reason})
    except share_links.Locked:
        return render(request, "maps/share_ended.html#ended", {"reason": "password"})
    share_links.touch(link)
    return link, journey_map


@never_cache
@require_GET
def shared_changes(request: HttpRequest, token: str) -> HttpResponse:
    """What the open shared page asks every few seconds: nothing (204) while the map is
    unchanged, the map again when it changed, the notice when the link ended."""
    opened = _opened_or_notice(request, token)
    if isinstance(opened, HttpResponse):
        return opened
    link, journey_map = opened
    # The PDF button follows an edit of the link too (its socket says "changed").
    pdf = "1" if link.allow_pdf else "0"
    unchanged = request.GET.get("revision") == str(journey_map.revision)
    if unchanged and request.GET.get("pdf", pdf) == pdf:
        return HttpResponse(status=204)
    context = _shared_context(link, journey_map)
    return render(request, "maps/share_page.html#shared-map", context)


@never_cache
@require_GET
def shared_present(request: HttpRequest, token: str) -> HttpResponse:
    """The shared map as slides (maps.views.presentation's page), checked like the shared
    page: the token names the one map it opens, and a password link asks first."""
    try:
        link, journey_map = share_links.opened(token, request.session)
    except access.LinkEnded as ended:
        return ended_page(request, ended.reason)
    except share_links.Locked:
        return redirect("share-map", token)
    share_links.touch(link)
    context = {
        **_shared_deck(journey_map),
        "exit_url": reverse("share-map", args=[token]),
        "deck_url": reverse("share-present-deck", args=[token]),
        "share_socket": f"/ws/s/{token}/",
        "shared": True,
        "can_lead": False,
    }
    return render(request, "maps/presentation.html", context)


def _shared_deck(journey_map: JourneyMap) -> dict:
    # What the shared page shows: the map as its state says, persona names only.
    state = state_of(journey_map)
    grid = state_grid.grid_of(journey_map, state)
    actions = state_grid.actions_of(journey_map, state)
    deck = presentation.build(journey_map, grid, actions, state_personas(state))
    return {"journey_map": journey_map, "deck": deck}


@never_cache
@require_GET
def shared_present_deck(request: HttpRequest, token: str) -> HttpResponse:
    """What an open shared presentation asks when its link's socket says "changed" (and
    every 30 s): nothing (204) at the page's ``?revision=``, the slides again when the map
    changed, the ended notice (200, for the page to show) when the link no longer opens it."""
    opened = _opened_or_notice(request, token)
    if isinstance(opened, HttpResponse):
        return opened
    _link, journey_map = opened
    if request.GET.get("revision") == str(journey_map.revision):
        return HttpResponse(status=204)
    return render(request, "maps/presentation.html#slides", _shared_deck(journey_map))
