"""Read-only links to one map: creating, finding, revoking, and the password's door.

Only a SHA-256 of each link's secret is stored (``ShareLink.token_hash``): a secret of
``secrets.token_urlsafe(32)`` (256 bits) needs no slow hash, and a lookup by hash is
one indexed query. Access is judged by ``workspaces.access``.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from datetime import timedelta
from functools import partial

from django import forms
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maps import live
from maps.models import JourneyMap, ShareLink
from workspaces import access

# "Last used" is written at most this often per link: a page open on a projector
# polls, and each poll need not be a write.
TOUCH_EVERY = timedelta(minutes=1)
# Wrong passwords per link and address: 5 in 15 minutes.
PASSWORD_RATE = (5, 15 * 60)
SESSION_KEY = "parcours_share_links"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLinkForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=80,
        help_text=_("Who the link is for, e.g. “Management committee”."),
    )
    password = forms.CharField(
        label=_("Password (optional)"),
        max_length=128,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    expires_on = forms.DateField(
        label=_("Expires after (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The link stops working at the end of that day."),
    )

    def clean_expires_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        if day is not None and day > timezone.localdate() + timedelta(days=3660):
            raise forms.ValidationError(_("Choose a day within ten years."))
        return day


def _end_of(day: datetime.date) -> datetime.datetime:
    midnight = datetime.datetime.combine(day + timedelta(days=1), datetime.time())
    return timezone.make_aware(midnight)


def link_create(
    *, user, journey_map: JourneyMap, label: str, password: str, expires_on
) -> tuple[ShareLink, str]:
    """A new link and its secret, which is shown once and never stored."""
    access.check_share_map(user, journey_map)
    token = secrets.token_urlsafe(32)
    link = ShareLink.objects.create(
        journey_map=journey_map,
        token_hash=hash_token(token),
        label=label,
        password=make_password(password) if password else "",
        expires_at=_end_of(expires_on) if expires_on else None,
        created_by=user,
    )
    return link, token


def link_revoke(*, user, journey_map: JourneyMap, link_id: int) -> ShareLink:
    """Revoke at once: the next request through the link is refused, and open pages
    learn it at their next check."""
    access.check_share_map(user, journey_map)
    with transaction.atomic():
        link = ShareLink.objects.select_for_update().filter(journey_map=journey_map, pk=link_id)
        found = link.first()
        if found is None:
            raise Http404
        if found.revoked_at is None:
            found.revoked_at = timezone.now()
            found.save(update_fields=["revoked_at"])
            # Open pages close once the revocation is saved for good.
            transaction.on_commit(partial(live.share_link_revoked, found.pk))
    return found


def find(token: str) -> ShareLink | None:
    if not token or len(token) > 100:
        return None
    return (
        ShareLink.objects.select_related("journey_map", "journey_map__journey_type")
        .filter(token_hash=hash_token(token))
        .first()
    )


def touch(link: ShareLink) -> None:
    """Note that the link was used now (at most every ``TOUCH_EVERY``)."""
    moment = timezone.now()
    if link.last_used_at is None or moment - link.last_used_at >= TOUCH_EVERY:
        ShareLink.objects.filter(pk=link.pk).update(last_used_at=moment)
        link.last_used_at = moment


# The password's door -------------------------------------------------------------


def unlocked(session: SessionBase, link: ShareLink) -> bool:
    """True for a link without a password, or once this browser gave the right one."""
    if not link.has_password:
        return True
    # The marker names the password's hash too: a link whose password changed asks again.
    return session.get(SESSION_KEY, {}).get(str(link.pk)) == link.password[-24:]


def unlock(session: SessionBase, link: ShareLink, password: str) -> bool:
    if not check_password(password, link.password):
        return False
    # A new session key on the way in, as logging in does.
    session.cycle_key()
    markers = dict(session.get(SESSION_KEY, {}))
    markers[str(link.pk)] = link.password[-24:]
    session[SESSION_KEY] = markers
    return True
