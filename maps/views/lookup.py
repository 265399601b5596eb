"""The one way a view loads a map: by id, for a user, with what the user needs to do.

``workspaces.access`` judges; this module only names its checks. Outsiders get a
404 (the map's existence is a secret), members without the right a 403.

A view that hands the change to a service (``maps.services``, ``maps.workshops``,
...) does not load the map first: the service checks access itself, inside the
transaction that writes. A view loads the map when it renders it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from django.http import Http404

from maps.models import JourneyMap
from workspaces import access

Need = Literal["view", "edit", "manage", "facilitate", "vote", "export"]

CHECKS: dict[str, Callable[..., None]] = {
    "view": access.check_view_map,
    "edit": access.check_edit_map,
    "manage": access.check_manage_map,
    "facilitate": access.check_facilitate_map,
    "vote": access.check_vote_map,
    "export": access.check_export_map,
}


def map_for(user, map_id: int, need: Need = "view", prefetch: tuple[str, ...] = ()) -> JourneyMap:
    """The map, if ``user`` may do what ``need`` names with it; else 404 or 403.

    ``prefetch`` names the relations the page shows (its personas, its workshops).
    """
    check = CHECKS[need]
    journey_map = (
        JourneyMap.objects.select_related("journey_type", "workspace")
        .prefetch_related(*prefetch)
        .filter(pk=map_id)
        .first()
    )
    if journey_map is None:
        raise Http404
    check(user, journey_map)
    return journey_map
