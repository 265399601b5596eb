"""``python manage.py load_demo``: a workspace to try Parcours in one command.

It creates the workspace "Atelier démo", a facilitator and a marketer account,
the personas Nell and Ludovic and three maps drawn from the example journeys
of the method (a baguette, concert tickets, running shoes).

Running it again changes nothing: every row is found by its natural key
(a username, a title, a position inside its parent) and only written when its
content differs. A demo map that has been edited in the app since
(``revision`` > 1) is left as it is, because rewriting it here would bypass the
event log that open tabs and the history rely on.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.urls import reverse
from PIL import Image, ImageDraw

from maps.demo_content import (
    ACCOUNTS,
    FACILITATOR,
    LANE_EVIDENCE,
    LANE_TITLES,
    MAPS,
    MARKETER,
    PASSWORD,
    PERSONAS,
    WORKSPACE_NAME,
    DemoCard,
    DemoMap,
    DemoTouchpoint,
)
from maps.models import (
    Card,
    Evidence,
    JourneyMap,
    JourneyType,
    Lane,
    MapEvent,
    Stage,
    Touchpoint,
)
from personas.models import Persona
from workspaces.models import Membership, Workspace

# Writing it -------------------------------------------------------------------


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_maps: list[str] = field(default_factory=list)


def upsert(
    model: type[models.Model], tally: Tally, lookup: dict[str, Any], values: dict[str, Any]
) -> Any:
    """Like ``update_or_create``, but saves nothing when nothing differs.

    ``update_or_create`` always saves, which would move every ``updated_at``
    on each run; here a second run writes no row at all.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        tally.created += 1
        return model._default_manager.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        tally.unchanged += 1
        return obj
    for name in changed:
        setattr(obj, name, values[name])
    if hasattr(obj, "version"):
        # An edit form opened on the old text must now report a conflict.
        obj.version += 1
    obj.save()
    tally.updated += 1
    return obj


def avatar_png(background: str, figure: str) -> bytes:
    """A plain silhouette: the demo needs a photo, and ships no picture of a real person."""
    image = Image.new("RGB", (256, 256), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((88, 44, 168, 124), fill=figure)
    draw.ellipse((44, 140, 212, 320), fill=figure)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def demo_photo(name: str, colours: tuple[str, str]) -> str:
    """The stored name of the persona's photo, written once: a rerun reuses the file."""
    path = f"personas/demo-{name.lower()}.png"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(avatar_png(*colours)))
    return path


def load_accounts(workspace: Workspace, tally: Tally) -> dict[str, Any]:
    user_model = get_user_model()
    users: dict[str, Any] = {}
    for account in ACCOUNTS:
        values = {key: value for key, value in account.items() if key not in {"username", "role"}}
        user = upsert(
            user_model, tally, {"username": account["username"]}, {**values, "is_active": True}
        )
        # check_password first: set_password salts afresh, so it would change the row each run.
        if not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        upsert(
            Membership,
            tally,
            {"workspace_id": workspace.pk, "user_id": user.pk},
            {"role": account["role"]},
        )
        users[account["username"]] = user
    return users


def load_personas(workspace: Workspace, tally: Tally) -> dict[str, Persona]:
    personas = {}
    for spec in PERSONAS:
        values = {key: value for key, value in spec.items() if key not in {"name", "photo_colours"}}
        values["photo"] = demo_photo(spec["name"], spec["photo_colours"])
        personas[spec["name"]] = upsert(
            Persona, tally, {"workspace_id": workspace.pk, "name": spec["name"]}, values
        )
    return personas


def persona_emotions(
    touchpoint: DemoTouchpoint, spec: DemoMap, personas: dict[str, Persona]
) -> dict[str, int]:
    """Each persona's emotion, by id: on a map with several, the first persona feels
    the touchpoint's own emotion, the others what the demo says."""
    if len(spec.personas) < 2:
        return {}
    felt = {spec.personas[0]: touchpoint.emotion, **touchpoint.persona_emotions}
    return {str(personas[name].pk): emotion for name, emotion in felt.items()}


def card_evidence(card: DemoCard, lane_kind: str, spec: DemoMap) -> dict[str, Any]:
    """A demo card's evidence: its own, else what its lane's cards usually rest on."""
    evidence = card.evidence or LANE_EVIDENCE[lane_kind]
    source = card.source or (spec.interviews if evidence == Evidence.OBSERVED else "")
    return {"evidence": evidence, "source": source, "source_date": card.source_date}


def load_map(
    spec: DemoMap, workspace: Workspace, author: Any, personas: dict[str, Persona], tally: Tally
) -> None:
    existing = JourneyMap.objects.filter(workspace=workspace, title=spec.title).first()
    if existing is not None and existing.revision > 1:
        tally.kept_maps.append(spec.title)
        return
    journey_map = upsert(
        JourneyMap,
        tally,
        {"workspace_id": workspace.pk, "title": spec.title},
        {
            "journey_type_id": JourneyType.objects.get(slug=spec.journey_type).pk,
            "targets": spec.targets,
            "offers": spec.offers,
            "created_by_id": author.pk,
        },
    )
    journey_map.personas.set([personas[name] for name in spec.personas])

    lanes = {}
    for position, kind in enumerate(spec.lanes):
        lanes[kind] = upsert(
            Lane,
            tally,
            {"journey_map_id": journey_map.pk, "position": position},
            {"kind": kind, "title": LANE_TITLES[kind]},
        )
    for stage_position, stage_spec in enumerate(spec.stages):
        stage = upsert(
            Stage,
            tally,
            {"journey_map_id": journey_map.pk, "position": stage_position},
            {"name": stage_spec.name},
        )
        for position, touchpoint in enumerate(stage_spec.touchpoints):
            upsert(
                Touchpoint,
                tally,
                {"stage_id": stage.pk, "position": position},
                {
                    "journey_map_id": journey_map.pk,
                    "channel": touchpoint.channel,
                    "action": touchpoint.action,
                    "emotion": touchpoint.emotion,
                    "feeling": touchpoint.feeling,
                    "evidence": touchpoint.evidence,
                    "source": spec.interviews if touchpoint.evidence != Evidence.ASSUMPTION else "",
                    "moment_of_truth": touchpoint.moment_of_truth,
                    "persona_emotions": persona_emotions(touchpoint, spec, personas),
                },
            )
        for kind, cards in stage_spec.cards.items():
            for position, card in enumerate(cards):
                upsert(
                    Card,
                    tally,
                    {"stage_id": stage.pk, "lane_id": lanes[kind].pk, "position": position},
                    {
                        "journey_map_id": journey_map.pk,
                        "text": card.text,
                        "cause": card.cause,
                        **card_evidence(card, kind, spec),
                        "value": card.value,
                        "unit": card.unit,
                        "target": card.target,
                        "higher_is_better": card.higher_is_better,
                        "period": card.period,
                    },
                )

    # Like services.map_create: the log starts at revision 1 with "map.created".
    if journey_map.revision == 0:
        journey_map.revision = 1
        journey_map.save(update_fields=["revision"])
    MapEvent.objects.get_or_create(
        journey_map=journey_map,
        revision=1,
        defaults={
            "kind": "map.created",
            "payload": {"title": journey_map.title, "source": "load_demo"},
        },
    )


class Command(BaseCommand):
    help = (
        "Load the demo workspace “Atelier démo”: two accounts, two personas and three "
        "journey maps. Running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        tally = Tally()
        with transaction.atomic():
            workspace = upsert(Workspace, tally, {"name": WORKSPACE_NAME}, {})
            users = load_accounts(workspace, tally)
            personas = load_personas(workspace, tally)
            for spec in MAPS:
                load_map(spec, workspace, users[FACILITATOR], personas, tally)

        self.stdout.write(
            f"Workspace “{WORKSPACE_NAME}”: {len(ACCOUNTS)} accounts, {len(PERSONAS)} personas, "
            f"{len(MAPS)} maps. Rows created: {tally.created}, updated: {tally.updated}, "
            f"unchanged: {tally.unchanged}."
        )
        for title in tally.kept_maps:
            self.stdout.write(f"Kept “{title}” as it is: it was edited in the app since.")
        self.stdout.write(self.style.SUCCESS(f"Demo ready: log in as {FACILITATOR} / {PASSWORD}"))
        self.stdout.write(
            f"  {FACILITATOR} runs the workshops and is also a superuser, so the Django admin "
            f"at {reverse('admin:index')} is open to it.\n"
            f"  {MARKETER} / {PASSWORD} reads the maps without changing them."
        )
        self.stdout.write(
            self.style.WARNING(
                "These passwords are public: never load the demo on a server others can reach."
            )
        )
