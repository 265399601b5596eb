"""Error pages: friendly, in the visitor's language, and never Django's debug pages for guests.

The pages are rendered without the request's context (no user, no database query):
whatever went wrong must not break the page that says so.
"""

from __future__ import annotations

import ipaddress
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.debug import ExceptionReporter


def error_page(status: int) -> HttpResponse:
    return HttpResponse(render_to_string(f"{status}.html"), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page; an htmx request also gets the refusal's own words, which
    ``static/js/parcours.js`` shows where the user is ("Only the facilitator can…")."""
    response = error_page(403)
    message = str(exception or "")
    if message and request.headers.get("HX-Request") == "true":
        response["HX-Trigger"] = json.dumps({"parcours:refused": {"message": message}})
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(404)


def gone(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """For a link that worked once and never will again (a replaced or expired link)."""
    return error_page(410)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(500)


def sees_debug_pages(request: HttpRequest) -> bool:
    """With DEBUG on, Django's technical pages (URL list, settings, traceback) are for a
    member of a workspace on this very machine: never for a guest, nor over the network."""
    try:
        on_this_machine = ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False
    # Imported here: Django loads the reporter below while it configures logging,
    # before the apps (and their models) are ready.
    from workspaces import access

    user = getattr(request, "user", None)
    return bool(
        on_this_machine
        and user is not None
        and user.is_authenticated
        and access.workspace_ids(user)
        and not user.guest_passes.exists()
    )


class TeamOnlyExceptionReporter(ExceptionReporter):
    """With DEBUG on, Django answers an error with this reporter's page: the traceback
    for the team on this machine, the friendly 500 page for everyone else. (With DEBUG
    off, Django never shows it; the log keeps the traceback either way.)"""

    def get_traceback_html(self) -> SafeString:
        if settings.DEBUG and not (self.request and sees_debug_pages(self.request)):
            return render_to_string("500.html")
        return super().get_traceback_html()

    # The stubs say SafeString; Django writes the text into a plain-text response.
    def get_traceback_text(self) -> str:  # type: ignore[override]
        if settings.DEBUG and not (self.request and sees_debug_pages(self.request)):
            return gettext("Something went wrong on the server. Please try again in a moment.")
        return super().get_traceback_text()
