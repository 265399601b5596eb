from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the pages link to: send them to the SVG."""
    response = redirect(static("favicon.svg"))
    patch_cache_control(response, public=True, max_age=24 * 3600)
    return response
