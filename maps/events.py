"""Every kind of map event, declared once.

A ``MapEvent`` names its kind ("card.moved": a subject and a verb). Its entry
here says which parts of the map page it touches (what open tabs redraw),
whether it can take someone's access away (open sockets then check theirs
again), and how it reads to a person: a short label and a category, for the
Django admin now and for the map's history later.

A kind emitted with no entry here fails ``tests/maps/test_events.py``; one met
anyway (an old row, a kind since removed) is treated as a change of anything:
the whole map redrawn, access checked again, and a warning logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Set
from dataclasses import dataclass
from functools import cache

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# A part of the map page: ("grid",), ("header",), ("curve",), ("stage", id),
# ("lane", id), ("touchpoints", stage id), ("cell", stage id, lane id), ("card", id),
# ("actions",) the action plan section, ("answers", card id) the plan if an action answers
# that card (it quotes the card); the facilitation panel's ("timer",), ("focus",),
# ("round",), ("bar",) and ("progress",) (who has voted).
Part = tuple

# The facilitation panel's parts: the timer, the focus, the round and who has voted.
# The bar sums up the timer and the round: it follows both.
FACILITATION: frozenset[Part] = frozenset({("timer",), ("focus",), ("round",), ("bar",)})
# Every part of the page: a tab that missed too much, or a change that may touch anything.
WHOLE_MAP: frozenset[Part] = (
    frozenset({("header",), ("grid",), ("progress",), ("actions",)}) | FACILITATION
)


class Category(models.TextChoices):
    CONTENT = "content", _("Content")
    STRUCTURE = "structure", _("Structure")
    FACILITATION = "facilitation", _("Facilitation")
    VOTES = "votes", _("Votes")
    ACCESS = "access", _("Access")
    ADMIN = "admin", _("Administration")


@dataclass(frozen=True)
class EventKind:
    name: str
    label: str | Promise  # translated when shown
    category: Category | None  # None for a kind met but not declared
    # The page parts an event of this kind touched, from its payload.
    parts: Callable[[dict], Set[Part]]
    # Open sockets on the map check their access again after it.
    revokes_access: bool = False

    @property
    def subject(self) -> str:
        return self.name.partition(".")[0]


def touches(*parts: Part) -> Callable[[dict], Set[Part]]:
    """The same parts whatever the payload."""
    fixed = frozenset(parts)
    return lambda payload: fixed


def _before(payload: dict) -> dict:
    return payload.get("before") or {}


# Stages and lanes: a rename touches one heading; anything that adds, removes or
# reorders columns or rows redraws the grid. Deleting one deletes its cards:
# actions stop quoting them.


def _stage_updated(payload: dict) -> Set[Part]:
    if _before(payload).get("position") == payload.get("position"):
        return {("stage", payload["id"])}
    return {("grid",)}


def _lane_updated(payload: dict) -> Set[Part]:
    before = _before(payload)
    same_kind = before.get("kind") == payload.get("kind")
    if same_kind and before.get("position") == payload.get("position"):
        return {("lane", payload["id"])}
    return {("grid",)}


def _touchpoint(payload: dict) -> Set[Part]:
    stage_ids = {payload.get("stage_id"), _before(payload).get("stage_id")} - {None}
    return {("touchpoints", stage_id) for stage_id in stage_ids} | {("curve",)}


def _card_cells(payload: dict) -> set[Part]:
    """The cells the card is in and, when it moved, was in."""
    cells = {(payload.get("stage_id"), payload.get("lane_id"))}
    before = _before(payload)
    if before:
        cells.add((before.get("stage_id"), before.get("lane_id")))
    return {("cell", *cell) for cell in cells}


def _card(payload: dict) -> Set[Part]:
    return _card_cells(payload) | {("answers", payload["id"])}


def _card_updated(payload: dict) -> Set[Part]:
    cells = _card_cells(payload)
    if len(cells) == 1:
        return {("card", payload["id"]), ("answers", payload["id"])}
    return cells | {("answers", payload["id"])}


def _card_deleted(payload: dict) -> Set[Part]:
    # Its actions stay, without the quote of the card.
    return _card_cells(payload) | {("actions",)}


def _action(payload: dict) -> Set[Part]:
    """The plan, and the cards whose "→ action" badge may have changed."""
    ids = {payload.get("source_card_id"), _before(payload).get("source_card_id")} - {None}
    return {("actions",)} | {("card", card_id) for card_id in ids}


def _action_updated(payload: dict) -> Set[Part]:
    if _before(payload).get("source_card_id") == payload.get("source_card_id"):
        return {("actions",)}
    return _action(payload)


def _round_ended(payload: dict) -> Set[Part]:
    """Closed or put away: an emotion round's results leave (or join) the curve."""
    if payload.get("kind") == "emotion":
        return {("round",), ("curve",), ("bar",)}
    return {("round",), ("bar",)}


CONTENT = Category.CONTENT
STRUCTURE = Category.STRUCTURE
FACILITATE = Category.FACILITATION
VOTES = Category.VOTES
ACCESS = Category.ACCESS
HEADER = touches(("header",))
GRID = touches(("grid",))
GRID_AND_PLAN = touches(("grid",), ("actions",))
WORKSHOP = touches(("header",), *FACILITATION)
TIMER = touches(("timer",), ("bar",))

EVENT_KINDS: dict[str, EventKind] = {
    kind.name: kind
    for kind in [
        # The map itself: its header.
        EventKind("map.created", _("Map created"), STRUCTURE, HEADER),
        EventKind("map.imported", _("Map imported"), STRUCTURE, HEADER),
        EventKind("map.updated", _("Title and scope changed"), STRUCTURE, HEADER),
        EventKind("map.locked", _("Map locked"), ACCESS, HEADER),
        EventKind("map.unlocked", _("Map unlocked"), ACCESS, HEADER),
        # Its items (``item_kinds.ITEM_KINDS``), each created, updated, moved and deleted.
        EventKind("stage.created", _("Stage added"), STRUCTURE, GRID),
        EventKind("stage.updated", _("Stage edited"), STRUCTURE, _stage_updated),
        EventKind("stage.moved", _("Stage moved"), STRUCTURE, GRID),
        EventKind("stage.deleted", _("Stage deleted"), STRUCTURE, GRID_AND_PLAN),
        EventKind("lane.created", _("Lane added"), STRUCTURE, GRID),
        EventKind("lane.updated", _("Lane edited"), STRUCTURE, _lane_updated),
        EventKind("lane.moved", _("Lane moved"), STRUCTURE, GRID),
        EventKind("lane.deleted", _("Lane deleted"), STRUCTURE, GRID_AND_PLAN),
        EventKind("touchpoint.created", _("Touchpoint added"), CONTENT, _touchpoint),
        EventKind("touchpoint.updated", _("Touchpoint edited"), CONTENT, _touchpoint),
        EventKind("touchpoint.moved", _("Touchpoint moved"), CONTENT, _touchpoint),
        EventKind("touchpoint.deleted", _("Touchpoint deleted"), CONTENT, _touchpoint),
        EventKind("card.created", _("Card added"), CONTENT, _card),
        EventKind("card.updated", _("Card edited"), CONTENT, _card_updated),
        EventKind("card.moved", _("Card moved"), CONTENT, _card),
        EventKind("card.deleted", _("Card deleted"), CONTENT, _card_deleted),
        EventKind("action.created", _("Action added"), CONTENT, _action),
        EventKind("action.updated", _("Action edited"), CONTENT, _action_updated),
        EventKind("action.moved", _("Action moved"), CONTENT, touches(("actions",))),
        EventKind("action.deleted", _("Action deleted"), CONTENT, _action),
        # Workshops: the header says one is open, the panel shows its controls.
        EventKind("workshop.started", _("Workshop started"), FACILITATE, WORKSHOP),
        EventKind("workshop.ended", _("Workshop ended"), FACILITATE, WORKSHOP, revokes_access=True),
        EventKind(
            "workshop.link_renewed", _("Join link renewed"), ACCESS, WORKSHOP, revokes_access=True
        ),
        EventKind(
            "workshop.guests_revoked",
            _("Every guest revoked"),
            ACCESS,
            WORKSHOP,
            revokes_access=True,
        ),
        EventKind("timer.started", _("Timer started"), FACILITATE, TIMER),
        EventKind("timer.paused", _("Timer paused"), FACILITATE, TIMER),
        EventKind("timer.extended", _("A minute added to the timer"), FACILITATE, TIMER),
        EventKind("timer.reset", _("Timer reset"), FACILITATE, TIMER),
        EventKind("focus.set", _("Focus changed"), FACILITATE, touches(("focus",))),
        # Any round opening redraws the curve: an emotion round's scores show there.
        EventKind(
            "round.opened", _("Round opened"), FACILITATE, touches(("round",), ("curve",), ("bar",))
        ),
        EventKind("round.closed", _("Round closed"), FACILITATE, _round_ended),
        EventKind("round.dismissed", _("Results put away"), FACILITATE, _round_ended),
        # The group's mean becomes the touchpoints' emotions: the grid shows them.
        EventKind(
            "round.adopted", _("Group's mean adopted"), VOTES, touches(("round",), ("grid",))
        ),
        # Who has voted, never what.
        EventKind("vote.cast", _("Vote or score given"), VOTES, touches(("progress",))),
        # Made in the Django admin: anything may have changed, the map's workspace too.
        EventKind(
            "admin.changed",
            _("Changed in the admin"),
            Category.ADMIN,
            touches(*WHOLE_MAP),
            revokes_access=True,
        ),
    ]
}

# What an event is about, as the admin filters events.
SUBJECTS = {
    "map": _("journey map"),
    "stage": _("stage"),
    "touchpoint": _("touchpoint"),
    "lane": _("lane"),
    "card": _("card"),
    "action": _("action"),
    "workshop": _("workshop"),
    "timer": _("timer"),
    "focus": _("focus"),
    "round": _("round"),
    "vote": _("vote"),
    "admin": _("admin change"),
}


def kind_of(name: str) -> EventKind:
    """The entry of a kind; an unknown kind is taken as a change of anything."""
    return EVENT_KINDS.get(name) or _unknown(name)


@cache
def _unknown(name: str) -> EventKind:
    # Logged once per kind and process: the parts of one event are asked for several times.
    logger.warning("Unknown event kind %r: taken as a change of anything.", name)
    return EventKind(name, name, None, touches(*WHOLE_MAP), revokes_access=True)


def parts_of(name: str, payload: dict) -> Set[Part]:
    return kind_of(name).parts(payload)


def kinds_in(category: str) -> list[str]:
    return [name for name, kind in EVENT_KINDS.items() if kind.category == category]
