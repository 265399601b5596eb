from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from journeymap.views import favicon
from maps.views.share import shared_changes, shared_map, shared_present, shared_present_deck
from maps.views.share_pdf import shared_pdf
from maps.views.workshops import join_with_code, workshop_join

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="maps:list", permanent=False), name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", include("journeymap.account_urls")),
    path("workspaces/", include("workspaces.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("maps/", include("maps.urls")),
    # Short, for the QR code on the projector.
    path("w/<str:token>/", workshop_join, name="workshop-join"),
    # The short code beside the QR code, typed on a phone.
    path("join/", join_with_code, name="join"),
    # A map's read-only share link (maps.views.share): no login, the token is the key.
    path("s/<str:token>/", shared_map, name="share-map"),
    path("s/<str:token>/changes/", shared_changes, name="share-changes"),
    path("s/<str:token>/pdf/", shared_pdf, name="share-pdf"),
    path("s/<str:token>/present/", shared_present, name="share-present"),
    path("s/<str:token>/present/deck/", shared_present_deck, name="share-present-deck"),
    path("personas/", include("personas.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
]

# Friendly pages in the visitor's language (journeymap/errors.py).
handler400 = "journeymap.errors.bad_request"
handler403 = "journeymap.errors.permission_denied"
handler404 = "journeymap.errors.page_not_found"
handler500 = "journeymap.errors.server_error"

# No /media/ route, in any mode: persona photos are served by personas:photo, which
# checks that the visitor may see the persona (docs/deploy.md says so to nginx too).
