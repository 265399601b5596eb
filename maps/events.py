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

from maps import event_text as text

logger = logging.getLogger(__name__)

# A part of the map page: ("grid",), ("header",), ("curve",), ("stage", id),
# ("lane", id), ("touchpoints", stage id), ("cell", stage id, lane id), ("card", id),
# ("coverage", stage id) the stage's evidence strip,
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
    # How ``maps.undo`` takes an event of this kind back (a key of ``undo.WAYS``)…
    undo: str = ""
    # …or, for a kind that cannot be undone, why not (said to whoever tries).
    no_undo: str | Promise = ""
    # How an event of this kind reads in the map's history, without its actor
    # (``maps.event_text``): given the event and the page's ``Names``, plain text.
    describe: text.Describe = text.undescribed

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


def _coverage(payload: dict) -> set[Part]:
    """The evidence strip of each stage where an item arrived, left, or changed its
    evidence (``maps.coverage``); a reorder inside a stage changes no count."""
    if "order" in payload:
        return set()
    before = _before(payload)
    if before and all(before.get(name) == payload.get(name) for name in ("stage_id", "evidence")):
        return set()
    stage_ids = {payload.get("stage_id"), before.get("stage_id")} - {None}
    return {("coverage", stage_id) for stage_id in stage_ids}


def _touchpoint(payload: dict) -> Set[Part]:
    stage_ids = {payload.get("stage_id"), _before(payload).get("stage_id")} - {None}
    touched = {("touchpoints", stage_id) for stage_id in stage_ids} | {("curve",)}
    return touched | _coverage(payload)


def _card_cells(payload: dict) -> set[Part]:
    """The cells the card is in and, when it moved, was in."""
    cells = {(payload.get("stage_id"), payload.get("lane_id"))}
    before = _before(payload)
    if before:
        cells.add((before.get("stage_id"), before.get("lane_id")))
    return {("cell", *cell) for cell in cells}


def _card(payload: dict) -> Set[Part]:
    return _card_cells(payload) | {("answers", payload["id"])} | _coverage(payload)


def _card_updated(payload: dict) -> Set[Part]:
    cells = _card_cells(payload)
    if len(cells) == 1:
        return {("card", payload["id"]), ("answers", payload["id"])} | _coverage(payload)
    return cells | {("answers", payload["id"])} | _coverage(payload)


def _card_deleted(payload: dict) -> Set[Part]:
    # Its actions stay, without the quote of the card.
    return _card_cells(payload) | {("actions",)} | _coverage(payload)


def _action(payload: dict) -> Set[Part]:
    """The plan, and the cards whose "→ action" badge may have changed."""
    ids = {payload.get("source_card_id"), _before(payload).get("source_card_id")} - {None}
    return {("actions",)} | {("card", card_id) for card_id in ids}


def _action_updated(payload: dict) -> Set[Part]:
    if _before(payload).get("source_card_id") == payload.get("source_card_id"):
        return {("actions",)}
    return _action(payload)


def _restored(kind: str) -> Callable[[dict], Set[Part]]:
    """An item back from the trash: where it sits now, and the plan (its action links)."""
    if kind in {"stage", "lane"}:
        return GRID_AND_PLAN
    if kind == "touchpoint":
        return _touchpoint
    if kind == "card":
        return lambda payload: _card(payload) | {("actions",)}
    return _action


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
NO_UNDO_BIRTH = _("A map is not unmade: delete it, or restore one of its snapshots.")
NO_UNDO_ACCESS = _("Who may do what is set again, not undone.")
NO_UNDO_SESSION = _("Steering the session changes nothing on the map to take back.")
NO_UNDO_VOTE = _("A ballot is its voter's: they change it themselves.")
GRID = touches(("grid",))
GRID_AND_PLAN = touches(("grid",), ("actions",))
WORKSHOP = touches(("header",), *FACILITATION)
TIMER = touches(("timer",), ("bar",))

EVENT_KINDS: dict[str, EventKind] = {
    kind.name: kind
    for kind in [
        # The map itself: its header.
        EventKind(
            "map.created",
            _("Map created"),
            STRUCTURE,
            HEADER,
            no_undo=NO_UNDO_BIRTH,
            describe=text.map_created,
        ),
        EventKind(
            "map.imported",
            _("Map imported"),
            STRUCTURE,
            HEADER,
            no_undo=NO_UNDO_BIRTH,
            describe=text.map_imported,
        ),
        EventKind(
            "map.updated",
            _("Title and scope changed"),
            STRUCTURE,
            # The personas are part of the scope: with two or more, the curve has a line each.
            touches(("header",), ("curve",)),
            undo="map.updated",
            describe=text.map_updated,
        ),
        # In place, from a snapshot (``maps.snapshots``); undone by restoring the one taken first.
        EventKind(
            "map.restored",
            _("Snapshot restored"),
            STRUCTURE,
            touches(*WHOLE_MAP),
            undo="map.restored",
            describe=text.map_restored,
        ),
        EventKind(
            "map.locked",
            _("Map locked"),
            ACCESS,
            HEADER,
            no_undo=NO_UNDO_ACCESS,
            describe=text.map_locked,
        ),
        EventKind(
            "map.unlocked",
            _("Map unlocked"),
            ACCESS,
            HEADER,
            no_undo=NO_UNDO_ACCESS,
            describe=text.map_unlocked,
        ),
        # Its items (``item_kinds.ITEM_KINDS``), each created, updated, moved and deleted.
        EventKind(
            "stage.created",
            _("Stage added"),
            STRUCTURE,
            GRID,
            undo="item.created",
            describe=text.item_created("stage"),
        ),
        EventKind(
            "stage.updated",
            _("Stage edited"),
            STRUCTURE,
            _stage_updated,
            undo="item.updated",
            describe=text.item_updated("stage"),
        ),
        EventKind(
            "stage.moved",
            _("Stage moved"),
            STRUCTURE,
            GRID,
            undo="item.moved",
            describe=text.item_moved("stage"),
        ),
        EventKind(
            "stage.deleted",
            _("Stage deleted"),
            STRUCTURE,
            GRID_AND_PLAN,
            undo="item.deleted",
            describe=text.item_deleted("stage"),
        ),
        EventKind(
            "lane.created",
            _("Lane added"),
            STRUCTURE,
            GRID,
            undo="item.created",
            describe=text.item_created("lane"),
        ),
        EventKind(
            "lane.updated",
            _("Lane edited"),
            STRUCTURE,
            _lane_updated,
            undo="item.updated",
            describe=text.item_updated("lane"),
        ),
        EventKind(
            "lane.moved",
            _("Lane moved"),
            STRUCTURE,
            GRID,
            undo="item.moved",
            describe=text.item_moved("lane"),
        ),
        EventKind(
            "lane.deleted",
            _("Lane deleted"),
            STRUCTURE,
            GRID_AND_PLAN,
            undo="item.deleted",
            describe=text.item_deleted("lane"),
        ),
        EventKind(
            "touchpoint.created",
            _("Touchpoint added"),
            CONTENT,
            _touchpoint,
            undo="item.created",
            describe=text.item_created("touchpoint"),
        ),
        EventKind(
            "touchpoint.updated",
            _("Touchpoint edited"),
            CONTENT,
            _touchpoint,
            undo="item.updated",
            describe=text.item_updated("touchpoint"),
        ),
        EventKind(
            "touchpoint.moved",
            _("Touchpoint moved"),
            CONTENT,
            _touchpoint,
            undo="item.moved",
            describe=text.item_moved("touchpoint"),
        ),
        EventKind(
            "touchpoint.deleted",
            _("Touchpoint deleted"),
            CONTENT,
            _touchpoint,
            undo="item.deleted",
            describe=text.item_deleted("touchpoint"),
        ),
        EventKind(
            "card.created",
            _("Card added"),
            CONTENT,
            _card,
            undo="item.created",
            describe=text.item_created("card"),
        ),
        EventKind(
            "card.updated",
            _("Card edited"),
            CONTENT,
            _card_updated,
            undo="item.updated",
            describe=text.item_updated("card"),
        ),
        EventKind(
            "card.moved",
            _("Card moved"),
            CONTENT,
            _card,
            undo="item.moved",
            describe=text.item_moved("card"),
        ),
        EventKind(
            "card.deleted",
            _("Card deleted"),
            CONTENT,
            _card_deleted,
            undo="item.deleted",
            describe=text.item_deleted("card"),
        ),
        EventKind(
            "action.created",
            _("Action added"),
            CONTENT,
            _action,
            undo="item.created",
            describe=text.item_created("action"),
        ),
        EventKind(
            "action.updated",
            _("Action edited"),
            CONTENT,
            _action_updated,
            undo="item.updated",
            describe=text.item_updated("action"),
        ),
        EventKind(
            "action.moved",
            _("Action moved"),
            CONTENT,
            touches(("actions",)),
            undo="item.moved",
            describe=text.item_moved("action"),
        ),
        EventKind(
            "action.deleted",
            _("Action deleted"),
            CONTENT,
            _action,
            undo="item.deleted",
            describe=text.item_deleted("action"),
        ),
        # Back from the trash (``maps.trash``), with everything they held.
        *(
            EventKind(
                f"{subject}.restored",
                label,
                STRUCTURE if subject in {"stage", "lane"} else CONTENT,
                _restored(subject),
                undo="item.restored",
                describe=text.item_restored(subject),
            )
            for subject, label in [
                ("stage", _("Stage restored")),
                ("lane", _("Lane restored")),
                ("touchpoint", _("Touchpoint restored")),
                ("card", _("Card restored")),
                ("action", _("Action restored")),
            ]
        ),
        # A CSV of figures (``maps.figures_service``): many metrics cards in one change.
        EventKind(
            "figures.imported",
            _("Figures imported"),
            CONTENT,
            GRID,
            undo="figures.imported",
            describe=text.figures_imported,
        ),
        EventKind(
            "figures.removed",
            _("Figures import undone"),
            CONTENT,
            GRID,
            undo="figures.removed",
            describe=text.figures_removed,
        ),
        EventKind(
            "trash.emptied",
            _("Trash emptied"),
            STRUCTURE,
            touches(),
            no_undo=_("What the trash held is gone for good."),
            describe=text.trash_emptied,
        ),
        # Workshops: the header says one is open, the panel shows its controls.
        EventKind(
            "workshop.started",
            _("Workshop started"),
            FACILITATE,
            WORKSHOP,
            no_undo=NO_UNDO_SESSION,
            describe=text.workshop_started,
        ),
        EventKind(
            "workshop.ended",
            _("Workshop ended"),
            FACILITATE,
            WORKSHOP,
            revokes_access=True,
            no_undo=NO_UNDO_SESSION,
            describe=text.workshop_ended,
        ),
        EventKind(
            "workshop.link_renewed",
            _("Join link renewed"),
            ACCESS,
            WORKSHOP,
            revokes_access=True,
            no_undo=NO_UNDO_ACCESS,
            describe=text.link_renewed,
        ),
        EventKind(
            "workshop.guests_revoked",
            _("Every guest revoked"),
            ACCESS,
            WORKSHOP,
            revokes_access=True,
            no_undo=NO_UNDO_ACCESS,
            describe=text.guests_revoked,
        ),
        # Whether guests may delete and reorder stages and lanes.
        EventKind(
            "workshop.rights_changed",
            _("Guests' rights changed"),
            ACCESS,
            WORKSHOP,
            no_undo=NO_UNDO_ACCESS,
            describe=text.rights_changed,
        ),
        EventKind(
            "timer.started",
            _("Timer started"),
            FACILITATE,
            TIMER,
            no_undo=NO_UNDO_SESSION,
            describe=text.timer_started,
        ),
        EventKind(
            "timer.paused",
            _("Timer paused"),
            FACILITATE,
            TIMER,
            no_undo=NO_UNDO_SESSION,
            describe=text.timer_paused,
        ),
        EventKind(
            "timer.extended",
            _("A minute added to the timer"),
            FACILITATE,
            TIMER,
            no_undo=NO_UNDO_SESSION,
            describe=text.timer_extended,
        ),
        EventKind(
            "timer.reset",
            _("Timer reset"),
            FACILITATE,
            TIMER,
            no_undo=NO_UNDO_SESSION,
            describe=text.timer_reset,
        ),
        EventKind(
            "focus.set",
            _("Focus changed"),
            FACILITATE,
            touches(("focus",)),
            no_undo=NO_UNDO_SESSION,
            describe=text.focus_set,
        ),
        # Any round opening redraws the curve: an emotion round's scores show there.
        EventKind(
            "round.opened",
            _("Round opened"),
            FACILITATE,
            touches(("round",), ("curve",), ("bar",)),
            no_undo=NO_UNDO_SESSION,
            describe=text.round_opened,
        ),
        EventKind(
            "round.closed",
            _("Round closed"),
            FACILITATE,
            _round_ended,
            no_undo=NO_UNDO_SESSION,
            describe=text.round_closed,
        ),
        EventKind(
            "round.dismissed",
            _("Results put away"),
            FACILITATE,
            _round_ended,
            no_undo=NO_UNDO_SESSION,
            describe=text.round_dismissed,
        ),
        # The group's mean becomes the touchpoints' emotions: the grid shows them.
        EventKind(
            "round.adopted",
            _("Group's mean adopted"),
            VOTES,
            touches(("round",), ("grid",)),
            undo="round.adopted",
            describe=text.round_adopted,
        ),
        # Who has voted, never what.
        EventKind(
            "vote.cast",
            _("Vote or score given"),
            VOTES,
            touches(("progress",)),
            no_undo=NO_UNDO_VOTE,
            describe=text.vote_cast,
        ),
        # Made in the Django admin: anything may have changed, the map's workspace too.
        EventKind(
            "admin.changed",
            _("Changed in the admin"),
            Category.ADMIN,
            touches(*WHOLE_MAP),
            revokes_access=True,
            no_undo=_("A change made in the Django admin is taken back there."),
            describe=text.admin_changed,
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
    "trash": _("trash"),
    "figures": _("figures import"),
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
