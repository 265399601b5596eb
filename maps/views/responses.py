from django.http import HttpResponse
from django_htmx.http import trigger_client_event

from journeymap.changes import ChangeRefused, Invalid
from maps import fragments
from maps.models import MapEvent

# The author's tab applies its own change in revision order, like every other event.
REVISION_HEADER = "Parcours-Revision"


def event_response(event: MapEvent) -> HttpResponse:
    """The answer to a change: the same fragments every other tab receives by socket."""
    response = HttpResponse(fragments.render_event(event))
    response[REVISION_HEADER] = str(event.revision)
    return response


def refused_toast(refusal: ChangeRefused, default: str = "") -> HttpResponse:
    """A control that cannot apply now: 422, and the reason as a toast where the user is."""
    if isinstance(refusal, Invalid):
        message = " ".join(
            str(error) for errors in refusal.form.errors.values() for error in errors
        )
    else:
        message = getattr(refusal, "message", "") or default
    return trigger_client_event(HttpResponse(status=422), "parcours:refused", {"message": message})


def with_notice(response: HttpResponse, message: str) -> HttpResponse:
    """A change that went through, said in a toast (an undo says what it took back)."""
    return trigger_client_event(response, "parcours:notice", {"message": message})
