"""Every field of a map's content survives export → import → export.

The fields are read from the models themselves: a field added to a content model
fails here until the JSON format carries it (or says why it does not).
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import models

from maps import services
from maps.export import json_format
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
from personas.models import Persona, Segment

CONTENT_MODELS = [JourneyMap, Stage, Touchpoint, Lane, Card, Action, Persona]


def field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_every_field_of_the_map_s_content_is_either_carried_or_left_out_on_purpose(model):
    carried = set(json_format.CARRIED[model])
    left_out = set(json_format.NOT_CARRIED[model])
    assert not carried & left_out
    assert field_names(model) == carried | left_out


def persona(workspace, name: str, segment: str) -> Persona:
    return Persona.objects.create(
        workspace=workspace,
        name=name,
        age=41,
        segment=segment,
        professional_situation="Infirmière de nuit",
        family_situation="Deux enfants",
        hobbies="Concerts\nVélo le dimanche",
        consumption_habits="Achète en ligne le soir",
        needs="Gagner du temps",
        expectations="Être prévenue des retards",
        goals="Rentrer avant 19 h",
        frictions="Les files d'attente",
        motivations="Bien manger",
        reluctances="Payer plus cher",
        quote="Le pain, c'est sacré.",
    )


@pytest.fixture
def full_map(workspace, owner):
    """A map that gives every carried field a value other than its default."""
    journey_map = JourneyMap.objects.create(
        workspace=workspace,
        title="Tout le contenu",
        targets="Actifs urbains\n  pressés  ",
        offers="Pain, viennoiseries",
        journey_type=JourneyType.objects.get(slug="entretien"),
        created_by=owner,
        revision=1,
    )
    nell, ludovic = (
        persona(workspace, "Nell", Segment.B2C),
        persona(workspace, "Ludovic", Segment.B2B),
    )
    journey_map.personas.set([nell, ludovic])
    # A persona taken off the map since: its emotions are not carried.
    gone = persona(workspace, "Partie", Segment.B2C)
    stages = [
        Stage.objects.create(journey_map=journey_map, name=name, position=i)
        for i, name in enumerate(["Besoin", "Achat", "Après"])
    ]
    for i, stage in enumerate(stages):
        for t in range(2):
            Touchpoint.objects.create(
                journey_map=journey_map,
                stage=stage,
                channel=f"Canal {i}.{t}",
                action=f"Fait quelque chose {i}.{t}",
                emotion=[-2, -1, 1, 2, -2, 1][i * 2 + t],
                feeling=f"ressenti {i}.{t}",
                moment_of_truth=t == 1,
                persona_emotions={str(nell.pk): -1, str(ludovic.pk): 2} if t else {},
                evidence=[Evidence.OBSERVED, Evidence.MEASURED][t],
                source=f"Entretiens {i}" if t else "",
                source_url="https://example.org/etude" if t else "",
                source_date=datetime.date(2026, 9, 1 + i) if t else None,
                position=t,
            )
    cards = []
    for i, kind in enumerate(LaneKind):
        lane = Lane.objects.create(
            journey_map=journey_map, kind=kind, title=f"Ligne {kind.label}", position=i
        )
        for stage in stages[1:]:
            for position in range(2):
                cards.append(
                    Card.objects.create(
                        journey_map=journey_map,
                        lane=lane,
                        stage=stage,
                        text=f"{kind} {stage.name} {position}\n  suite  ",
                        cause=list(Cause)[position + i % 2] if kind == LaneKind.PAIN_POINTS else "",
                        figure="environ 3 min" if kind == LaneKind.METRICS else "",
                        **(metric(position) if kind == LaneKind.METRICS else {}),
                        evidence=Evidence.MEASURED if position else Evidence.ASSUMPTION,
                        source="Caisse" if position else "",
                        source_url="https://example.org/caisse" if position else "",
                        source_date=datetime.date(2026, 10, 2) if position else None,
                        position=position,
                    )
                )
    Touchpoint.objects.filter(journey_map=journey_map, position=1).update(
        persona_emotions={str(nell.pk): -1, str(ludovic.pk): 2, str(gone.pk): 1}
    )
    pain = [card for card in cards if card.cause]
    Action.objects.create(
        journey_map=journey_map,
        title="Annoncer l'attente",
        description="Un écran à l'entrée\navec le temps estimé",
        owner="Camille",
        due_date=datetime.date(2027, 3, 1),
        impact=Scale.HIGH,
        effort=Scale.LOW,
        status=ActionStatus.IN_PROGRESS,
        source_card=pain[1],
        position=0,
    )
    Action.objects.create(
        journey_map=journey_map, title="Sans post-it", status=ActionStatus.DONE, position=1
    )
    Action.objects.create(
        journey_map=journey_map, title="Une autre", source_card=cards[-1], position=2
    )
    return journey_map


def metric(position: int) -> dict:
    """Figure fields other than their defaults, with more digits than a float keeps."""
    return {
        "value": Decimal("1234567890.1234") if position else Decimal("-0.5"),
        "unit": [Unit.PERCENT, Unit.MINUTES][position],
        "target": Decimal("42.5"),
        "higher_is_better": bool(position),
        "period": "T3 2026",
    }


def ordered(journey_map: JourneyMap) -> dict[type, list]:
    """The map's items in their order on the map (how the file orders them)."""
    return {
        Stage: list(journey_map.stages.order_by("position", "pk")),
        Touchpoint: list(journey_map.touchpoints.order_by("stage__position", "position", "pk")),
        Lane: list(journey_map.lanes.order_by("position", "pk")),
        Card: list(
            journey_map.cards.order_by("lane__position", "stage__position", "position", "pk")
        ),
        Action: list(journey_map.actions.order_by("position", "pk")),
        Persona: list(journey_map.personas.order_by("name", "pk")),
    }


def described(journey_map: JourneyMap) -> dict:
    """Every carried concrete field of every item, references as places in the map."""
    items = ordered(journey_map)
    place = {model: {obj.pk: i for i, obj in enumerate(objs)} for model, objs in items.items()}

    def value(obj, f):
        if f.name == "persona_emotions":
            # Keyed by persona id: compared by the persona's place on the map.
            personas = place[Persona]
            return {
                personas[int(k)]: v for k, v in obj.persona_emotions.items() if int(k) in personas
            }
        if f.is_relation:
            target = getattr(obj, f.name)
            if f.many_to_many:
                return sorted(place[f.related_model][p.pk] for p in target.all())
            if isinstance(target, JourneyMap):
                return "the map"
            if isinstance(target, JourneyType):
                return target.slug
            return None if target is None else place[f.related_model][target.pk]
        return getattr(obj, f.name)

    def fields(model):
        carried = json_format.CARRIED[model]
        return [
            f
            for f in model._meta.get_fields()
            if f.name in carried and (f.concrete or f.many_to_many) and not f.auto_created
        ]

    described = {"map": {f.name: value(journey_map, f) for f in fields(JourneyMap)}}
    described["map"]["title"] = None  # an imported map says it is a copy
    for model, objs in items.items():
        described[model.__name__] = [{f.name: value(o, f) for f in fields(model)} for o in objs]
    return described


def test_the_full_map_sets_every_carried_field_to_something_other_than_its_default(full_map):
    for model in CONTENT_MODELS:
        objects = [full_map] if model is JourneyMap else ordered(full_map)[model]
        for f in model._meta.get_fields():
            if f.name not in json_format.CARRIED[model] or not f.concrete or f.is_relation:
                continue
            default = f.get_default()
            values = {json.dumps(getattr(obj, f.name), default=str) for obj in objects}
            default = json.dumps(default, default=str)
            values -= {json.dumps(None), json.dumps("")}
            assert values - {default}, f"{model.__name__}.{f.name} is never set"


def test_export_import_export_gives_the_same_file_and_the_same_content(
    full_map, outsider, other_workspace
):
    first = json_format.export_map(full_map)
    copy = services.map_import(
        user=outsider, workspace=other_workspace, raw=json.dumps(first).encode()
    )
    second = json_format.export_map(copy)
    for data in (first, second):
        del data["exported_at"]
        del data["map"]["title"]
    assert second == first
    assert described(copy) == described(full_map)
    # The action plan came along, with its links to the cards it answers.
    assert [a.title for a in copy.actions.all()] == [a.title for a in full_map.actions.all()]
    assert copy.actions.get(position=0).source_card.text == "pain_points Achat 1\n  suite  "


def test_a_file_of_the_first_schema_still_imports(owner, workspace):
    old = {
        "format": "parcours.journey-map",
        "schema_version": 1,
        "map": {"title": "Ancienne", "journey_type": "integration"},
        "stages": [{"name": "Besoin", "touchpoints": []}],
        "lanes": [{"kind": "thoughts", "title": "Pensées", "cards": [{"stage": 0, "text": "Oh"}]}],
    }
    copy = services.map_import(user=owner, workspace=workspace, raw=json.dumps(old).encode())
    assert copy.cards.get().text == "Oh"
    assert not copy.actions.exists()


def test_an_action_pointing_at_a_card_that_is_not_in_the_file_is_refused(owner, workspace):
    data = {
        "format": "parcours.journey-map",
        "schema_version": 2,
        "map": {"title": "Carte", "journey_type": "integration"},
        "stages": [{"name": "Besoin"}],
        "lanes": [{"kind": "pain_points", "cards": [{"stage": 0, "text": "Attente"}]}],
        "actions": [{"title": "Agir", "source_card": {"lane": 0, "card": 1}}],
    }
    with pytest.raises(json_format.ImportRefused, match=r"actions\[0\]\.source_card\.card"):
        services.map_import(user=owner, workspace=workspace, raw=json.dumps(data).encode())
    assert not JourneyMap.objects.exists()


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Nell", "Nell (copie)"), ("x" * 160, "x" * 151 + "… (copie)")],
)
def test_the_imported_title_says_it_is_a_copy_within_the_title_s_length(title, expected):
    assert services.copy_title(title) == expected
    assert len(services.copy_title(title)) <= JourneyMap._meta.get_field("title").max_length


def test_field_types_the_test_does_not_know_fail_loudly():
    # described() compares plain values and references; a new kind of field needs a look.
    known = (
        models.CharField,
        models.TextField,
        models.IntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.SmallIntegerField,
        models.DateField,
        models.BooleanField,
        models.DecimalField,
        models.JSONField,
        models.ForeignKey,
        models.ManyToManyField,
    )
    for model in CONTENT_MODELS:
        for f in model._meta.get_fields():
            if f.name in json_format.CARRIED[model] and f.concrete:
                assert isinstance(f, known), f"{model.__name__}.{f.name}"
