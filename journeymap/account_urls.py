"""Password change and reset: Django's own views with our templates.

A reset link is also how an invited member sets their first password
(``workspaces.invitations``), so both use ``password_reset_confirm``.
Asking for a reset is throttled (``journeymap.account_views``).
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from journeymap.account_views import ThrottledPasswordResetView

urlpatterns = [
    path("change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path(
        "reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
