from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

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
    path("personas/", include("personas.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
