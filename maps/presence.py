"""Who is on a map right now, and what they are editing.

Rows live in the database so that every server process shares them. Each
open socket refreshes its row when its tab pings; a row nobody refreshed for
``STALE_AFTER`` (a process that died without saying goodbye) no longer counts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from maps.models import JourneyMap, Presence
from workspaces import access

STALE_AFTER = timedelta(seconds=90)
COLOURS = 8
# What a tab may say it is editing: the DOM id of a map item or of an "add" form.
EDITING = re.compile(r"^(stage|lane|touchpoint|card)-\d{1,12}$|^add-[a-z]+(-\d{1,12}){0,2}$")


def display_name(user, journey_map: JourneyMap) -> str:
    return _name(user, access.guest_pass(user, journey_map))


def display_names(users: Iterable, journey_map: JourneyMap) -> dict[int, str]:
    """``display_name`` of each user, by id, their guest passes read in one query."""
    users = list(users)
    passes = access.guest_passes(users, journey_map)
    return {user.pk: _name(user, passes.get(user.pk)) for user in users}


def _name(user, guest) -> str:
    """A guest is shown by the name they typed to join; a member by their account's name."""
    if guest is not None:
        return guest.display_name
    return user.get_full_name() or user.get_username()


def colour_for(user) -> int:
    return user.pk % COLOURS


def join(*, journey_map: JourneyMap, channel_name: str, user) -> None:
    # A channel name is new with each socket: one INSERT, no look-up first.
    Presence.objects.create(
        channel_name=channel_name,
        journey_map=journey_map,
        user=user,
        name=display_name(user, journey_map),
        colour=colour_for(user),
        seen_at=timezone.now(),
    )


def leave(*, channel_name: str) -> None:
    Presence.objects.filter(channel_name=channel_name).delete()


def touch(*, channel_name: str, editing: str | None = None) -> bool:
    """Refresh the tab's row; with ``editing``, also say what it edits. True if that changed."""
    fields = {"seen_at": timezone.now()}
    changed = False
    if editing is not None:
        editing = editing if EDITING.match(editing) else ""
        changed = (
            Presence.objects.filter(channel_name=channel_name)
            .exclude(editing=editing)
            .update(editing=editing, **fields)
            > 0
        )
    if not changed:
        Presence.objects.filter(channel_name=channel_name).update(**fields)
    return changed


def message(map_id: int) -> str:
    """The presence bar and the "who edits what" markers, as one wire message for every tab."""
    now = timezone.now()
    Presence.objects.filter(journey_map_id=map_id, seen_at__lt=now - STALE_AFTER).delete()
    rows = list(Presence.objects.filter(journey_map_id=map_id).order_by("name", "pk"))
    people: dict[int, dict] = {}
    for row in rows:
        person = people.setdefault(
            row.user_id, {"name": row.name, "colour": row.colour, "editing": False, "tabs": 0}
        )
        person["tabs"] += 1
        person["editing"] = person["editing"] or bool(row.editing)
    html = render_to_string("maps/_presence.html", {"people": people.values()})
    editing = [
        {"item": row.editing, "name": row.name, "colour": row.colour} for row in rows if row.editing
    ]
    return json.dumps({"type": "presence", "html": html, "editing": editing})
