from collections.abc import Callable
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse

from journeymap import errors


class FrenchFirstMiddleware:
    """French first: the language is the one chosen with the switch, not the browser's.

    Workshop rooms are full of laptops set to English; the team's language is
    French unless someone picks English. Runs before LocaleMiddleware, which
    then only looks at the language cookie and falls back to LANGUAGE_CODE.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RefuseNulBytesMiddleware:
    """A NUL byte in the path or the query string is a bad request (400), at once.

    PostgreSQL refuses NUL in text, so a search like ``/maps/?q=%00`` or a join link
    ``/w/%00/`` would otherwise reach a query and end in a 500. Form fields are
    covered by Django's own ``ProhibitNullCharactersValidator``; the filters and
    tokens read straight from the URL are covered here, in one place.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = unquote_plus(request.META.get("QUERY_STRING", ""))
        if "\x00" in request.path_info or "\x00" in query:
            # Django's handler400 answers: our 400 page, never a traceback.
            raise BadRequest("NUL byte in the URL")
        return self.get_response(request)


class TeamOnlyDebugPagesMiddleware:
    """With DEBUG on, Django's technical 404 page (every URL of the app) only for the team.

    Defence in depth for a laptop left with DEBUG on during a workshop: a guest, or
    anyone over the network, gets the friendly 404 page instead. Errors (500) are
    handled by ``errors.TeamOnlyExceptionReporter``; 403 pages are never technical.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # No URL matched: Django answered with its URL list.
        if (
            settings.DEBUG
            and response.status_code == 404
            and request.resolver_match is None
            and not errors.sees_debug_pages(request)
        ):
            return errors.page_not_found(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # A view raised Http404: Django would answer with the technical page.
        if (
            settings.DEBUG
            and isinstance(exception, Http404)
            and not errors.sees_debug_pages(request)
        ):
            return errors.page_not_found(request, exception)
        return None
