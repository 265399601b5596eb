"""What changed between two states of a map (``maps.map_state``): pure functions.

Items are matched by id. An item is *added* or *removed* when only one state
holds it; *moved* when it changed its stage or lane, or its place among the
items both states hold in its group (the fewest items that explain the new
order, found with ``difflib``: one card moved up moves one card, not all its
neighbours); *changed* when fields differ, written fields shown word by word.
Touchpoints whose emotion changed are listed apart too, for the curve; on a map
with several personas, so is each persona's emotion that changed (its own entry,
or the touchpoint's emotion it shares), named by persona.

A card's figure is compared as it reads ("42 % → 48 %"), its number and unit
together, so a state written before figures were numbers ("42 %" as text)
matches the same figure typed as a number since. Fields a state does not hold
(written before they existed) are not compared.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from maps.figures import format_figure
from maps.map_state import KINDS, LISTS
from maps.models import (
    Action,
    ActionStatus,
    Card,
    Cause,
    Evidence,
    Lane,
    LaneKind,
    Scale,
    Stage,
    Touchpoint,
)
from maps.persona_curves import felt, state_personas

# Written fields: shown word by word. The others are shown before → after.
TEXT_FIELDS = {
    "stage": ("name",),
    "touchpoint": ("channel", "action", "feeling", "source"),
    "lane": ("title",),
    "card": ("text", "source"),
    "action": ("title", "description", "owner"),
}
# Fields compared, per kind (ids of parents and positions are "moved", not "changed").
# A card's "figure" and "target" are compared as they read, with the card's unit.
EVIDENCE = ("evidence", "source", "source_url", "source_date")
COMPARED = {
    "stage": ("name",),
    "touchpoint": ("channel", "action", "emotion", "feeling", "moment_of_truth", *EVIDENCE),
    "lane": ("kind", "title"),
    "card": ("text", "cause", "figure", "target", "higher_is_better", "period", *EVIDENCE),
    "action": (*Action.CONTENT_FIELDS, "source_card_id"),
}
# What an item's group is: the items ordered together. Actions follow their priority,
# not a place of their own: they never "move".
GROUP = {
    "stage": lambda item: (),
    "touchpoint": lambda item: (item["stage_id"],),
    "lane": lambda item: (),
    "card": lambda item: (item["stage_id"], item["lane_id"]),
}
MODELS = {"stage": Stage, "touchpoint": Touchpoint, "lane": Lane, "card": Card, "action": Action}
CHOICES = {
    "cause": Cause,
    "evidence": Evidence,
    "kind": LaneKind,
    "impact": Scale,
    "effort": Scale,
    "status": ActionStatus,
}
SECTION_TITLES = {
    "stage": _("Stages"),
    "touchpoint": _("Touchpoints"),
    "lane": _("Lanes"),
    "card": _("Cards"),
    "action": _("Action plan"),
}
TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(before: str, after: str) -> SafeString:
    """``after`` with the words taken out in ``<del>`` and those put in in ``<ins>``,
    every piece of text escaped."""
    old, new = TOKENS.findall(before or ""), TOKENS.findall(after or "")
    html: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            html.append(escape("".join(old[i1:i2])))
            continue
        if i2 > i1:
            html.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
        if j2 > j1:
            html.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
    return mark_safe("".join(html))  # noqa: S308  # every piece above is escaped


@dataclass
class FieldChange:
    name: str
    label: str
    before: Any
    after: Any
    # Written fields: the words taken out and put in.
    words: SafeString | None = None


@dataclass
class ItemChange:
    kind: str
    id: int
    # The item in one line, as it is now (as it was, when removed).
    label: str
    # Where it stands: its stage (and lane), as it is now (as it was, when removed).
    where: str = ""
    # Moved: where it stood before.
    was: str = ""
    moved: bool = False
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class EmotionChange:
    id: int
    channel: str
    stage: str
    before: int
    after: int


@dataclass
class PersonaEmotionChange:
    """One persona's emotion at one touchpoint, before → after."""

    persona: str
    id: int
    channel: str
    stage: str
    before: int
    after: int


@dataclass
class KindDiff:
    kind: str
    added: list[ItemChange] = field(default_factory=list)
    removed: list[ItemChange] = field(default_factory=list)
    moved: list[ItemChange] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(SECTION_TITLES[self.kind])

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.moved or self.changed)


@dataclass
class Diff:
    scope: list[FieldChange]
    kinds: list[KindDiff]
    emotions: list[EmotionChange]
    # On a map with several personas: each persona's emotions that changed.
    persona_emotions: list[PersonaEmotionChange] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """How many items were added, removed, moved and changed, all kinds together."""
        return {
            status: sum(len(getattr(kind, status)) for kind in self.kinds)
            for status in ("added", "removed", "moved", "changed")
        }

    @property
    def emotion_count(self) -> int:
        """How many emotions changed, as the curves draw them: persona by persona on a
        map with several (a change of the map's emotion is felt by each persona who
        shares it), else the touchpoints'."""
        return len(self.persona_emotions) or len(self.emotions)

    @property
    def sections(self) -> list[KindDiff]:
        return [kind for kind in self.kinds if kind]

    def __bool__(self) -> bool:
        return bool(self.scope or self.sections)


def _figure(value: Any, unit: str) -> str:
    """A figure as the card shows it ("42 %"); "" for none (or a value that is no number)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return format_figure(number, unit or "")


def _as_shown(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    """A card with its figure and target as they read; other items as they are."""
    if kind != "card" or "value" not in item:
        return item
    unit = item.get("unit", "")
    return {
        **item,
        "figure": _figure(item["value"], unit) or item.get("figure", ""),
        "target": _figure(item.get("target"), unit),
    }


def _label(kind: str, item: dict[str, Any]) -> str:
    if kind == "stage":
        return item["name"]
    if kind == "lane":
        return item["title"]
    if kind == "touchpoint":
        return f"{item['channel']} — {item['action']}" if item.get("action") else item["channel"]
    if kind == "card":
        figure = _as_shown(kind, item).get("figure")
        return f"{figure} — {item['text']}" if figure else item["text"]
    return item["title"]


class _Places:
    """Names of a state's stages and lanes, to say where an item stands."""

    def __init__(self, state: dict[str, Any]):
        self.stages = {s["id"]: s["name"] for s in state.get("stages", [])}
        self.lanes = {lane["id"]: lane["title"] for lane in state.get("lanes", [])}

    def of(self, kind: str, item: dict[str, Any]) -> str:
        stage = self.stages.get(item.get("stage_id"), "")
        if kind == "card":
            return f"{stage} › {self.lanes.get(item['lane_id'], '')}"
        return stage if kind == "touchpoint" else ""


def _same(name: str, old: Any, new: Any) -> bool:
    if name in {"figure", "target"} and isinstance(old, str) and isinstance(new, str):
        # "42 %" typed as text and "42 %" written by format_figure (no-break space) are one.
        return old.split() == new.split()
    return old == new


def _shown(name: str, value: Any) -> Any:
    if name == "moment_of_truth":
        return str(_("yes") if value else _("no"))
    if name == "higher_is_better":
        return str(_("Higher is better") if value else _("Lower is better"))
    if name == "source_date" and value:
        try:
            return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except (TypeError, ValueError):
            return value
    choices = CHOICES.get(name)
    if choices is not None and value not in (None, ""):
        try:
            return str(choices(value).label)
        except ValueError:
            return value
    return value


def _field_changes(kind: str, before: dict, after: dict, labels: dict[str, str]) -> list:
    changes = []
    before, after = _as_shown(kind, before), _as_shown(kind, after)
    for name in COMPARED[kind]:
        if name not in before or name not in after:
            continue  # a state written before the field existed
        old, new = before.get(name), after.get(name)
        if _same(name, old, new):
            continue
        words = word_diff(old or "", new or "") if name in TEXT_FIELDS[kind] else None
        changes.append(
            FieldChange(name, labels[name], _shown(name, old), _shown(name, new), words=words)
        )
    return changes


def _labels(kind: str) -> dict[str, str]:
    meta = MODELS[kind]._meta
    labels = {}
    for name in COMPARED[kind]:
        field_name = name.removesuffix("_id")
        labels[name] = str(getattr(meta.get_field(field_name), "verbose_name", name))
    if kind == "card":
        # The figure as it reads, number and unit: the card's value.
        labels["figure"] = str(Card._meta.get_field("value").verbose_name)
    return labels


def _moved_ids(kind: str, before: dict[int, dict], after_items: list[dict]) -> set[int]:
    """Items that changed group, or the fewest whose place in their group explains the
    new order of the items both states hold."""
    if kind not in GROUP:
        return set()
    group_of = GROUP[kind]
    moved = {
        i["id"]
        for i in after_items
        if i["id"] in before and group_of(before[i["id"]]) != group_of(i)
    }
    order_after: dict[tuple, list[int]] = {}
    for item in after_items:
        if item["id"] in before and item["id"] not in moved:
            order_after.setdefault(group_of(item), []).append(item["id"])
    order_before: dict[tuple, list[int]] = {}
    kept = {i for ids in order_after.values() for i in ids}
    for item_id, item in before.items():
        if item_id in kept:
            order_before.setdefault(group_of(item), []).append(item_id)
    for group, now in order_after.items():
        then = order_before.get(group, [])
        if then == now:
            continue
        matcher = difflib.SequenceMatcher(None, then, now, autojunk=False)
        in_place = {
            now[j + k] for _i, j, size in matcher.get_matching_blocks() for k in range(size)
        }
        moved |= set(now) - in_place
    return moved


def _compared_personas(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[int, str]]:
    """(id, name) of the personas whose emotions are compared: on a map with several
    personas now, those it had at both times, in the curve's order, named as now."""
    now = state_personas(new)
    if not now.multi:
        return []
    then = {entry.get("id") for entry in old.get("personas", [])}
    return [(persona.pk, persona.name) for persona in now.all if persona.pk in then]


def _felt(touchpoint: dict[str, Any], persona_id: int) -> int:
    return felt(touchpoint.get("persona_emotions"), touchpoint["emotion"], persona_id)


def _persona_fields(
    before: dict[str, Any], after: dict[str, Any], personas: list[tuple[int, str]]
) -> list[FieldChange]:
    """A touchpoint's changes of emotion, persona by persona."""
    return [
        FieldChange(
            "emotion",
            str(_("Emotion for %(name)s") % {"name": name}),
            _felt(before, pk),
            _felt(after, pk),
        )
        for pk, name in personas
        if _felt(before, pk) != _felt(after, pk)
    ]


def _kind_diff(kind: str, old: dict[str, Any], new: dict[str, Any]) -> KindDiff:
    key = LISTS[kind]
    before = {item["id"]: item for item in old.get(key, [])}
    after_items = new.get(key, [])
    after = {item["id"]: item for item in after_items}
    places_before, places_after = _Places(old), _Places(new)
    labels = _labels(kind)
    result = KindDiff(kind)
    moved = _moved_ids(kind, before, after_items)
    personas = _compared_personas(old, new) if kind == "touchpoint" else []
    for item in after_items:
        where = places_after.of(kind, item)
        if item["id"] not in before:
            result.added.append(ItemChange(kind, item["id"], _label(kind, item), where))
            continue
        earlier = before[item["id"]]
        change = ItemChange(
            kind,
            item["id"],
            _label(kind, item),
            where,
            fields=_field_changes(kind, earlier, item, labels),
        )
        change.fields += _persona_fields(earlier, item, personas)
        if item["id"] in moved:
            change.moved = True
            change.was = places_before.of(kind, earlier)
            result.moved.append(change)
        if change.fields:
            result.changed.append(change)
    for item in old.get(key, []):
        if item["id"] not in after:
            label = _label(kind, item)
            result.removed.append(ItemChange(kind, item["id"], label, places_before.of(kind, item)))
    return result


def _emotions(old: dict[str, Any], new: dict[str, Any]) -> list[EmotionChange]:
    before = {t["id"]: t for t in old.get("touchpoints", [])}
    stages = _Places(new).stages
    return [
        EmotionChange(
            t["id"],
            t["channel"],
            stages.get(t["stage_id"], ""),
            before[t["id"]]["emotion"],
            t["emotion"],
        )
        for t in new.get("touchpoints", [])
        if t["id"] in before and before[t["id"]]["emotion"] != t["emotion"]
    ]


def _persona_emotions(old: dict[str, Any], new: dict[str, Any]) -> list[PersonaEmotionChange]:
    """Persona by persona, then in the map's order: the touchpoints whose emotion, as that
    persona feels it, changed."""
    before = {t["id"]: t for t in old.get("touchpoints", [])}
    stages = _Places(new).stages
    return [
        PersonaEmotionChange(
            name,
            t["id"],
            t["channel"],
            stages.get(t["stage_id"], ""),
            _felt(before[t["id"]], pk),
            _felt(t, pk),
        )
        for pk, name in _compared_personas(old, new)
        for t in new.get("touchpoints", [])
        if t["id"] in before and _felt(before[t["id"]], pk) != _felt(t, pk)
    ]


def _scope(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    changes = []
    for name, label in (("title", _("Title")), ("targets", _("Targets")), ("offers", _("Offers"))):
        if old.get(name, "") != new.get(name, ""):
            changes.append(
                FieldChange(
                    name,
                    str(label),
                    old.get(name, ""),
                    new.get(name, ""),
                    words=word_diff(old.get(name, ""), new.get(name, "")),
                )
            )
    old_type, new_type = old.get("journey_type") or {}, new.get("journey_type") or {}
    if old_type.get("id") != new_type.get("id"):
        changes.append(
            FieldChange(
                "journey_type", str(_("Journey type")), old_type.get("name"), new_type.get("name")
            )
        )
    old_people = [p["name"] for p in old.get("personas", [])]
    new_people = [p["name"] for p in new.get("personas", [])]
    if {p["id"] for p in old.get("personas", [])} != {p["id"] for p in new.get("personas", [])}:
        changes.append(
            FieldChange(
                "personas", str(_("Personas")), ", ".join(old_people), ", ".join(new_people)
            )
        )
    return changes


def diff(old: dict[str, Any], new: dict[str, Any]) -> Diff:
    """What changed from the state ``old`` to the state ``new``."""
    return Diff(
        scope=_scope(old, new),
        kinds=[_kind_diff(kind, old, new) for kind in KINDS],
        emotions=_emotions(old, new),
        persona_emotions=_persona_emotions(old, new),
    )
