from collections.abc import Callable

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
