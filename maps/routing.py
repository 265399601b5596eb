from django.urls import path

from maps.consumers import MapConsumer
from maps.share_consumer import ShareConsumer

# Channels routes with Django's own ``path``, which django-stubs types for views
# only (and types-channels' URLRouter for its own pattern type): the stubs disagree.
websocket_urlpatterns = [
    path("ws/maps/<int:map_id>/", MapConsumer.as_asgi()),  # type: ignore[arg-type]
    # An open shared page (a read-only share link): see maps.share_consumer.
    path("ws/s/<str:token>/", ShareConsumer.as_asgi()),  # type: ignore[arg-type]
]
