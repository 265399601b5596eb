"""A map as JSON, and back: lossless, versioned, and wary of what it reads.

The file carries ``format`` and ``schema_version``; a reader refuses a file
it does not know rather than guess, and still reads every older version.
Order is the order of the lists (the positions are renumbered on import),
cards name their stage by its index, actions name the card they answer by
its lane's index and its index in that lane.

What the file carries is the map's content: its title, scope, journey type
and personas (by value), stages, touchpoints, lanes, cards and the action
plan, every field of each (``CARRIED``). What it leaves out, and why, is
``NOT_CARRIED``: ids, versions and dates, who made what, the lock, persona
photos (files; the persona library keeps them), and the workshop's records —
workshops, guests, the event log, and rounds with their ballots. Ballots are
secret and are never exported; what a round decided is already content (an
adopted score is the touchpoint's emotion, a vote's winner an action).

Reading checks everything before anything is written: types, lengths (the
same bounds as the editor's forms), choices, references and sizes (the map
limits of ``maps.limits``), and it names the place of the first problem so
that the user can fix the file.

Schema versions: 1 had no action plan; 2 adds ``actions`` and
``map.journey_type_name``; 3 adds, on request only, the map's snapshots
(``maps.export.json_snapshots``). 4 is 2 with the method in full: on cards and
touchpoints the evidence (``evidence``: assumption, observed or measured;
``source``, ``source_url``, ``source_date``); on cards the figure as a number
(``value`` and ``target`` written as text, "42.5", so that no float rounds
them; ``unit``, ``higher_is_better``, ``period``, and ``figure`` for a figure
that only reads as text); on touchpoints ``moment_of_truth`` and
``persona_emotions``, a list of ``{"persona": i, "emotion": e}`` where ``i`` is
the persona's index in the file's ``personas`` (the map's own persona ids mean
nothing elsewhere; an entry for a persona no longer on the map is left out);
persona sheets carry ``motivations`` and ``reluctances``; lanes may be of the
kind ``strengths``. 5 is 4 with the snapshots, as 3 is 2 with them: the
snapshots stay on request, and a file without them says 4.

Every older schema still reads: what it lacks takes the model's default (an
assumption with no source, not a moment of truth), and a schema 1–3 card's
``figure`` text that reads as a number and a unit ("42 %") becomes its value
and unit, as the database's own figures did (migration maps 0010).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maps import limits
from maps.export import json_snapshots
from maps.export.refusal import MAX_PERSONAS, ImportRefused
from maps.figures import parse_figure, parse_number
from maps.grid import build_grid
from maps.json_values import decimal_text
from maps.models import (
    Action,
    ActionStatus,
    Card,
    Cause,
    Evidence,
    JourneyMap,
    JourneyType,
    Lane,
    LaneKind,
    Scale,
    Stage,
    Touchpoint,
    Unit,
)
from personas.models import SHEET_FIELDS, TEXT_FIELDS, Persona, Segment
from workspaces.models import Workspace

FORMAT = "parcours.journey-map"
# The newest schema read; a file written without snapshots says ``PLAIN_SCHEMA``.
SCHEMA_VERSION = 5
PLAIN_SCHEMA = 4
# The schemas whose files may carry snapshots.
SNAPSHOT_SCHEMAS = (3, 5)
# From this schema on, cards and touchpoints carry their evidence and figures.
METHOD_SCHEMA = 4
ACTION_FIELDS = ("title", "description", "owner", "due_date", "impact", "effort", "status")

# Every field of the map's content models, in one of two lists. A field added to one of
# these models and in neither list fails tests/maps/test_export_json_lossless.py.
CARRIED = {
    JourneyMap: (
        "title",
        "targets",
        "offers",
        "journey_type",
        "personas",
        "stages",
        "touchpoints",
        "lanes",
        "cards",
        "actions",
    ),
    Stage: ("journey_map", "name", "position", "touchpoints", "cards"),
    Touchpoint: (
        "journey_map",
        "stage",
        *Touchpoint.CONTENT_FIELDS,
        "position",
    ),
    Lane: ("journey_map", "kind", "title", "position", "cards"),
    Card: (
        "journey_map",
        "lane",
        "stage",
        *Card.CONTENT_FIELDS,
        "position",
        "actions",
    ),
    Action: ("journey_map", *ACTION_FIELDS, "source_card", "position"),
    Persona: (*SHEET_FIELDS, "maps"),
}
NOT_CARRIED = {
    JourneyMap: {
        "id": "the database's",
        "workspace": "the importer chooses it",
        "revision": "the copy starts its own history",
        "version": "an edit counter",
        "locked": "a workshop control: the copy starts unlocked",
        "created_by": "the importer",
        "created_at": "the copy's own",
        "updated_at": "the copy's own",
        "events": "the history stays with the original",
        "workshops": "a workshop's record, not the map's content",
        "rounds": "a workshop's record; ballots are secret",
        "snapshots": "only on request (``export_map(snapshots=True)``, json_snapshots)",
        "trash": "what was deleted stays restorable on the original, for 30 days",
        "share_links": "secrets that open the original: a copy is shared anew",
    },
    Stage: {"id": "", "version": "an edit counter"},
    Touchpoint: {"id": "", "version": "an edit counter"},
    Lane: {"id": "", "version": "an edit counter"},
    Card: {"id": "", "version": "an edit counter"},
    Action: {"id": "", "version": "an edit counter"},
    Persona: {
        "id": "",
        "workspace": "the importer's",
        "photo": "a file, kept by the persona library",
        "version": "an edit counter",
        "created_at": "",
        "updated_at": "",
    },
}


# Writing --------------------------------------------------------------------


def _evidence(item: Touchpoint | Card) -> dict[str, Any]:
    return {
        "evidence": item.evidence,
        "source": item.source,
        "source_url": item.source_url,
        "source_date": item.source_date.isoformat() if item.source_date else None,
    }


def _figure(card: Card) -> dict[str, Any]:
    return {
        "value": None if card.value is None else decimal_text(card.value),
        "unit": card.unit,
        "target": None if card.target is None else decimal_text(card.target),
        "higher_is_better": card.higher_is_better,
        "period": card.period,
        "figure": card.figure,
    }


def _persona_emotions(touchpoint: Touchpoint, persona_index: dict[str, int]) -> list[dict]:
    """By the persona's index in the file; a persona no longer on the map is left out."""
    return sorted(
        (
            {"persona": persona_index[key], "emotion": emotion}
            for key, emotion in (touchpoint.persona_emotions or {}).items()
            if key in persona_index
        ),
        key=lambda entry: entry["persona"],
    )


def export_map(journey_map: JourneyMap, *, snapshots: bool = False) -> dict[str, Any]:
    """The map as a file's data; with ``snapshots``, its snapshots too (schema 5)."""
    grid = build_grid(journey_map)
    personas = list(journey_map.personas.order_by("name", "pk"))
    persona_index = {str(persona.pk): i for i, persona in enumerate(personas)}
    stage_index = {column.stage.pk: i for i, column in enumerate(grid.columns)}
    lanes = []
    # Where each card sits in the file: its lane's index, its index in that lane.
    card_place: dict[int, dict[str, int]] = {}
    for lane_number, row in enumerate(grid.rows):
        cards = [card for cell in row.cells for card in cell.cards]
        for card_number, card in enumerate(cards):
            card_place[card.pk] = {"lane": lane_number, "card": card_number}
        lanes.append(
            {
                "kind": row.lane.kind,
                "title": row.lane.title,
                "cards": [
                    {
                        "stage": stage_index[card.stage_id],
                        "text": card.text,
                        "cause": card.cause,
                        **_figure(card),
                        **_evidence(card),
                    }
                    for card in cards
                ],
            }
        )
    actions = list(Action.objects.filter(journey_map=journey_map).order_by("position", "pk"))
    data = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION if snapshots else PLAIN_SCHEMA,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "map": {
            "title": journey_map.title,
            "targets": journey_map.targets,
            "offers": journey_map.offers,
            "journey_type": journey_map.journey_type.slug,
            # Finds the workspace's own type of that name when the code differs there.
            "journey_type_name": journey_map.journey_type.name,
        },
        "personas": [
            {name: getattr(persona, name) for name in SHEET_FIELDS} for persona in personas
        ],
        "stages": [
            {
                "name": column.stage.name,
                "touchpoints": [
                    {
                        "channel": t.channel,
                        "action": t.action,
                        "emotion": t.emotion,
                        "feeling": t.feeling,
                        "moment_of_truth": t.moment_of_truth,
                        "persona_emotions": _persona_emotions(t, persona_index),
                        **_evidence(t),
                    }
                    for t in column.touchpoints
                ],
            }
            for column in grid.columns
        ],
        "lanes": lanes,
        "actions": [
            {
                "title": action.title,
                "description": action.description,
                "owner": action.owner,
                "due_date": action.due_date.isoformat() if action.due_date else None,
                "impact": action.impact,
                "effort": action.effort,
                "status": action.status,
                "source_card": (
                    card_place.get(action.source_card_id) if action.source_card_id else None
                ),
            }
            for action in actions
        ],
    }
    if snapshots:
        item_ids = {
            "stage": [column.stage.pk for column in grid.columns],
            "touchpoint": [t.pk for column in grid.columns for t in column.touchpoints],
            "lane": [row.lane.pk for row in grid.rows],
            "card": [card.pk for row in grid.rows for cell in row.cells for card in cell.cards],
            "action": [action.pk for action in actions],
        }
        data.update(json_snapshots.write(journey_map, item_ids))
    return data


def dumps(journey_map: JourneyMap, *, snapshots: bool = False) -> str:
    return json.dumps(export_map(journey_map, snapshots=snapshots), ensure_ascii=False, indent=2)


# Reading --------------------------------------------------------------------


@dataclass
class ImportedMap:
    """A checked file, ready to be written."""

    title: str
    targets: str
    offers: str
    journey_type: JourneyType
    personas: list[dict[str, Any]] = field(default_factory=list)
    stages: list[dict[str, Any]] = field(default_factory=list)
    lanes: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    # Schema 3, on request: the snapshots and the exported map's item ids they name.
    snapshots: list[dict[str, Any]] = field(default_factory=list)
    snapshot_item_ids: dict[str, list[int]] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "stages": len(self.stages),
            "touchpoints": sum(len(s["touchpoints"]) for s in self.stages),
            "lanes": len(self.lanes),
            "cards": sum(len(lane["cards"]) for lane in self.lanes),
            "actions": len(self.actions),
            "personas": len(self.personas),
        }


def max_bytes() -> int:
    return settings.PARCOURS_MAX_IMPORT_MB * 1024 * 1024


def too_large_message() -> str:
    return _("The file is too large: a map file is at most %(size)d MB.") % {
        "size": settings.PARCOURS_MAX_IMPORT_MB
    }


def _refuse_constant(name: str):
    raise ImportRefused(_("The file is not valid JSON (it contains %(value)s).") % {"value": name})


def parse(raw: bytes, workspace: Workspace | None = None) -> ImportedMap:
    """The checked content of a file, to be imported into ``workspace``."""
    if len(raw) > max_bytes():
        raise ImportRefused(too_large_message())
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(_("The file is not UTF-8 text: is it really a map file?")) from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except ImportRefused:
        raise
    except RecursionError:
        raise ImportRefused(_("The file is not a map: it is nested too deeply.")) from None
    except ValueError as error:
        raise ImportRefused(
            _("The file is not valid JSON (line %(line)s): %(error)s")
            % {"line": getattr(error, "lineno", "?"), "error": getattr(error, "msg", error)}
        ) from None
    return Reader(workspace).read(data)


def _shown(value: Any) -> str:
    """A value of the file quoted in a message: short, printable, encodable."""
    text = str(value)[:40].encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in text)


DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Map limits are per item kind; the file's counts are plural.
COUNTED_KINDS = {
    "stages": "stage",
    "touchpoints": "touchpoint",
    "lanes": "lane",
    "cards": "card",
    "actions": "action",
}


class Reader:
    """Checks a decoded file field by field; the first problem refuses it."""

    def __init__(self, workspace: Workspace | None = None):
        self.workspace = workspace
        # Set by ``read``: the file's schema and how many personas it lists.
        self.version = SCHEMA_VERSION
        self.persona_count = 0

    def read(self, data: Any) -> ImportedMap:
        root = self.mapping(data, _("the file"))
        if root.get("format") != FORMAT:
            raise ImportRefused(_("This is not a Parcours map file (its “format” is missing)."))
        version = root.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise ImportRefused(_("The file has no valid “schema_version”."))
        if version > SCHEMA_VERSION:
            raise ImportRefused(
                _(
                    "The file was made by a newer version of Parcours (schema %(version)s); "
                    "this one reads schema %(known)s."
                )
                % {"version": version, "known": SCHEMA_VERSION}
            )
        if version < 1:
            raise ImportRefused(_("The file has no valid “schema_version”."))
        self.version = version
        head = self.mapping(root.get("map"), "map")
        imported = ImportedMap(
            title=self.text(head, "title", "map", model_field=(JourneyMap, "title"), required=True),
            targets=self.text(head, "targets", "map"),
            offers=self.text(head, "offers", "map"),
            journey_type=self.journey_type(head),
        )
        # Counted before each item is read: a file far over the limits is refused at once.
        sizes = {
            "stages": len(self.items(root, "stages")),
            "touchpoints": sum(
                len(self.items(stage, "touchpoints", f"stages[{i}]"))
                for i, stage in enumerate(self.items(root, "stages"))
                if isinstance(stage, dict)
            ),
            "lanes": len(self.items(root, "lanes")),
            "cards": sum(
                len(self.items(lane, "cards", f"lanes[{i}]"))
                for i, lane in enumerate(self.items(root, "lanes"))
                if isinstance(lane, dict)
            ),
            "actions": len(self.items(root, "actions")),
        }
        refusal = limits.too_many({COUNTED_KINDS[name]: n for name, n in sizes.items()})
        if refusal:
            raise ImportRefused(_("The file cannot be imported. %(reason)s") % {"reason": refusal})
        personas = self.items(root, "personas")
        if len(personas) > MAX_PERSONAS:
            raise ImportRefused(
                _("The file has %(count)d personas; a map has at most %(limit)d.")
                % {"count": len(personas), "limit": MAX_PERSONAS}
            )
        imported.personas = [
            self.persona(item, f"personas[{i}]") for i, item in enumerate(personas)
        ]
        self.persona_count = len(imported.personas)
        imported.stages = [
            self.stage(item, f"stages[{i}]") for i, item in enumerate(self.items(root, "stages"))
        ]
        imported.lanes = [
            self.lane(item, f"lanes[{i}]", len(imported.stages))
            for i, item in enumerate(self.items(root, "lanes"))
        ]
        imported.actions = [
            self.action(item, f"actions[{i}]", imported.lanes)
            for i, item in enumerate(self.items(root, "actions"))
        ]
        if version in SNAPSHOT_SCHEMAS and "snapshots" in root:
            imported.snapshots, imported.snapshot_item_ids = json_snapshots.read(self, root)
        return imported

    def journey_type(self, head: dict[str, Any]) -> JourneyType:
        """The built-in type of that code, or the importing workspace's own: never another's."""
        slug = self.text(head, "journey_type", "map", max_length=50, required=True)
        name = self.text(head, "journey_type_name", "map", model_field=(JourneyType, "name"))
        visible = JourneyType.objects.filter(
            Q(workspace__isnull=True) | Q(workspace_id=getattr(self.workspace, "pk", None))
        )
        found = visible.filter(slug=slug).first() or (
            visible.filter(name=name)
            .order_by(F("workspace_id").desc(nulls_last=True), "pk")
            .first()
            if name
            else None
        )
        if found is None:
            raise ImportRefused(
                _(
                    "map.journey_type: “%(slug)s” is not a journey type of this workspace. "
                    "An admin of the workspace can add it, or the file can name one of: "
                    "%(known)s."
                )
                % {
                    "slug": _shown(slug),
                    "known": ", ".join(
                        visible.order_by("position", "pk").values_list("slug", flat=True)
                    ),
                }
            )
        return found

    # Items

    def persona(self, data: Any, where: str) -> dict[str, Any]:
        item = self.mapping(data, where)
        persona: dict[str, Any] = {
            name: self.text(item, name, where, model_field=(Persona, name)) for name in TEXT_FIELDS
        }
        persona["name"] = self.text(
            item, "name", where, model_field=(Persona, "name"), required=True
        )
        persona["quote"] = self.text(item, "quote", where, model_field=(Persona, "quote"))
        persona["age"] = self.number(item, "age", where, low=0, high=120, optional=True)
        persona["segment"] = self.choice(
            item, "segment", where, Segment.values, default=Segment.B2C
        )
        return persona

    def stage(self, data: Any, where: str) -> dict[str, Any]:
        item = self.mapping(data, where)
        return {
            "name": self.text(item, "name", where, model_field=(Stage, "name"), required=True),
            "touchpoints": [
                self.touchpoint(t, f"{where}.touchpoints[{i}]")
                for i, t in enumerate(self.items(item, "touchpoints", where))
            ],
        }

    def touchpoint(self, data: Any, where: str) -> dict[str, Any]:
        item = self.mapping(data, where)
        return {
            "channel": self.text(
                item, "channel", where, model_field=(Touchpoint, "channel"), required=True
            ),
            "action": self.text(item, "action", where),
            "emotion": self.number(item, "emotion", where, low=-2, high=2),
            "feeling": self.text(item, "feeling", where, model_field=(Touchpoint, "feeling")),
            "moment_of_truth": self.boolean(item, "moment_of_truth", where, default=False),
            "persona_emotions": self.persona_emotions(item, where),
            **self.evidence(item, where, Touchpoint),
        }

    def persona_emotions(self, item: dict[str, Any], where: str) -> list[dict[str, int]]:
        """Each persona's emotion, by the persona's index in the file's ``personas``."""
        place = f"{where}.persona_emotions"
        entries = self.items(item, "persona_emotions", where)
        found: dict[int, int] = {}
        for i, data in enumerate(entries):
            entry = self.mapping(data, f"{place}[{i}]")
            if self.persona_count == 0:
                raise ImportRefused(
                    _("%(where)s: there is no such persona in the file.")
                    % {"where": f"{place}[{i}].persona"}
                )
            persona = self.number(
                entry, "persona", f"{place}[{i}]", low=0, high=self.persona_count - 1
            )
            emotion = self.number(entry, "emotion", f"{place}[{i}]", low=-2, high=2)
            found[cast(int, persona)] = cast(int, emotion)
        return [{"persona": p, "emotion": e} for p, e in sorted(found.items())]

    def evidence(self, item: dict[str, Any], where: str, model: type[Model]) -> dict[str, Any]:
        """What a card or touchpoint rests on; an older file's items are assumptions."""
        return {
            "evidence": self.choice(
                item, "evidence", where, Evidence.values, default=Evidence.ASSUMPTION
            ),
            "source": self.text(item, "source", where, model_field=(model, "source")),
            "source_url": self.url(item, "source_url", where, model_field=(model, "source_url")),
            "source_date": self.date(item, "source_date", where),
        }

    def figure(self, item: dict[str, Any], where: str) -> dict[str, Any]:
        """A card's figure; in a file from before figures were numbers, its text as the
        database's migration read it ("42 %" → 42, percent)."""
        figure = self.text(item, "figure", where, model_field=(Card, "figure"))
        if self.version < METHOD_SCHEMA:
            parsed = parse_figure(figure) if figure else None
            value, unit = parsed if parsed else (None, "")
            return {
                "value": value,
                "unit": unit,
                "target": None,
                "higher_is_better": True,
                "period": "",
                "figure": "" if parsed else figure,
            }
        return {
            "value": self.decimal(item, "value", where),
            "unit": self.choice(item, "unit", where, ["", *Unit.values], default=""),
            "target": self.decimal(item, "target", where),
            "higher_is_better": self.boolean(item, "higher_is_better", where, default=True),
            "period": self.text(item, "period", where, model_field=(Card, "period")),
            "figure": figure,
        }

    def lane(self, data: Any, where: str, stage_count: int) -> dict[str, Any]:
        item = self.mapping(data, where)
        kind = self.choice(item, "kind", where, LaneKind.values)
        title = self.text(item, "title", where, model_field=(Lane, "title"))
        return {
            "kind": kind,
            # A lane without a title is named after its kind, as in the editor.
            "title": title or str(LaneKind(kind).label),
            "cards": [
                self.card(c, f"{where}.cards[{i}]", stage_count)
                for i, c in enumerate(self.items(item, "cards", where))
            ],
        }

    def card(self, data: Any, where: str, stage_count: int) -> dict[str, Any]:
        item = self.mapping(data, where)
        if stage_count == 0:
            raise ImportRefused(
                _("%(where)s: a card needs a stage, and the map has none.") % {"where": where}
            )
        return {
            "stage": self.number(item, "stage", where, low=0, high=stage_count - 1),
            "text": self.text(item, "text", where, required=True),
            "cause": self.choice(item, "cause", where, ["", *Cause.values], default=""),
            **self.figure(item, where),
            **self.evidence(item, where, Card),
        }

    def action(self, data: Any, where: str, lanes: list[dict[str, Any]]) -> dict[str, Any]:
        item = self.mapping(data, where)
        scale = {"low": Scale.LOW, "high": Scale.HIGH}
        return {
            "title": self.text(item, "title", where, model_field=(Action, "title"), required=True),
            "description": self.text(item, "description", where),
            "owner": self.text(item, "owner", where, model_field=(Action, "owner")),
            "due_date": self.date(item, "due_date", where),
            "impact": self.number(
                item, "impact", where, low=scale["low"], high=scale["high"], default=Scale.MEDIUM
            ),
            "effort": self.number(
                item, "effort", where, low=scale["low"], high=scale["high"], default=Scale.MEDIUM
            ),
            "status": self.choice(
                item, "status", where, ActionStatus.values, default=ActionStatus.TO_DO
            ),
            "source_card": self.card_place(item, "source_card", where, lanes),
        }

    def card_place(
        self, item: dict[str, Any], key: str, where: str, lanes: list[dict[str, Any]]
    ) -> tuple[int, int] | None:
        value = item.get(key)
        if value is None:
            return None
        place = f"{where}.{key}"
        value = self.mapping(value, place)
        lane = self.number(value, "lane", place, low=0, high=max(len(lanes) - 1, 0))
        if lane is None or not lanes or not lanes[lane]["cards"]:
            raise ImportRefused(_("%(where)s: there is no such card.") % {"where": place})
        card = self.number(value, "card", place, low=0, high=len(lanes[lane]["cards"]) - 1)
        if card is None:
            raise ImportRefused(_("%(where)s: there is no such card.") % {"where": place})
        return lane, card

    # Values

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ImportRefused(_("%(where)s: an object was expected.") % {"where": where})
        return value

    def items(self, parent: dict[str, Any], key: str, where: str = "") -> list[Any]:
        value = parent.get(key, [])
        if not isinstance(value, list):
            place = f"{where}.{key}" if where else key
            raise ImportRefused(_("%(where)s: a list was expected.") % {"where": place})
        return value

    def text(
        self,
        item: dict[str, Any],
        key: str,
        where: str,
        *,
        model_field: tuple[type[Model], str] | None = None,
        max_length: int | None = None,
        required: bool = False,
    ) -> str:
        place = f"{where}.{key}"
        value = item.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ImportRefused(_("%(where)s: a text was expected.") % {"where": place})
        if "\x00" in value:
            raise ImportRefused(
                _("%(where)s: the text contains a null character.") % {"where": place}
            )
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            # "\ud800" escapes: half of a character, which no database can store.
            raise ImportRefused(
                _("%(where)s: the text contains an invalid character (a lone surrogate).")
                % {"where": place}
            ) from None
        # Kept as written (no strip): the round trip is lossless.
        if model_field is not None:
            field = model_field[0]._meta.get_field(model_field[1])
            max_length = getattr(field, "max_length", None)
        limit = max_length or settings.PARCOURS_MAX_TEXT
        if len(value) > limit:
            raise ImportRefused(
                _("%(where)s: the text is too long (%(length)d characters, at most %(limit)d).")
                % {"where": place, "length": len(value), "limit": limit}
            )
        if required and not value.strip():
            raise ImportRefused(_("%(where)s: this text is required.") % {"where": place})
        return value

    def number(
        self,
        item: dict[str, Any],
        key: str,
        where: str,
        *,
        low: int,
        high: int,
        optional=False,
        default: int | None = None,
    ) -> int | None:
        place = f"{where}.{key}"
        value = item.get(key, default)
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ImportRefused(
                _("%(where)s: a whole number from %(low)d to %(high)d was expected.")
                % {"where": place, "low": low, "high": high}
            )
        return value

    def boolean(self, item: dict[str, Any], key: str, where: str, *, default: bool) -> bool:
        value = item.get(key, default)
        if not isinstance(value, bool):
            raise ImportRefused(
                _("%(where)s: true or false was expected.") % {"where": f"{where}.{key}"}
            )
        return value

    def decimal(self, item: dict[str, Any], key: str, where: str) -> Decimal | None:
        """A figure, written "42.5" (or as a JSON number); none when absent or null."""
        value = item.get(key)
        if value is None or value == "":
            return None
        number = None
        if isinstance(value, str) and len(value) <= 40:
            number = parse_number(value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            number = parse_number(repr(value)) if abs(value) < 1e15 else None
        if number is None or number.as_tuple().exponent < -4:  # type: ignore[operator]
            raise ImportRefused(
                _(
                    "%(where)s: “%(value)s” is not a number (at most 10 digits before "
                    "the point and 4 after it)."
                )
                % {"where": f"{where}.{key}", "value": _shown(value)}
            )
        return number

    def url(
        self, item: dict[str, Any], key: str, where: str, *, model_field: tuple[type[Model], str]
    ) -> str:
        value = self.text(item, key, where, model_field=model_field)
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                raise ImportRefused(
                    _("%(where)s: “%(value)s” is not a web link (http:// or https://).")
                    % {"where": f"{where}.{key}", "value": _shown(value)}
                ) from None
        return value

    def date(self, item: dict[str, Any], key: str, where: str) -> date | None:
        value = item.get(key)
        if value is None or value == "":
            return None
        try:
            if not isinstance(value, str) or not DATE.fullmatch(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            raise ImportRefused(
                _("%(where)s: a date written YYYY-MM-DD was expected.")
                % {"where": f"{where}.{key}"}
            ) from None

    def choice(
        self, item: dict[str, Any], key: str, where: str, allowed, *, default: str | None = None
    ) -> str:
        value = item.get(key, default)
        if value not in allowed:
            raise ImportRefused(
                _("%(where)s: “%(value)s” is not one of %(allowed)s.")
                % {
                    "where": f"{where}.{key}",
                    "value": _shown(value),
                    "allowed": ", ".join(v for v in allowed if v),
                }
            )
        return str(value)  # one of the allowed strings


# Writing what was read --------------------------------------------------------


def write(imported: ImportedMap, journey_map: JourneyMap) -> None:
    """Personas, stages, touchpoints, lanes, cards and actions of a new, saved map
    (bulk inserts)."""
    workspace = journey_map.workspace
    personas = []
    for data in imported.personas:
        # The same workspace keeps its persona; another gets a copy from the file.
        persona = Persona.objects.filter(workspace=workspace, name=data["name"]).first()
        if persona is None:
            persona = Persona.objects.create(workspace=workspace, **data)
        personas.append(persona)
    journey_map.personas.set(personas)
    # The file's persona index → the persona's id here, as a touchpoint keys its emotions.
    persona_keys = [str(persona.pk) for persona in personas]
    stages = Stage.objects.bulk_create(
        Stage(journey_map=journey_map, name=data["name"], position=i)
        for i, data in enumerate(imported.stages)
    )
    Touchpoint.objects.bulk_create(
        Touchpoint(
            journey_map=journey_map,
            stage=stage,
            position=position,
            **{
                **touchpoint,
                "persona_emotions": {
                    persona_keys[entry["persona"]]: entry["emotion"]
                    for entry in touchpoint["persona_emotions"]
                },
            },
        )
        for stage, data in zip(stages, imported.stages, strict=True)
        for position, touchpoint in enumerate(data["touchpoints"])
    )
    lanes = Lane.objects.bulk_create(
        Lane(journey_map=journey_map, kind=data["kind"], title=data["title"], position=i)
        for i, data in enumerate(imported.lanes)
    )
    cards_by_lane: list[list[Card]] = []
    for lane, data in zip(lanes, imported.lanes, strict=True):
        positions: dict[int, int] = {}
        lane_cards = []
        for card in data["cards"]:
            stage_index = card["stage"]
            positions[stage_index] = positions.get(stage_index, -1) + 1
            lane_cards.append(
                Card(
                    journey_map=journey_map,
                    lane=lane,
                    stage=stages[stage_index],
                    position=positions[stage_index],
                    **{name: value for name, value in card.items() if name != "stage"},
                )
            )
        cards_by_lane.append(lane_cards)
    # The cards need their ids before the actions can point at them.
    Card.objects.bulk_create([card for lane_cards in cards_by_lane for card in lane_cards])
    Action.objects.bulk_create(
        Action(
            journey_map=journey_map,
            position=position,
            source_card=(
                cards_by_lane[data["source_card"][0]][data["source_card"][1]]
                if data["source_card"]
                else None
            ),
            **{name: data[name] for name in ACTION_FIELDS},
        )
        for position, data in enumerate(imported.actions)
    )
    if imported.snapshots:
        json_snapshots.store(
            journey_map, imported.snapshots, imported.snapshot_item_ids, personas=personas
        )
