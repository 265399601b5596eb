from django.http import HttpResponse

from maps import fragments
from maps.models import MapEvent

# The author's tab applies its own change in revision order, like every other event.
REVISION_HEADER = "Parcours-Revision"


def event_response(event: MapEvent) -> HttpResponse:
    """The answer to a change: the same fragments every other tab receives by socket."""
    response = HttpResponse(fragments.render_event(event))
    response[REVISION_HEADER] = str(event.revision)
    return response
