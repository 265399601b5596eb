"""Password reset with a throttle: a flood of emails is neither sent nor revealed."""

from __future__ import annotations

import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect

from journeymap import throttle

logger = logging.getLogger(__name__)
HOUR = 3600


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, sending at most a few emails per hour per address.

    Per email address (one inbox cannot be flooded) and per client address (one
    machine cannot walk through every inbox). Over either limit, nothing is
    sent and the answer is the usual "check your email" page, so the throttle
    tells nothing more than the form does: not whether an account exists, not
    whether an email left.
    """

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        client = get_client_ip_address(self.request) or "unknown"
        by_email = throttle.allow(
            "reset-email", email, limit=settings.PASSWORD_RESET_EMAILS_PER_HOUR, period=HOUR
        )
        by_client = throttle.allow(
            "reset-client", client, limit=settings.PASSWORD_RESET_REQUESTS_PER_HOUR, period=HOUR
        )
        if by_email and by_client:
            return super().form_valid(form)
        logger.warning("Password reset throttled (client %s)", client)
        return HttpResponseRedirect(self.get_success_url())
