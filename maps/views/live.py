"""What a tab missed while its socket was down."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from maps import fragments, live
from maps.views.lookup import map_for
from workspaces import access


@login_required
@require_GET
def catch_up(request: HttpRequest, map_id: int) -> JsonResponse:
    """Everything after the revision the tab last applied (``?since=N``), as one message."""
    journey_map = map_for(request.user, map_id)
    try:
        since = int(request.GET.get("since", ""))
    except ValueError:
        since = -1
    message = live.catch_up(journey_map, since)
    if message["html"] and access.can_facilitate_map(request.user, journey_map):
        # Who has used all their dots: theirs to see, after the redrawn panel.
        message["html"] += fragments.finished_fragment(journey_map)
    response = JsonResponse(message)
    response["Cache-Control"] = "no-store"
    return response
