"""Whole pages: the map list, creating a map, the editor, the map's settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import reswap, retarget

from journeymap.requests import HtmxHttpRequest
from maps import coverage_counts, fragments, panel, services
from maps.forms import MapCreateForm, MapScopeForm
from maps.grid import build_grid
from maps.views.criteria import criteria_context
from maps.views.lookup import map_for
from maps.views.responses import event_response
from workspaces import access
from workspaces.models import Invitation

PAGE_SIZE = 24


@login_required
@require_GET
def map_list(request: HtmxHttpRequest) -> HttpResponse:
    maps = (
        access.visible_maps(request.user)
        .select_related("journey_type")
        .prefetch_related("personas")
        .order_by("-updated_at", "-pk")
    )
    query = request.GET.get("q", "").strip()[:200]
    if query:
        maps = maps.filter(
            Q(title__icontains=query) | Q(targets__icontains=query) | Q(offers__icontains=query)
        )
    journey_type = request.GET.get("type", "")
    if journey_type:
        maps = maps.filter(journey_type__slug=journey_type)
    persona = request.GET.get("persona", "")
    if persona.isdigit():
        maps = maps.filter(personas__pk=int(persona))
    workspace = access.current_workspace(request.user)
    # Several workspaces: the list shows the one picked with the switcher.
    maps = maps.filter(workspace=workspace)
    page = Paginator(maps.distinct(), PAGE_SIZE).get_page(request.GET.get("page"))
    # Each map with its share of backed items: one statement for the whole page.
    shown = list(page.object_list)
    coverages = coverage_counts.of_maps(journey_map.pk for journey_map in shown)
    context = {
        "page": page,
        "maps_shown": [(journey_map, coverages[journey_map.pk]) for journey_map in shown],
        "query": query,
        "journey_types": access.visible_journey_types(request.user, workspace),
        "personas": access.visible_personas(request.user)
        .filter(workspace=workspace)
        .order_by("name"),
        "selected_type": journey_type,
        "selected_persona": persona,
        "filtered": bool(query or journey_type or persona),
        "can_create": access.can_create_map(request.user, workspace),
    }
    if request.htmx:
        return render(request, "maps/map_list.html#map-results", context)
    # The page people land on after logging in: it says when an invitation waits.
    context["invitations_waiting"] = Invitation.objects.waiting_for(request.user).count()
    return render(request, "maps/map_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def map_create(request: HttpRequest) -> HttpResponse:
    workspace = access.check_create_in(request.user, access.current_workspace(request.user))
    if request.method == "POST":
        try:
            journey_map = services.map_create(
                user=request.user, workspace=workspace, data=request.POST
            )
        except services.Invalid as refused:
            return render(request, "maps/map_create.html", {"form": refused.form}, status=422)
        messages.success(request, _("Map created. Click any text to edit it."))
        return redirect(journey_map)
    form = MapCreateForm(workspace=workspace)
    return render(request, "maps/map_create.html", {"form": form})


@login_required
@require_GET
def map_detail(request: HttpRequest, map_id: int) -> HttpResponse:
    journey_map = map_for(request.user, map_id, prefetch=("personas", "workshops"))
    user = request.user
    if access.role_in(user, journey_map.workspace_id) in access.EDITOR_ROLES:
        role = "editor"
    elif access.role_in(user, journey_map.workspace_id) is not None:
        role = "reader"
    else:
        role = "guest"
    plan = fragments.action_plan_context(journey_map)
    grid = build_grid(journey_map)
    context = {
        **fragments.base_context(),
        **plan,
        **criteria_context(journey_map, grid, plan["actions"]),
        "journey_map": journey_map,
        "grid": grid,
        "can_edit": access.can_edit_map(user, journey_map),
        "can_facilitate": access.can_facilitate_map(user, journey_map),
        # Decides, with the map's lock and workshop state, which controls the page shows.
        "role": role,
        **panel.context(journey_map, facilitator=access.can_facilitate_map(user, journey_map)),
    }
    return render(request, "maps/map_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def map_settings(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """Title, scope, journey type and personas, edited in place above the grid."""
    template = "maps/map_settings.html"
    if request.method == "POST":
        return _settings_save(request, map_id, template)
    journey_map = map_for(request.user, map_id, prefetch=("personas",))
    if journey_map.locked and not request.htmx:
        # Nobody edits a locked map, but its facilitators find the unlock button here.
        access.check_facilitate_map(request.user, journey_map)
        return render(request, template, {"form": None, "journey_map": journey_map})
    access.check_manage_map(request.user, journey_map)
    form = MapScopeForm(
        instance=journey_map,
        workspace=journey_map.workspace,
        initial={"version": journey_map.version},
    )
    if request.htmx:
        template += "#map-settings-form"
    return render(request, template, {"form": form, "journey_map": journey_map})


def _settings_save(request: HtmxHttpRequest, map_id: int, template: str) -> HttpResponse:
    try:
        event = services.map_update(user=request.user, map_id=map_id, data=request.POST)
    except (services.Invalid, services.Conflict) as refused:
        context = {
            "form": refused.form,
            "journey_map": map_for(request.user, map_id, prefetch=("personas",)),
            "conflict": getattr(refused, "current", None),
        }
        status = 409 if isinstance(refused, services.Conflict) else 422
        if not request.htmx:
            return render(request, template, context, status=status)
        response = render(request, template + "#map-settings-form", context, status=status)
        # The form posts with hx-swap="none"; a refusal swaps it in place instead.
        return reswap(retarget(response, "#map-header"), "outerHTML")
    if not request.htmx:
        return redirect("maps:detail", map_id)
    return event_response(event)


@login_required
@require_http_methods(["GET", "POST"])
def map_delete(request: HttpRequest, map_id: int) -> HttpResponse:
    # Loaded before a POST too: the message names the map once it is gone.
    journey_map = map_for(request.user, map_id, need="manage")
    if request.method == "POST":
        services.map_delete(user=request.user, map_id=map_id)
        messages.success(request, _("The map “%(title)s” was deleted.") % {"title": journey_map})
        return redirect("maps:list")
    counts = {
        "stages": journey_map.stages.count(),
        "touchpoints": journey_map.touchpoints.count(),
        "cards": journey_map.cards.count(),
    }
    return render(request, "maps/map_delete.html", {"journey_map": journey_map, **counts})
