"""The app's URLs plus views that fail on purpose, for the error page tests."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.urls import path

from journeymap import errors
from journeymap.urls import handler400, handler403, handler404, handler500  # noqa: F401
from journeymap.urls import urlpatterns as app_urlpatterns


def bad(request):
    raise BadRequest("a malformed request")


def forbidden(request):
    raise PermissionDenied


def missing(request):
    raise Http404("No map 12345 in workspace 'Concurrent'")


def broken(request):
    raise RuntimeError("the secret internals of the failure")


urlpatterns = [
    path("test-errors/400/", bad),
    path("test-errors/403/", forbidden),
    path("test-errors/404/", missing),
    path("test-errors/410/", errors.gone),
    path("test-errors/500/", broken),
    *app_urlpatterns,
]
