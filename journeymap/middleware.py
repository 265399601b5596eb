from collections.abc import Callable
from urllib.parse import unquote_plus

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


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
