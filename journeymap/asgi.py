import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journeymap.settings")
# Load Django's apps before anything imports models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from journeymap.origins import SameOriginValidator  # noqa: E402
from maps.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Same session login as the pages; the Origin must be the page's own (scheme,
        # host and port), so another site cannot open a socket with the user's cookies.
        "websocket": SameOriginValidator(
            # Django's path() for Channels routes: see maps/routing.py.
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))  # type: ignore[arg-type]
        ),
    }
)
