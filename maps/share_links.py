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
        # A date input reads ISO days only, whatever the language.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The link stops working at the end of that day."),
    )
    allow_pdf = forms.BooleanField(
        label=_("Allow downloading the map's PDF"),
        label_suffix="",  # a box ticked before its label: no colon after it
        required=False,
        help_text=_(
            "The PDF shows what the page shows: the map, its curve, its pain points "
            "and its action plan."
        ),
    )
    # An edit may keep a day that has passed (the link stays expired); a new day may not.
    kept_day: datetime.date | None = None

    def clean_expires_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("expires_on")
        if day is not None and day == self.kept_day:
            return day
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        if day is not None and day > timezone.localdate() + timedelta(days=3660):
            raise forms.ValidationError(_("Choose a day within ten years."))
        return day


class ShareLinkEditForm(ShareLinkForm):
    """A link's label, expiry, password and PDF, changed after it was made. An empty
    password keeps the current one; a new one, or removing it, asks everyone again."""

    remove_password = forms.BooleanField(
        label=_("Remove the password"), label_suffix="", required=False
    )

    field_order = ["label", "expires_on", "allow_pdf", "password", "remove_password"]

    def __init__(self, *args, link: ShareLink, **kwargs):
        kwargs.setdefault(
            "initial",
            {"label": link.label, "expires_on": expiry_day(link), "allow_pdf": link.allow_pdf},
        )
        super().__init__(*args, **kwargs)
        self.kept_day = expiry_day(link)
        password = self.fields["password"]
        if link.has_password:
            password.label = _("New password (optional)")
            password.help_text = _(
                "Leave empty to keep the current one. A new password asks everyone who "
                "opened the link for it, pages open now included."
            )
        else:
            password.help_text = _(
                "Pages open now ask for it at once; send it another way than the link."
            )
            del self.fields["remove_password"]

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("remove_password") and cleaned.get("password"):
            self.add_error(
                "password",
                _("Either give a new password or remove it, not both."),
            )
        return cleaned

    def new_password(self) -> str | None:
        """None keeps the password, "" removes it, anything else replaces it."""
        if self.cleaned_data.get("remove_password"):
            return ""
        return self.cleaned_data.get("password") or None


def _end_of(day: datetime.date) -> datetime.datetime:
    midnight = datetime.datetime.combine(day + timedelta(days=1), datetime.time())
    return timezone.make_aware(midnight)


def expiry_day(link: ShareLink) -> datetime.date | None:
    """The last day a link works, as the form asked for it."""
    if link.expires_at is None:
        return None
    return timezone.localtime(link.expires_at - timedelta(microseconds=1)).date()


def link_create(
    *,
    user,
    journey_map: JourneyMap,
    label: str,
    password: str,
    expires_on,
    allow_pdf: bool = False,
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
        allow_pdf=allow_pdf,
    )
    return link, token


class LinkRevoked(Exception):
    """A revoked link stays as it was revoked: it is not edited."""


def link_update(
    *,
    user,
    journey_map: JourneyMap,
    link_id: int,
    label: str,
    expires_on,
    allow_pdf: bool,
    password: str | None,
) -> ShareLink:
    """Change a working (or expired) link. ``password``: None keeps it, "" removes it,
    else replaces it, which asks again everyone who gave the old one (``unlocked``).
    Open pages check the link again once the change is saved, and close if it no
    longer opens the map to them."""
    access.check_share_map(user, journey_map)
    with transaction.atomic():
        link = (
            ShareLink.objects.select_for_update()
            .filter(journey_map=journey_map, pk=link_id)
            .first()
        )
        if link is None:
            raise Http404
        if link.revoked_at is not None:
            raise LinkRevoked
        link.label = label
        link.expires_at = _end_of(expires_on) if expires_on else None
        link.allow_pdf = allow_pdf
        if password is not None:
            link.password = make_password(password) if password else ""
        link.save(update_fields=["label", "expires_at", "allow_pdf", "password"])
        transaction.on_commit(partial(live.share_link_changed, link.pk))
    return link


def link_revoke(*, user, journey_map: JourneyMap, link_id: int) -> ShareLink:
    """Revoke at once: the next request through the link is refused, and open pages
    close."""
    access.check_share_map(user, journey_map)
    found = journey_map.share_links.filter(pk=link_id).first()
    if found is None:
        raise Http404
    revoke([found.pk])
    found.refresh_from_db()
    return found


def revoke(link_ids: list[int]) -> int:
    """Revoke these links (the ones not revoked yet): the facilitators' page and the
    Django admin's action. Returns how many were revoked now."""
    with transaction.atomic():
        links = ShareLink.objects.select_for_update().filter(pk__in=link_ids, revoked_at=None)
        revoked = [link.pk for link in links]
        ShareLink.objects.filter(pk__in=revoked).update(revoked_at=timezone.now())
        for link_id in revoked:
            # Open pages close once the revocation is saved for good.
            transaction.on_commit(partial(live.share_link_revoked, link_id))
    return len(revoked)


class Locked(Exception):
    """The link has a password this browser has not given yet."""

    def __init__(self, link: ShareLink) -> None:
        super().__init__(link.pk)
        self.link = link


def opened(token: str, session: SessionBase | None) -> tuple[ShareLink, JourneyMap]:
    """The link named by ``token`` and the one map it opens to this browser now, for
    every page and socket a link reaches. Raises ``Http404`` for an unknown token,
    ``access.LinkEnded`` for a revoked or expired link, ``Locked`` for a password not
    given in this session."""
    link = find(token)
    journey_map = access.check_share_link(link)
    assert link is not None  # check_share_link refused a missing link
    if session is None or not unlocked(session, link):
        raise Locked(link)
    return link, journey_map


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
