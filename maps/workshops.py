"""Workshops: the facilitator opens a map to guests through a link, and steers it.

Each control is a change of the map (it goes through ``services.map_change``,
so it bumps the revision, is logged, and reaches every open tab); guests
joining are not (they show up in the presence bar instead).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from journeymap.changes import ChangeRefused, Invalid
from maps.models import Guest, JourneyMap, MapEvent, Workshop, new_join_token
from maps.services import map_change
from workspaces import access


class LinkRevoked(ChangeRefused):
    """The join link is not (or no longer) a workshop's."""


class GuestForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=40,
        help_text=_("Shown to the other participants, beside what you change."),
    )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Type the name the others will see."))
        return name


def open_workshop(journey_map: JourneyMap) -> Workshop | None:
    return journey_map.workshops.filter(ended_at__isnull=True).first()


def workshop_start(*, user, map_id: int) -> Workshop:
    """Open a workshop on the map, or return the one already open."""
    with map_change(
        user=user, map_id=map_id, kind="workshop.started", check=access.check_facilitate_map
    ) as change:
        workshop = open_workshop(change.journey_map)
        if workshop is None:
            workshop = Workshop.objects.create(journey_map=change.journey_map, started_by=user)
        change.payload = {"workshop_id": workshop.pk}
    return workshop


def workshop_renew_link(*, user, map_id: int) -> Workshop:
    """A new join link; the old one stops working, and so do the passes of guests who used it."""
    with map_change(
        user=user, map_id=map_id, kind="workshop.link_renewed", check=access.check_facilitate_map
    ) as change:
        workshop = change.journey_map.workshops.order_by("-started_at", "-pk").first()
        if workshop is None:
            raise LinkRevoked("no workshop")
        workshop.token = new_join_token()
        workshop.save(update_fields=["token"])
        change.payload = {"workshop_id": workshop.pk}
    return workshop


def workshop_end(*, user, map_id: int) -> MapEvent:
    """Guests keep reading the map, and stop changing it."""
    with map_change(
        user=user, map_id=map_id, kind="workshop.ended", check=access.check_facilitate_map
    ) as change:
        workshop = open_workshop(change.journey_map)
        if workshop is None:
            raise LinkRevoked("no open workshop")
        workshop.ended_at = timezone.now()
        workshop.save(update_fields=["ended_at"])
        change.payload = {"workshop_id": workshop.pk}
    return change.event


def map_lock(*, user, map_id: int, locked: bool) -> MapEvent:
    kind = "map.locked" if locked else "map.unlocked"
    with map_change(
        user=user, map_id=map_id, kind=kind, check=access.check_facilitate_map
    ) as change:
        change.journey_map.locked = locked
        change.journey_map.save(update_fields=["locked"])
        change.payload = {"locked": locked}
    return change.event


def workshop_for_link(token: str) -> Workshop:
    workshop = Workshop.objects.select_related("journey_map").filter(token=token).first()
    if workshop is None or not workshop.is_open:
        raise LinkRevoked("revoked or ended")
    return workshop


def guest_join(*, user, token: str, data) -> tuple[Guest, object]:
    """Admit someone to the workshop of ``token`` under a display name.

    Someone without an account gets a password-less one, to be logged in by the
    caller; someone logged in joins with their own. Returns the pass and the user.
    """
    form = GuestForm(data)
    if not form.is_valid():
        raise Invalid(form)
    name = form.cleaned_data["display_name"]
    with transaction.atomic():
        workshop = workshop_for_link(token)
        if not user.is_authenticated:
            user = get_user_model().objects.create(
                username=f"guest-{get_random_string(16).lower()}", first_name=name[:150]
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        guest, _created = Guest.objects.update_or_create(
            workshop=workshop,
            user=user,
            defaults={"display_name": name, "token": workshop.token},
        )
    access.forget(user)
    return guest, user
