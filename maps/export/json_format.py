"""A map as JSON, and back: lossless, versioned, and wary of what it reads.

The file carries ``format`` and ``schema_version``; a reader refuses a file
it does not know rather than guess. Order is the order of the lists (the
positions are renumbered on import), cards name their stage by its index.

Reading checks everything before anything is written: types, lengths (the
same bounds as the editor's forms), choices, references and sizes, and it
names the place of the first problem so that the user can fix the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from maps.grid import build_grid
from maps.models import Card, Cause, JourneyMap, JourneyType, Lane, LaneKind, Stage, Touchpoint
from personas.models import SHEET_FIELDS, TEXT_FIELDS, Persona, Segment

FORMAT = "parcours.journey-map"
SCHEMA_VERSION = 1
MAX_BYTES = 5 * 1024 * 1024
# Far above any workshop's map, low enough that a hostile file cannot exhaust the server.
LIMITS = {"stages": 200, "touchpoints": 2000, "lanes": 50, "cards": 10000, "personas": 50}


class ImportRefused(ValueError):
    """The file cannot be imported; the message says where and why."""


# Writing --------------------------------------------------------------------


def export_map(journey_map: JourneyMap) -> dict[str, Any]:
    grid = build_grid(journey_map)
    stage_index = {column.stage.pk: i for i, column in enumerate(grid.columns)}
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "map": {
            "title": journey_map.title,
            "targets": journey_map.targets,
            "offers": journey_map.offers,
            "journey_type": journey_map.journey_type.slug,
        },
        "personas": [
            {name: getattr(persona, name) for name in SHEET_FIELDS}
            for persona in journey_map.personas.order_by("name", "pk")
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
                    }
                    for t in column.touchpoints
                ],
            }
            for column in grid.columns
        ],
        "lanes": [
            {
                "kind": row.lane.kind,
                "title": row.lane.title,
                "cards": [
                    {
                        "stage": stage_index[card.stage_id],
                        "text": card.text,
                        "cause": card.cause,
                        "figure": card.figure,
                    }
                    for cell in row.cells
                    for card in cell.cards
                ],
            }
            for row in grid.rows
        ],
    }


def dumps(journey_map: JourneyMap) -> str:
    return json.dumps(export_map(journey_map), ensure_ascii=False, indent=2)


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

    @property
    def counts(self) -> dict[str, int]:
        return {
            "stages": len(self.stages),
            "touchpoints": sum(len(s["touchpoints"]) for s in self.stages),
            "lanes": len(self.lanes),
            "cards": sum(len(lane["cards"]) for lane in self.lanes),
            "personas": len(self.personas),
        }


def _refuse_constant(name: str):
    raise ImportRefused(_("The file is not valid JSON (it contains %(value)s).") % {"value": name})


def parse(raw: bytes) -> ImportedMap:
    if len(raw) > MAX_BYTES:
        raise ImportRefused(
            _("The file is too large: a map file is at most %(size)d MB.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
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
    return Reader().read(data)


class Reader:
    """Checks a decoded file field by field; the first problem refuses it."""

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
        head = self.mapping(root.get("map"), "map")
        slug = self.text(head, "journey_type", "map", max_length=50, required=True)
        journey_type = JourneyType.objects.filter(slug=slug).first()
        if journey_type is None:
            raise ImportRefused(
                _("map.journey_type: “%(slug)s” is not a journey type of this server.")
                % {"slug": slug}
            )
        imported = ImportedMap(
            title=self.text(head, "title", "map", model_field=(JourneyMap, "title"), required=True),
            targets=self.text(head, "targets", "map"),
            offers=self.text(head, "offers", "map"),
            journey_type=journey_type,
        )
        imported.personas = [
            self.persona(item, f"personas[{i}]")
            for i, item in enumerate(self.items(root, "personas"))
        ]
        imported.stages = [
            self.stage(item, f"stages[{i}]") for i, item in enumerate(self.items(root, "stages"))
        ]
        imported.lanes = [
            self.lane(item, f"lanes[{i}]", len(imported.stages))
            for i, item in enumerate(self.items(root, "lanes"))
        ]
        for name, count in imported.counts.items():
            if count > LIMITS[name]:
                raise ImportRefused(
                    _("The file has too many %(what)s (%(count)d, at most %(limit)d).")
                    % {"what": name, "count": count, "limit": LIMITS[name]}
                )
        return imported

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
            "figure": self.text(item, "figure", where, model_field=(Card, "figure")),
        }

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
        self, item: dict[str, Any], key: str, where: str, *, low: int, high: int, optional=False
    ) -> int | None:
        place = f"{where}.{key}"
        value = item.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ImportRefused(
                _("%(where)s: a whole number from %(low)d to %(high)d was expected.")
                % {"where": place, "low": low, "high": high}
            )
        return value

    def choice(
        self, item: dict[str, Any], key: str, where: str, allowed, *, default: str | None = None
    ) -> str:
        value = item.get(key, default)
        if value not in allowed:
            raise ImportRefused(
                _("%(where)s: “%(value)s” is not one of %(allowed)s.")
                % {
                    "where": f"{where}.{key}",
                    "value": str(value)[:40],
                    "allowed": ", ".join(v for v in allowed if v),
                }
            )
        return str(value)  # one of the allowed strings


# Writing what was read --------------------------------------------------------


def write(imported: ImportedMap, journey_map: JourneyMap) -> None:
    """Personas, stages, touchpoints, lanes and cards of a new, saved map (bulk inserts)."""
    workspace = journey_map.workspace
    personas = []
    for data in imported.personas:
        # The same workspace keeps its persona; another gets a copy from the file.
        persona = Persona.objects.filter(workspace=workspace, name=data["name"]).first()
        if persona is None:
            persona = Persona.objects.create(workspace=workspace, **data)
        personas.append(persona)
    journey_map.personas.set(personas)
    stages = Stage.objects.bulk_create(
        Stage(journey_map=journey_map, name=data["name"], position=i)
        for i, data in enumerate(imported.stages)
    )
    Touchpoint.objects.bulk_create(
        Touchpoint(journey_map=journey_map, stage=stage, position=position, **touchpoint)
        for stage, data in zip(stages, imported.stages, strict=True)
        for position, touchpoint in enumerate(data["touchpoints"])
    )
    lanes = Lane.objects.bulk_create(
        Lane(journey_map=journey_map, kind=data["kind"], title=data["title"], position=i)
        for i, data in enumerate(imported.lanes)
    )
    cards = []
    for lane, data in zip(lanes, imported.lanes, strict=True):
        positions: dict[int, int] = {}
        for card in data["cards"]:
            stage_index = card["stage"]
            positions[stage_index] = positions.get(stage_index, -1) + 1
            cards.append(
                Card(
                    journey_map=journey_map,
                    lane=lane,
                    stage=stages[stage_index],
                    text=card["text"],
                    cause=card["cause"],
                    figure=card["figure"],
                    position=positions[stage_index],
                )
            )
    Card.objects.bulk_create(cards)
