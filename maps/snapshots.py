"""Snapshots: a named, read-only copy of the whole map at a revision.

A snapshot stores the map's state (``maps.map_state``) as zlib-compressed
JSON: taking one reads the map in a fixed number of queries, never the event
log, and a 400-card map costs tens of kilobytes. Snapshots are taken by hand
(facilitators, with a name), when a workshop ends, and before a snapshot is
restored in place. They are kept until a facilitator deletes one taken by
hand, or until the map is deleted.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from journeymap.changes import Invalid
from maps.forms import SnapshotForm
from maps.map_state import pack, state_of, unpack
from maps.models import JourneyMap, Snapshot, SnapshotReason, Workshop
from workspaces import access


def take(
    journey_map: JourneyMap,
    *,
    name: str,
    reason: str = SnapshotReason.MANUAL,
    user=None,
    workshop: Workshop | None = None,
) -> Snapshot:
    """Keep the map as it stands now. The caller holds the map's lock when it matters
    (inside a change), so that the state and its revision agree."""
    state = state_of(journey_map)
    data = pack(state)
    return Snapshot.objects.create(
        journey_map=journey_map,
        name=name[:120],
        reason=reason,
        revision=journey_map.revision,
        state=data,
        size=len(data),
        workshop=workshop,
        created_by=user if user is not None and user.is_authenticated else None,
    )


def load(snapshot: Snapshot) -> dict:
    """The map as the snapshot kept it."""
    return unpack(snapshot.state)


def workshop_name(workshop: Workshop) -> str:
    """ "Workshop of 25 November 2026", in the language of whoever ends it."""
    ended = timezone.localtime(workshop.ended_at or timezone.now())
    return _("Workshop of %(date)s") % {"date": date_format(ended, "j F Y")}


def at_workshop_end(journey_map: JourneyMap, workshop: Workshop, *, user) -> Snapshot:
    return take(
        journey_map,
        name=workshop_name(workshop),
        reason=SnapshotReason.WORKSHOP,
        user=user,
        workshop=workshop,
    )


def snapshot_take(*, user, map_id: int, data) -> Snapshot:
    """A snapshot taken by hand, named: the facilitators' call. Not a change of the map
    (no revision, no event), but taken under the map's lock so that what it keeps is one
    revision's map."""
    with transaction.atomic():
        journey_map = _locked_for(user, map_id)
        form = SnapshotForm(data)
        if not form.is_valid():
            raise Invalid(form)
        return take(journey_map, name=form.cleaned_data["name"], user=user)


def snapshot_delete(*, user, map_id: int, snapshot_id: int) -> None:
    """Facilitators delete the snapshots taken by hand; the automatic ones stay, since
    they are what a workshop or a restore left behind."""
    with transaction.atomic():
        snapshot = find(_locked_for(user, map_id), snapshot_id)
        check_deletable(snapshot)
        snapshot.delete()


def deletable(snapshot: Snapshot) -> bool:
    """The rule the app and the Django admin share: only a snapshot taken by hand goes.
    An automatic one is what a workshop left, or what undoing a restore puts back."""
    return snapshot.reason == SnapshotReason.MANUAL


def check_deletable(snapshot: Snapshot) -> None:
    if not deletable(snapshot):
        raise PermissionDenied(_("Only a snapshot taken by hand can be deleted."))


def _locked_for(user, map_id: int) -> JourneyMap:
    """The map's row, locked (inside a transaction), if ``user`` facilitates it."""
    journey_map = JourneyMap.objects.select_for_update().filter(pk=map_id).first()
    if journey_map is None:
        raise Http404
    access.check_facilitate_map(user, journey_map)
    return journey_map


def find(journey_map: JourneyMap | int, snapshot_id: int) -> Snapshot:
    """The map's snapshot by id; another map's (or none) is a 404."""
    snapshot = Snapshot.objects.filter(pk=snapshot_id, journey_map=journey_map).first()
    if snapshot is None:
        raise Http404
    return snapshot
