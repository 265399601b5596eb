"""How each event reads to a person, for the map's history.

Each kind's entry in ``maps.events`` names one of the functions below as its
``describe``: given the event and the ``Names`` of the page, it returns a
sentence without its actor ("moved the card « Paiement refusé » from Décision
to Achat"), plain text the template escapes. Stages and lanes are named as the
map names them now, else as the event recorded them, else as deleted.

Events written before payloads carried "before", "order" or "content" read
with what they hold: "edited the card « … »" rather than what changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from maps.figures import format_figure
from maps.models import Action, Card, Evidence, Lane, MapEvent, RoundKind, Stage, Touchpoint

Describe = Callable[[MapEvent, "Names"], str]


def says(sentence: Promise) -> Describe:
    """A kind that reads the same whatever its payload ("locked the map")."""
    return lambda event, names: str(sentence)


# Long card texts are cut: the sentence must stay one line on a phone.
QUOTE_LENGTH = 80


@dataclass
class Names:
    """What a page of events needs to be read, loaded once for the whole page."""

    stages: dict[int, str] = field(default_factory=dict)
    lanes: dict[int, str] = field(default_factory=dict)
    # Cards, touchpoints and actions a move names by id alone: (kind, id) -> text.
    items: dict[tuple[str, int], str] = field(default_factory=dict)
    # The events an undo or a redo takes back, by revision.
    reverted: dict[int, MapEvent] = field(default_factory=dict)


ITEM_MODELS: dict[str, type[Card | Touchpoint | Action]] = {
    "card": Card,
    "touchpoint": Touchpoint,
    "action": Action,
}


def names_for(journey_map_id: int, events: Iterable[MapEvent]) -> Names:
    """The names a page of events reads, in seven queries whatever the page holds: the
    stages, the lanes, the events taken back (an undo's, then a redo's undo's), and the
    cards, touchpoints and actions a move names by id alone."""
    events = list(events)
    names = Names(
        stages=dict(Stage.objects.filter(journey_map_id=journey_map_id).values_list("pk", "name")),
        lanes=dict(Lane.objects.filter(journey_map_id=journey_map_id).values_list("pk", "title")),
    )
    # 0 is no revision and no id: the queries run even when the page needs nothing from
    # them, so that every page costs the same.
    of_map = MapEvent.objects.filter(journey_map_id=journey_map_id)
    wanted = _reverted_revisions(events)
    for _level in ("undone", "redone"):  # an undo's event, then a redo's undo's event
        found = of_map.filter(revision__in=[*(wanted - set(names.reverted)), 0])
        names.reverted.update({event.revision: event for event in found})
        wanted = _reverted_revisions(names.reverted.values())
    moved: dict[str, set[int]] = {subject: {0} for subject in ITEM_MODELS}
    for event in [*events, *names.reverted.values()]:
        subject, _dot, verb = event.kind.partition(".")
        if verb == "moved" and subject in ITEM_MODELS and "id" in event.payload:
            moved[subject].add(event.payload["id"])
    for subject, ids in moved.items():
        for item in ITEM_MODELS[subject].objects.filter(journey_map_id=journey_map_id, pk__in=ids):
            names.items[(subject, item.pk)] = _item_text(subject, _fields_of(item))
    return names


def _reverted_revisions(events: Iterable[MapEvent]) -> set[int]:
    return {event.reverts for event in events if event.reverts is not None}


def _fields_of(item: Any) -> dict[str, Any]:
    return {f.attname: getattr(item, f.attname) for f in item._meta.concrete_fields}


def sentence(event: MapEvent, names: Names, describe: Callable[[MapEvent], Describe]) -> str:
    """The event's sentence; an undo says what it took back, a redo what it did again.

    ``describe`` gives a kind's describe (``events.kind_of(name).describe``): passed in,
    this module is read by the registry and cannot read it back.
    """
    if event.reverts is None:
        return describe(event)(event, names)
    taken_back = names.reverted.get(event.reverts)
    if taken_back is None:
        return _("undid a change")
    if taken_back.reverts is not None:
        original = names.reverted.get(taken_back.reverts)
        if original is not None:
            return _("redid: %(change)s") % {"change": describe(original)(original, names)}
        return _("redid a change")
    return _("undid: %(change)s") % {"change": describe(taken_back)(taken_back, names)}


# Pieces ----------------------------------------------------------------------------


def quoted(text: Any) -> str:
    text = " ".join(str(text or "").split())
    if len(text) > QUOTE_LENGTH:
        text = text[: QUOTE_LENGTH - 1].rstrip() + "…"
    return _("“%(text)s”") % {"text": text}


def stage_name(names: Names, stage_id: Any, recorded: str = "") -> str:
    """A stage as the map names it now, else as the event recorded it."""
    return names.stages.get(stage_id) or recorded or _("a deleted stage")


def lane_name(names: Names, lane_id: Any, recorded: str = "") -> str:
    return names.lanes.get(lane_id) or recorded or _("a deleted lane")


def _item_text(subject: str, values: dict[str, Any]) -> str:
    if subject == "touchpoint":
        return values.get("action") or values.get("channel") or ""
    if subject == "card":
        return values.get("text") or values.get("figure") or ""
    if subject == "stage":
        return values.get("name") or ""
    return values.get("title") or ""  # a lane, an action


def _named(subject: str, text: str) -> str:
    """ "the card « … »", or "a card" when nothing names it."""
    if not text:
        return {
            "stage": _("a deleted stage"),
            "lane": _("a deleted lane"),
            "card": _("a card"),
            "touchpoint": _("a touchpoint"),
        }.get(subject, _("an action"))
    phrase = {
        "stage": _("the stage %(name)s"),
        "lane": _("the lane %(name)s"),
        "card": _("the card %(name)s"),
        "touchpoint": _("the touchpoint %(name)s"),
    }.get(subject, _("the action %(name)s"))
    return phrase % {"name": quoted(text)}


def _item(subject: str, event: MapEvent, names: Names) -> str:
    """The item the event is about: stages and lanes by their name now."""
    payload = event.payload
    pk = payload.get("id")
    current = {"stage": names.stages, "lane": names.lanes}.get(subject, {}).get(pk)
    text = current or _item_text(subject, payload) or names.items.get((subject, pk), "")
    return _named(subject, text)


def _place(names: Names, values: dict, lane: bool = True) -> str:
    """Where a card or touchpoint sits: its stage, and a card's lane."""
    stage = stage_name(names, values.get("stage_id"))
    if not lane or "lane_id" not in values:
        return stage
    return _("%(stage)s, %(lane)s") % {"stage": stage, "lane": lane_name(names, values["lane_id"])}


def _content(count: int) -> str:
    return ngettext("its %(count)d item", "its %(count)d items", count) % {"count": count}


# What changed in an update, by field: the noun a person reads.
def _field_nouns() -> dict[str, str]:
    return {
        "name": _("name"),
        "title": _("title"),
        "kind": _("kind"),
        "text": _("text"),
        "cause": _("cause"),
        "figure": _("figure"),
        "channel": _("channel"),
        "action": _("what the customer does"),
        "emotion": _("emotion"),
        "feeling": _("feeling"),
        "persona_emotions": _("emotion of each persona"),
        "description": _("description"),
        "owner": _("owner"),
        "due_date": _("due date"),
        "impact": _("impact"),
        "effort": _("effort"),
        "status": _("status"),
        "source_card_id": _("card it answers"),
        "moment_of_truth": _("moment of truth"),
        "evidence": _("evidence"),
        "source": _("source"),
        "source_url": _("link to the source"),
        "source_date": _("date of the source"),
        "value": _("value"),
        "unit": _("unit"),
        "target": _("target"),
        "higher_is_better": _("which way is ahead"),
        "period": _("period"),
        "targets": _("targets"),
        "offers": _("offers"),
        "journey_type_id": _("journey type"),
        "persona_ids": _("personas"),
    }


# Items -----------------------------------------------------------------------------


def item_created(subject: str) -> Describe:
    def describe(event: MapEvent, names: Names) -> str:
        item = _item(subject, event, names)
        if subject in {"card", "touchpoint"} and "stage_id" in event.payload:
            return _("added %(item)s in %(place)s") % {
                "item": item,
                "place": _place(names, event.payload),
            }
        return _("added %(item)s") % {"item": item}

    return describe


def item_updated(subject: str) -> Describe:
    def describe(event: MapEvent, names: Names) -> str:
        payload = event.payload
        before = payload.get("before")
        if not before:  # recorded before updates kept what they replaced
            return _("edited %(item)s") % {"item": _item(subject, event, names)}
        changed = [
            key
            for key, value in payload.items()
            if key in before and key not in {"id", "version", "position"} and before[key] != value
        ]
        moved = [key for key in changed if key in {"stage_id", "lane_id"}]
        renamed = [key for key in changed if key == ("name" if subject == "stage" else "title")]
        nouns = _field_nouns()
        others = [str(nouns.get(key, key)) for key in changed if key not in moved]
        if renamed and len(others) == 1 and subject in {"stage", "lane", "action"}:
            return _("renamed %(item)s to %(new)s") % {
                "item": _named(subject, _item_text(subject, before)),
                "new": quoted(payload[renamed[0]]),
            }
        if moved:
            text = _("moved %(item)s from %(from)s to %(to)s") % {
                "item": _item(subject, event, names),
                "from": _place(names, before, lane="lane_id" in moved),
                "to": _place(names, payload, lane="lane_id" in moved),
            }
            if others:
                text = _("%(moved)s and edited its %(fields)s") % {
                    "moved": text,
                    "fields": ", ".join(others),
                }
            return text
        told = _method_update(subject, changed, before, payload, _item(subject, event, names))
        if told:
            return told
        if changed == ["text"] and subject == "card":
            return _("rewrote the card %(old)s as %(new)s") % {
                "old": quoted(before["text"]),
                "new": quoted(payload["text"]),
            }
        if others:
            return _("edited %(item)s: %(fields)s") % {
                "item": _item(subject, event, names),
                "fields": ", ".join(others),
            }
        return _("edited %(item)s") % {"item": _item(subject, event, names)}

    return describe


# What an evidence change, a figure or a moment of truth reads like on its own.
EVIDENCE_FIELDS = {"evidence", "source", "source_url", "source_date"}
FIGURE_FIELDS = {"value", "unit", "target", "higher_is_better", "period", "figure"}


def _figure(values: dict[str, Any], name: str = "value") -> str:
    """A card's figure (or target) as it reads, from an event's values ("42 %")."""
    value = values.get(name)
    if value is None or value == "":
        return values.get("figure") or "" if name == "value" else ""
    try:
        return format_figure(Decimal(str(value)), values.get("unit") or "")
    except InvalidOperation:
        return str(value)


def _method_update(
    subject: str, changed: list[str], before: dict, payload: dict, item: str
) -> str | None:
    """The sentence of an update that only marked evidence, a figure or a moment of truth:
    "marked the card « … » as measured"; None for any other update."""
    if not changed:
        return None
    keys = set(changed)
    if "evidence" in keys and keys <= EVIDENCE_FIELDS:
        levels: dict[str, str] = {
            Evidence.ASSUMPTION: _("marked %(item)s as an assumption"),
            Evidence.OBSERVED: _("marked %(item)s as observed"),
            Evidence.MEASURED: _("marked %(item)s as measured"),
        }
        sentence = levels.get(str(payload.get("evidence")), _("changed the evidence of %(item)s"))
        sentence = sentence % {"item": item}
        if "source" in keys and payload.get("source"):
            sentence = _("%(sentence)s (source: %(source)s)") % {
                "sentence": sentence,
                "source": quoted(payload["source"]),
            }
        return sentence
    if keys == {"moment_of_truth"}:
        if payload.get("moment_of_truth"):
            return _("marked %(item)s as a moment of truth") % {"item": item}
        return _("took %(item)s off the moments of truth") % {"item": item}
    if subject != "card" or not keys <= FIGURE_FIELDS:
        return None
    new, old = _figure(payload), _figure(before)
    if keys & {"value", "unit", "figure"} and new:
        if not old:
            return _("set the figure to %(new)s on %(item)s") % {"new": new, "item": item}
        return _("changed the figure from %(old)s to %(new)s on %(item)s") % {
            "old": old,
            "new": new,
            "item": item,
        }
    target = _figure(payload, "target")
    if "target" in keys and target:
        return _("set the target to %(target)s on %(item)s") % {"target": target, "item": item}
    return None


def item_moved(subject: str) -> Describe:
    def describe(event: MapEvent, names: Names) -> str:
        payload = event.payload
        item = _item(subject, event, names)
        order, before = payload.get("order"), payload.get("before_order")
        pk = payload.get("id")
        if not order or not before or pk not in order or pk not in before:
            return _("moved %(item)s") % {"item": item}
        step = order.index(pk) - before.index(pk)
        if step == 0:
            return _("moved %(item)s") % {"item": item}
        if subject == "stage":
            way = _("to the left") if step < 0 else _("to the right")
        elif subject == "touchpoint":
            way = _("earlier") if step < 0 else _("later")
        else:
            way = _("up") if step < 0 else _("down")
        if subject in {"card", "touchpoint"} and "stage_id" in payload:
            return _("moved %(item)s %(way)s in %(place)s") % {
                "item": item,
                "way": way,
                "place": _place(names, payload),
            }
        return _("moved %(item)s %(way)s") % {"item": item, "way": way}

    return describe


def item_deleted(subject: str) -> Describe:
    def describe(event: MapEvent, names: Names) -> str:
        item = _item(subject, event, names)
        count = event.payload.get("content") or 0
        if count:
            return _("deleted %(item)s and %(content)s") % {
                "item": item,
                "content": _content(count),
            }
        return _("deleted %(item)s") % {"item": item}

    return describe


def item_restored(subject: str) -> Describe:
    def describe(event: MapEvent, names: Names) -> str:
        item = _item(subject, event, names)
        count = event.payload.get("content") or 0
        if count:
            return _("restored %(item)s and %(content)s from the trash") % {
                "item": item,
                "content": _content(count),
            }
        return _("restored %(item)s from the trash") % {"item": item}

    return describe


def trash_emptied(event: MapEvent, names: Names) -> str:
    count = event.payload.get("count")
    if count is None:
        return _("emptied the trash")
    return ngettext(
        "emptied the trash (%(count)d item)", "emptied the trash (%(count)d items)", count
    ) % {"count": count}


def figures_imported(event: MapEvent, names: Names) -> str:
    payload = event.payload
    count = len(payload.get("cards", []))
    if event.reverts is not None:
        return ngettext(
            "imported the figure again (%(count)d card)",
            "imported the figures again (%(count)d cards)",
            count,
        ) % {"count": count}
    return ngettext(
        "imported %(count)d figure (cards added: %(created)d, updated: %(updated)d)",
        "imported %(count)d figures (cards added: %(created)d, updated: %(updated)d)",
        count,
    ) % {"count": count, "created": payload.get("created", 0), "updated": payload.get("updated", 0)}


def figures_removed(event: MapEvent, names: Names) -> str:
    count = len(event.payload.get("cards", []))
    return ngettext(
        "undid the import of %(count)d figure",
        "undid the import of %(count)d figures",
        count,
    ) % {"count": count}


# The map ---------------------------------------------------------------------------


def map_created(event: MapEvent, names: Names) -> str:
    title = event.payload.get("title")
    return (
        _("created the map %(title)s") % {"title": quoted(title)} if title else _("created the map")
    )


def map_imported(event: MapEvent, names: Names) -> str:
    title = event.payload.get("title")
    if title:
        return _("imported the map %(title)s") % {"title": quoted(title)}
    return _("imported the map")


def map_updated(event: MapEvent, names: Names) -> str:
    payload, before = event.payload, event.payload.get("before")
    if not before:
        return _("changed the map's title and scope")
    nouns = _field_nouns()
    changed = [str(nouns.get(k, k)) for k, v in payload.items() if k in before and before[k] != v]
    if changed == [str(nouns["title"])]:
        return _("renamed the map %(old)s to %(new)s") % {
            "old": quoted(before["title"]),
            "new": quoted(payload["title"]),
        }
    if not changed:
        return _("changed the map's title and scope")
    return _("changed the map's %(fields)s") % {"fields": ", ".join(changed)}


def map_restored(event: MapEvent, names: Names) -> str:
    name = event.payload.get("snapshot_name") or event.payload.get("name")
    if name:
        text = _("restored the map as it was in the snapshot %(name)s") % {"name": quoted(name)}
    else:
        text = _("restored the map from a snapshot")
    # Restores before the trash took their removed items carry no count.
    trashed = event.payload.get("trashed") or 0
    if trashed:
        text += ngettext(
            " (%(count)d removed item put in the trash)",
            " (%(count)d removed items put in the trash)",
            trashed,
        ) % {"count": trashed}
    return text


map_locked = says(gettext_lazy("locked the map"))
map_unlocked = says(gettext_lazy("unlocked the map"))


# Workshops and facilitation --------------------------------------------------------


workshop_started = says(gettext_lazy("started a workshop"))
workshop_ended = says(gettext_lazy("ended the workshop"))
link_renewed = says(gettext_lazy("renewed the join link"))
guests_revoked = says(gettext_lazy("revoked every guest's access"))


def rights_changed(event: MapEvent, names: Names) -> str:
    allowed = event.payload.get("guests_restructure")
    if allowed is True:
        return _("let guests delete and reorder stages and lanes")
    if allowed is False:
        return _("kept stage and lane deletion and reordering for facilitators")
    return _("changed what guests may do")


def timer_started(event: MapEvent, names: Names) -> str:
    seconds = event.payload.get("duration")
    if not seconds:
        return _("started the timer")
    minutes = max(1, round(seconds / 60))
    return ngettext(
        "started the timer (%(count)d minute)", "started the timer (%(count)d minutes)", minutes
    ) % {"count": minutes}


timer_paused = says(gettext_lazy("paused the timer"))
timer_extended = says(gettext_lazy("added a minute to the timer"))
timer_reset = says(gettext_lazy("reset the timer"))


def focus_set(event: MapEvent, names: Names) -> str:
    target = event.payload.get("focus") or ""
    kind, _dash, pk = target.partition("-")
    if not target or not pk.isdigit():
        return _("let everyone roam the map again")
    if kind == "stage":
        return _("brought everyone to %(stage)s") % {
            "stage": _named("stage", names.stages.get(int(pk), ""))
        }
    return _("brought everyone to %(lane)s") % {
        "lane": _named("lane", names.lanes.get(int(pk), ""))
    }


def _round(event: MapEvent) -> str:
    if event.payload.get("kind") == RoundKind.EMOTION:
        return _("a silent emotion scoring round")
    if event.payload.get("kind") == RoundKind.DOTS:
        return _("a dot voting round")
    return _("a round")


def _round_for(event: MapEvent) -> str:
    """The round, with the persona it was scored as ("… for Nell"), as named then."""
    persona = event.payload.get("persona_name")
    if persona and event.payload.get("kind") == RoundKind.EMOTION:
        return _("a silent emotion scoring round for %(persona)s") % {"persona": persona}
    return _round(event)


def round_opened(event: MapEvent, names: Names) -> str:
    return _("opened %(round)s") % {"round": _round_for(event)}


def round_closed(event: MapEvent, names: Names) -> str:
    return _("closed %(round)s") % {"round": _round_for(event)}


def round_dismissed(event: MapEvent, names: Names) -> str:
    return _("put away the results of %(round)s") % {"round": _round_for(event)}


def round_adopted(event: MapEvent, names: Names) -> str:
    # How many touchpoints took the mean, never the scores behind it.
    count = len(event.payload.get("emotions") or {})
    persona = event.payload.get("persona_name")
    if persona:
        return ngettext(
            "adopted the group's mean as %(persona)s's emotion at %(count)d touchpoint",
            "adopted the group's mean as %(persona)s's emotions at %(count)d touchpoints",
            count,
        ) % {"count": count, "persona": persona}
    if not count:
        return _("adopted the group's mean as the touchpoints' emotions")
    return ngettext(
        "adopted the group's mean as the emotion of %(count)d touchpoint",
        "adopted the group's mean as the emotions of %(count)d touchpoints",
        count,
    ) % {"count": count}


def vote_cast(event: MapEvent, names: Names) -> str:
    # Who voted, never what: a ballot is its voter's.
    return _("voted")


# The admin -------------------------------------------------------------------------


def admin_changed(event: MapEvent, names: Names) -> str:
    payload = event.payload
    thing = _model_name(payload.get("model", ""))
    change = payload.get("change")
    if change == "added":
        return _("added a %(thing)s in the admin") % {"thing": thing}
    if change == "changed":
        nouns = _field_nouns()
        fields = [str(nouns.get(name, name)) for name in payload.get("fields") or []]
        if fields:
            return _("changed a %(thing)s in the admin: %(fields)s") % {
                "thing": thing,
                "fields": ", ".join(fields),
            }
        return _("changed a %(thing)s in the admin") % {"thing": thing}
    if change == "deleted" and payload.get("model") == "trasheditem":
        count = len(payload.get("ids") or []) or 1
        return ngettext(
            "deleted %(count)d item from the trash for good in the admin",
            "deleted %(count)d items from the trash for good in the admin",
            count,
        ) % {"count": count}
    if change == "deleted":
        count = len(payload.get("ids") or []) or 1
        return ngettext(
            "deleted %(count)d %(thing)s in the admin",
            "deleted %(count)d items (%(thing)s) in the admin",
            count,
        ) % {"count": count, "thing": thing}
    return _("made a change in the admin")


def _model_name(model_name: str) -> str:
    for model in apps.get_models():
        if model._meta.model_name == model_name:
            return str(model._meta.verbose_name)
    return _("item")


def undescribed(event: MapEvent, names: Names) -> str:
    """A kind met but not declared (an old row, a kind since removed)."""
    return _("made a change (%(kind)s)") % {"kind": event.kind}


def workshop_label(started_at) -> str:
    return _("Workshop of %(date)s") % {"date": date_format(started_at, "DATE_FORMAT")}
