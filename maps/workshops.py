"""Workshops: the facilitator opens a map to guests through a link, and steers it.

Each control is a change of the map (it goes through ``services.map_change``,
so it bumps the revision, is logged, and reaches every open tab); guests
joining are not (they show up in the presence bar, and on the workshop page,
which polls its guest list).

Guests' access: while the workshop is open they edit the map; once it has ended
they read it for a grace period (``PARCOURS_GUEST_GRACE_HOURS``), then nothing;
replacing the link, or revoking every guest, shuts them out at once. Their
password-less accounts are deleted once none of their passes is valid any more
(``prune_guests``, run when a workshop starts or ends, with ``trash.prune``).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journeymap.changes import ChangeRefused, Invalid
from maps import guest_names, snapshots, throttle, trash
from maps.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Guest,
    JourneyMap,
    MapEvent,
    Workshop,
    new_join_code,
    new_join_token,
)
from maps.services import map_change
from workspaces import access

logger = logging.getLogger(__name__)

# Accounts made for guests are named so; ``prune_guests`` deletes no other.
GUEST_USERNAME_PREFIX = "guest-"

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class LinkRevoked(ChangeRefused):
    """The join link is not (or no longer) a workshop's."""


class JoinRefused(ChangeRefused):
    """Too many joins (429), or the workshop is full (409): the message says which."""

    def __init__(self, message: str, status: int = 429):
        super().__init__(message)
        self.status = status


class GuestForm(forms.Form):
    display_name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=40,
        strip=False,
        help_text=gettext_lazy("Shown to the other participants, beside what you change."),
    )

    def __init__(self, *args, workshop: Workshop | None = None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.user = user

    def clean_display_name(self) -> str:
        name = guest_names.clean(self.cleaned_data["display_name"])
        if self.workshop is not None:
            guest_names.check_not_taken(name, self.workshop, self.user)
        return name


def open_workshop(journey_map: JourneyMap) -> Workshop | None:
    return journey_map.workshops.filter(ended_at__isnull=True).first()


def grace_period() -> timedelta:
    return timedelta(hours=settings.PARCOURS_GUEST_GRACE_HOURS)


def _unused_code() -> str:
    """A code no open workshop has (a clash is unlikely: 32⁶ codes; the database's
    constraint catches a race)."""
    while True:
        code = new_join_code()
        if not Workshop.objects.filter(ended_at__isnull=True, code=code).exists():
            return code


def _after_commit_prune() -> None:
    transaction.on_commit(prune_guests_quietly)


def workshop_start(*, user, map_id: int) -> Workshop:
    """Open a workshop on the map, or return the one already open."""
    with map_change(
        user=user, map_id=map_id, kind="workshop.started", check=access.check_facilitate_map
    ) as change:
        workshop = open_workshop(change.journey_map)
        if workshop is None:
            workshop = Workshop.objects.create(
                journey_map=change.journey_map, started_by=user, code=_unused_code()
            )
        change.payload = {"workshop_id": workshop.pk}
        _after_commit_prune()
    return workshop


def _new_secrets(workshop: Workshop) -> None:
    workshop.token = new_join_token()
    workshop.code = _unused_code()
    workshop.save(update_fields=["token", "code"])


def workshop_renew_link(*, user, map_id: int) -> Workshop:
    """A new join link and code; the old ones stop working, and so do the passes of guests
    who used them."""
    with map_change(
        user=user, map_id=map_id, kind="workshop.link_renewed", check=access.check_facilitate_map
    ) as change:
        workshop = change.journey_map.workshops.order_by("-started_at", "-pk").first()
        if workshop is None:
            raise LinkRevoked("no workshop")
        _new_secrets(workshop)
        change.payload = {"workshop_id": workshop.pk}
    return workshop


def workshop_end(*, user, map_id: int, close_access: bool = False) -> MapEvent:
    """Guests stop changing the map; they read it for the grace period, or not at all with
    ``close_access``."""
    with map_change(
        user=user, map_id=map_id, kind="workshop.ended", check=access.check_facilitate_map
    ) as change:
        workshop = open_workshop(change.journey_map)
        if workshop is None:
            raise LinkRevoked("no open workshop")
        workshop.ended_at = timezone.now()
        workshop.guests_until = workshop.ended_at + (
            timedelta(0) if close_access else grace_period()
        )
        workshop.save(update_fields=["ended_at", "guests_until"])
        # The map as the workshop left it, to compare with later (``maps.diff``).
        snapshot = snapshots.at_workshop_end(change.journey_map, workshop, user=user)
        change.payload = {
            "workshop_id": workshop.pk,
            "guests_until": workshop.guests_until.isoformat(),
            "snapshot": snapshot.pk,
        }
        _after_commit_prune()
    return change.event


def guests_revoke(*, user, map_id: int) -> MapEvent:
    """Every guest of the map is out now: the open workshop gets a new link and code, and
    the guests of ended ones lose their remaining read time. Open sockets close."""
    with map_change(
        user=user, map_id=map_id, kind="workshop.guests_revoked", check=access.check_facilitate_map
    ) as change:
        now = timezone.now()
        workshops = change.journey_map.workshops.all()
        workshops.filter(ended_at__isnull=False, guests_until__gt=now).update(guests_until=now)
        workshop = open_workshop(change.journey_map)
        if workshop is not None:
            _new_secrets(workshop)
        change.payload = {"workshop_id": workshop.pk if workshop else None}
        _after_commit_prune()
    return change.event


def workshop_rights(*, user, map_id: int, guests_restructure: bool) -> MapEvent:
    """Whether the open workshop's guests may delete and reorder stages and lanes (cards
    and touchpoints are theirs either way). The header carries it: every tab's controls
    follow at once."""
    with map_change(
        user=user, map_id=map_id, kind="workshop.rights_changed", check=access.check_facilitate_map
    ) as change:
        workshop = open_workshop(change.journey_map)
        if workshop is None:
            raise LinkRevoked("no open workshop")
        workshop.guests_restructure = guests_restructure
        workshop.save(update_fields=["guests_restructure"])
        change.payload = {"workshop_id": workshop.pk, "guests_restructure": guests_restructure}
    return change.event


def readable_until(journey_map: JourneyMap) -> Workshop | None:
    """The ended workshop whose guests still read the map, the latest first, if any."""
    return (
        journey_map.workshops.filter(ended_at__isnull=False, guests_until__gt=timezone.now())
        .order_by("-guests_until")
        .first()
    )


def map_lock(*, user, map_id: int, locked: bool) -> MapEvent:
    kind = "map.locked" if locked else "map.unlocked"
    with map_change(
        user=user, map_id=map_id, kind=kind, check=access.check_facilitate_map
    ) as change:
        change.journey_map.locked = locked
        change.journey_map.save(update_fields=["locked"])
        change.payload = {"locked": locked}
    return change.event


def workshop_for_link(token: str, *, lock: bool = False) -> Workshop:
    workshops = Workshop.objects.select_related("journey_map")
    if lock:
        workshops = workshops.select_for_update(of=("self",))
    workshop = workshops.filter(token=token).first()
    if workshop is None or not workshop.is_open:
        raise LinkRevoked("revoked or ended")
    return workshop


def normalise_code(code: str) -> str:
    """What the person typed, as stored: "k7m-p2q " is "K7MP2Q"."""
    return "".join(char for char in code.upper() if char.isalnum())[: JOIN_CODE_LENGTH * 2]


def workshop_for_code(code: str) -> Workshop | None:
    """The open workshop with this code, if any: an ended workshop's code is no longer valid."""
    code = normalise_code(code)
    if len(code) != JOIN_CODE_LENGTH or set(code) - set(JOIN_CODE_ALPHABET):
        return None
    return Workshop.objects.filter(ended_at__isnull=True, code=code).first()


def _check_limits(workshop: Workshop, address: str) -> None:
    if address and throttle.exceeded("join-address", address, settings.PARCOURS_JOINS_PER_ADDRESS):
        raise JoinRefused(
            _(
                "Too many people joined from this network in the last few minutes. "
                "Wait a few minutes and try again, or ask the facilitator."
            )
        )
    if throttle.exceeded("join-workshop", str(workshop.pk), settings.PARCOURS_JOINS_PER_WORKSHOP):
        raise JoinRefused(
            _("Many people are joining at this very moment. Wait a minute and try again.")
        )
    limit = settings.PARCOURS_MAX_GUESTS_PER_WORKSHOP
    if workshop.guests.count() >= limit:
        raise JoinRefused(
            _(
                "This workshop is full: it takes %(limit)s participants at most. "
                "Tell the facilitator."
            )
            % {"limit": limit},
            status=409,
        )


def guest_join(*, user, token: str, data, address: str = "") -> tuple[Guest, User]:
    """Admit someone to the workshop of ``token`` under a display name.

    Someone without an account gets a password-less one, to be logged in by the
    caller; someone logged in joins with their own. Returns the pass and the user.
    A newcomer counts against the limits (per client ``address``, per workshop, and
    the workshop's size); a guest coming back with the current link does not.
    """
    with transaction.atomic():
        # Locked: two people joining at once cannot both take the last place.
        workshop = workshop_for_link(token, lock=True)
        returning = user.is_authenticated and workshop.guests.filter(user=user).exists()
        if not returning:
            _check_limits(workshop, address)
        form = GuestForm(data, workshop=workshop, user=user)
        if not form.is_valid():
            raise Invalid(form)
        name = form.cleaned_data["display_name"]
        if not user.is_authenticated:
            user = get_user_model().objects.create(
                username=f"{GUEST_USERNAME_PREFIX}{get_random_string(16).lower()}",
                first_name=name[:150],
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        guest, _created = Guest.objects.update_or_create(
            workshop=workshop,
            user=user,
            defaults={"display_name": name, "token": workshop.token},
        )
        if not returning:
            throttle.count("join-workshop", str(workshop.pk), settings.PARCOURS_JOINS_PER_WORKSHOP)
            if address:
                throttle.count("join-address", address, settings.PARCOURS_JOINS_PER_ADDRESS)
    access.forget(user)
    return guest, user


# Cleaning up ---------------------------------------------------------------------


def valid_passes(now=None):
    """Passes that still open their map: the current link's, of a workshop that is open or
    whose guests' read time has not run out."""
    now = now or timezone.now()
    return Guest.objects.filter(token=F("workshop__token")).filter(
        Q(workshop__ended_at__isnull=True) | Q(workshop__guests_until__gt=now)
    )


def expired_guest_accounts(now=None):
    """Password-less guest accounts none of whose passes is valid any more.

    Only accounts made by ``guest_join``: a member who joined another team's workshop
    with their own account keeps it.
    """
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    return (
        get_user_model()
        .objects.filter(
            username__startswith=GUEST_USERNAME_PREFIX,
            password__startswith=UNUSABLE_PASSWORD_PREFIX,
            is_staff=False,
            is_superuser=False,
            memberships__isnull=True,
        )
        .exclude(pk__in=valid_passes(now).filter(user__isnull=False).values("user_id"))
    )


def prune_guests(now=None) -> int:
    """Delete expired guest accounts; what they did stays (events keep their name, passes
    their display name, votes their value). Returns how many were deleted."""
    ids = list(expired_guest_accounts(now).values_list("pk", flat=True))
    if ids:
        get_user_model().objects.filter(pk__in=ids).delete()
    return len(ids)


def prune_guests_quietly() -> None:
    """The clean-up run beside a facilitator's action (expired guests, and what has been in
    the trash too long): it must never make that action fail."""
    try:
        prune_guests()
    except Exception:
        logger.warning("Could not prune expired guest accounts.", exc_info=True)
    try:
        trash.prune()
    except Exception:
        logger.warning("Could not prune the trash.", exc_info=True)
