"""The facilitator's steering of an open workshop: the shared timer, and the focus.

Each control is a change of the map (``services.map_change``): logged, bumping
the revision, pushed to every tab; a tab that joins late renders the state.
"""

from __future__ import annotations

import re

from journeymap.changes import ChangeRefused
from maps.models import MapEvent, Workshop
from maps.services import map_change
from workspaces import access

# What the facilitator may focus on: a stage column or a lane row.
FOCUSABLE = re.compile(r"^(stage|lane)-\d{1,12}$")


class NoWorkshop(ChangeRefused):
    """Timer, focus and rounds need an open workshop."""


def locked_open_workshop(journey_map) -> Workshop:
    workshop = journey_map.workshops.select_for_update().filter(ended_at__isnull=True).first()
    if workshop is None:
        raise NoWorkshop("no open workshop")
    return workshop


def _timer_change(user, map_id: int, kind: str, change_timer) -> MapEvent:
    with map_change(
        user=user, map_id=map_id, kind=f"timer.{kind}", check=access.check_facilitate_map
    ) as change:
        workshop = locked_open_workshop(change.journey_map)
        change_timer(workshop)
        workshop.save(update_fields=["timer_duration", "timer_left", "timer_ends_at"])
        change.payload = {
            "duration": workshop.timer_duration,
            "left": workshop.timer_left,
            "ends_at": workshop.timer_ends_at.isoformat() if workshop.timer_ends_at else None,
        }
    return change.event


def timer_start(*, user, map_id: int, minutes: int | None = None) -> MapEvent:
    """Start (or resume) the countdown; with ``minutes``, a fresh countdown of that length."""
    return _timer_change(user, map_id, "started", lambda w: w.start_timer(minutes))


def timer_pause(*, user, map_id: int) -> MapEvent:
    return _timer_change(user, map_id, "paused", Workshop.pause_timer)


def timer_add_minute(*, user, map_id: int) -> MapEvent:
    return _timer_change(user, map_id, "extended", Workshop.add_timer_minute)


def timer_reset(*, user, map_id: int) -> MapEvent:
    return _timer_change(user, map_id, "reset", Workshop.reset_timer)


def focus_set(*, user, map_id: int, target: str) -> MapEvent:
    """Bring everyone to one stage or lane ("" lets everyone roam again)."""
    with map_change(
        user=user, map_id=map_id, kind="focus.set", check=access.check_facilitate_map
    ) as change:
        # Checked after access: an outsider learns nothing from a refusal.
        if target and not FOCUSABLE.match(target):
            raise NoWorkshop("not a stage or lane")
        workshop = locked_open_workshop(change.journey_map)
        if target:
            kind, _, pk = target.partition("-")
            items = change.journey_map.stages if kind == "stage" else change.journey_map.lanes
            if not items.filter(pk=int(pk)).exists():
                raise NoWorkshop("not on this map")
        workshop.focus = target
        workshop.save(update_fields=["focus"])
        change.payload = {"focus": target}
    return change.event
