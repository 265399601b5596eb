"""Snapshots of a map: the list, one snapshot as the map was, the diff, restoring, deleting.

Reading them is for whoever may read the map; taking, deleting and restoring in
place for its facilitators; restoring as a new map for whoever creates maps in
its workspace. Every change goes through a service (``maps.snapshots``,
``maps.restore``), which checks access itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from journeymap.changes import Invalid
from maps import comparison, fragments, restore, snapshots, state_grid
from maps.diff import diff as diff_states
from maps.forms import SnapshotForm
from maps.map_state import unpack
from maps.models import JourneyMap, Snapshot, SnapshotReason
from maps.views.lookup import map_for
from workspaces import access

NOW = "now"


def _list_context(request: HttpRequest, journey_map: JourneyMap, form: SnapshotForm | None):
    return {
        "journey_map": journey_map,
        "snapshots": journey_map.snapshots.select_related("created_by", "workshop"),
        "can_facilitate": access.can_facilitate_map(request.user, journey_map),
        "form": form or SnapshotForm(),
        "manual": SnapshotReason.MANUAL,
    }


@login_required
@require_http_methods(["GET", "POST"])
def snapshot_list(request: HttpRequest, map_id: int) -> HttpResponse:
    """The map's snapshots, newest first; facilitators take one here."""
    if request.method == "POST":
        try:
            snapshot = snapshots.snapshot_take(user=request.user, map_id=map_id, data=request.POST)
        except Invalid as refused:
            journey_map = map_for(request.user, map_id)
            context = _list_context(request, journey_map, refused.form)  # type: ignore[arg-type]
            return render(request, "maps/snapshot_list.html", context, status=422)
        messages.success(request, _("Snapshot “%(name)s” taken.") % {"name": snapshot.name})
        return redirect("maps:snapshots", map_id)
    journey_map = map_for(request.user, map_id)
    return render(request, "maps/snapshot_list.html", _list_context(request, journey_map, None))


@login_required
@require_GET
def snapshot_detail(request: HttpRequest, map_id: int, snapshot_id: int) -> HttpResponse:
    """The map exactly as the snapshot kept it: grid, emotion curve, action plan; read only."""
    journey_map = map_for(request.user, map_id)
    snapshot = snapshots.find(journey_map, snapshot_id)
    state = unpack(snapshot.state)
    context = {
        **fragments.base_context(),
        "journey_map": journey_map,
        "snapshot": snapshot,
        "state": state,
        "journey_type": state_grid.journey_type_name(state),
        "grid": state_grid.grid_of(journey_map, state),
        "actions": state_grid.actions_of(journey_map, state),
        "read_only": True,
        "can_facilitate": access.can_facilitate_map(request.user, journey_map),
    }
    return render(request, "maps/snapshot_detail.html", context)


def _snapshot_or_now(journey_map: JourneyMap, value: str | None) -> Snapshot | None:
    if value == NOW:
        return None
    try:
        return snapshots.find(journey_map, int(value or ""))
    except ValueError:
        raise Http404 from None


@login_required
@require_GET
def map_diff(request: HttpRequest, map_id: int) -> HttpResponse:
    """What changed from one snapshot to another, or to now (``?from=<id>&to=<id|now>``)."""
    journey_map = map_for(request.user, map_id)
    if not request.GET.get("from"):
        return redirect("maps:snapshots", map_id)
    before = _snapshot_or_now(journey_map, request.GET.get("from"))
    if before is None:
        raise Http404
    after = _snapshot_or_now(journey_map, request.GET.get("to") or NOW)
    context = {
        "journey_map": journey_map,
        "comparison": comparison.compare(journey_map, before, after),
    }
    return render(request, "maps/map_diff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def snapshot_restore(request: HttpRequest, map_id: int, snapshot_id: int) -> HttpResponse:
    """What restoring would change, then the choice: in place, or as a new map."""
    if request.method == "POST":
        if request.POST.get("as") == "new":
            copy = restore.restore_as_new(user=request.user, map_id=map_id, snapshot_id=snapshot_id)
            messages.success(request, _("The snapshot is now a map of its own."))
            return redirect(copy)
        try:
            restore.restore_in_place(user=request.user, map_id=map_id, snapshot_id=snapshot_id)
        except restore.RestoreRefused as refused:
            messages.error(request, refused.message)
            return redirect("maps:snapshot-restore", map_id, snapshot_id)
        messages.success(request, _("The map is back as the snapshot kept it."))
        return redirect("maps:detail", map_id)
    journey_map = map_for(request.user, map_id, need="facilitate")
    snapshot = snapshots.find(journey_map, snapshot_id)
    # What will change: from the map now to the snapshot.
    changes = diff_states(
        comparison.state_at(journey_map, None), comparison.state_at(journey_map, snapshot)
    )
    context = {
        "journey_map": journey_map,
        "snapshot": snapshot,
        "changes": changes,
        "can_create": access.can_create_map(request.user, journey_map.workspace),
        "locked": journey_map.locked,
    }
    return render(request, "maps/snapshot_restore.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def snapshot_delete(request: HttpRequest, map_id: int, snapshot_id: int) -> HttpResponse:
    if request.method == "POST":
        snapshots.snapshot_delete(user=request.user, map_id=map_id, snapshot_id=snapshot_id)
        messages.success(request, _("Snapshot deleted."))
        return redirect("maps:snapshots", map_id)
    journey_map = map_for(request.user, map_id, need="facilitate")
    snapshot = snapshots.find(journey_map, snapshot_id)
    if snapshot.reason != SnapshotReason.MANUAL:
        raise Http404
    return render(
        request, "maps/snapshot_delete.html", {"journey_map": journey_map, "snapshot": snapshot}
    )
