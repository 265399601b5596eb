"""``python manage.py load_demo``: the demo workspace, its accounts, personas and maps."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from maps import services
from maps.models import (
    Card,
    Cause,
    Evidence,
    JourneyMap,
    Lane,
    LaneKind,
    MapEvent,
    Stage,
    Touchpoint,
)
from personas.models import Persona
from workspaces.models import Membership, Role, Workspace

PASSWORD = "parcours-demo"
STAGE_COUNTS = {
    "Nell achète une baguette": 6,
    "Nell réserve des places de concert": 7,
    "Ludovic se met à la course": 5,
}
MODELS = [
    Workspace,
    Membership,
    get_user_model(),
    Persona,
    JourneyMap,
    Stage,
    Touchpoint,
    Lane,
    Card,
    MapEvent,
]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_settings(settings, tmp_path):
    # The personas' photos are files: keep them out of the project's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"
    # The command hashes two passwords each run; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def every_row() -> list[list[dict]]:
    return [list(model.objects.order_by("pk").values()) for model in MODELS]


def demo_map(title: str) -> JourneyMap:
    return JourneyMap.objects.get(workspace__name="Atelier démo", title=title)


def test_it_creates_the_three_maps_with_their_stages():
    load_demo()
    maps = JourneyMap.objects.filter(workspace__name="Atelier démo")
    assert {m.title: m.stages.count() for m in maps} == STAGE_COUNTS


def test_every_stage_has_touchpoints_and_cards():
    load_demo()
    for stage in Stage.objects.all():
        assert stage.touchpoints.exists(), stage
        assert stage.cards.exists(), stage
    for touchpoint in Touchpoint.objects.select_related("stage"):
        assert touchpoint.journey_map_id == touchpoint.stage.journey_map_id
        assert -2 <= touchpoint.emotion <= 2
        assert touchpoint.channel and touchpoint.action and touchpoint.feeling


def test_the_stages_follow_nells_evening():
    load_demo()
    stages = demo_map("Nell achète une baguette").stages.order_by("position")
    assert [s.name for s in stages] == [
        "Besoin",
        "Trajet",
        "File d'attente",
        "Choix",
        "Paiement",
        "Retour à la maison",
    ]


def test_the_baguette_map_has_frictions_of_the_four_causes_and_figures():
    load_demo()
    journey_map = demo_map("Nell achète une baguette")
    assert set(journey_map.lanes.values_list("kind", flat=True)) == {
        LaneKind.THOUGHTS,
        LaneKind.PAIN_POINTS,
        LaneKind.STRENGTHS,
        LaneKind.OPPORTUNITIES,
        LaneKind.METRICS,
    }
    pain_points = journey_map.cards.filter(lane__kind=LaneKind.PAIN_POINTS)
    assert set(pain_points.values_list("cause", flat=True)) == set(Cause.values)
    figures = journey_map.cards.filter(lane__kind=LaneKind.METRICS)
    assert figures.count() >= 2
    # Figures are numbers with a unit, measured, with their source; some have a target.
    assert all(card.value is not None and card.unit for card in figures)
    assert all(card.evidence == Evidence.MEASURED and card.source for card in figures)
    assert figures.filter(target__isnull=False).exists()


def test_the_demo_shows_evidence_moments_of_truth_and_a_two_persona_map():
    load_demo()
    baguette = demo_map("Nell achète une baguette")
    assert sorted(baguette.personas.values_list("name", flat=True)) == ["Ludovic", "Nell"]
    ludovic = baguette.personas.get(name="Ludovic")
    touchpoints = list(baguette.touchpoints.all())
    nell = baguette.personas.get(name="Nell")
    # Each has their own curve: an emotion at every touchpoint; Nell's is the map's own.
    assert all(tp.persona_emotions[str(nell.pk)] == tp.emotion for tp in touchpoints)
    assert all(str(ludovic.pk) in tp.persona_emotions for tp in touchpoints)
    assert any(tp.persona_emotions[str(ludovic.pk)] != tp.emotion for tp in touchpoints)
    for title in ("Nell achète une baguette", "Ludovic se met à la course"):
        journey_map = demo_map(title)
        assert journey_map.touchpoints.filter(moment_of_truth=True).exists(), title
        levels = set(journey_map.cards.values_list("evidence", flat=True))
        assert levels == set(Evidence.values), title
        observed = journey_map.cards.filter(evidence=Evidence.OBSERVED)
        assert all(card.source for card in observed), title


def test_cards_sit_in_lanes_of_their_own_map():
    load_demo()
    for card in Card.objects.select_related("lane", "stage"):
        assert card.lane.journey_map_id == card.journey_map_id == card.stage.journey_map_id
        if card.lane.kind == LaneKind.PAIN_POINTS:
            assert card.cause, card
        else:
            assert not card.cause, card


def test_each_map_starts_its_event_log_at_revision_one():
    load_demo()
    for journey_map in JourneyMap.objects.all():
        assert journey_map.revision == 1
        assert list(journey_map.events.values_list("revision", "kind")) == [(1, "map.created")]


def test_it_creates_personas_with_every_field_filled():
    load_demo()
    skipped = {"id", "workspace", "version", "created_at", "updated_at"}
    fields = [f.name for f in Persona._meta.concrete_fields if f.name not in skipped]
    personas = Persona.objects.filter(workspace__name="Atelier démo")
    assert sorted(p.name for p in personas) == ["Ludovic", "Nell"]
    for persona in personas:
        empty = [name for name in fields if not getattr(persona, name)]
        assert empty == [], persona
        assert default_storage.exists(persona.photo.name)
    assert demo_map("Ludovic se met à la course").personas.get().name == "Ludovic"


def test_the_demo_accounts_can_log_in():
    load_demo()
    for username in ["facilitatrice", "marketeur"]:
        response = Client().post(reverse("login"), {"username": username, "password": PASSWORD})
        assert response.status_code == 302, username


def test_the_facilitator_is_a_superuser_and_the_marketer_only_reads():
    load_demo()
    facilitator = get_user_model().objects.get(username="facilitatrice")
    marketer = get_user_model().objects.get(username="marketeur")
    assert facilitator.is_staff and facilitator.is_superuser
    assert not (marketer.is_staff or marketer.is_superuser)
    roles = dict(
        Membership.objects.filter(workspace__name="Atelier démo").values_list(
            "user__username", "role"
        )
    )
    assert roles == {"facilitatrice": Role.FACILITATOR, "marketeur": Role.MARKETER}


def test_it_says_how_to_log_in():
    output = load_demo()
    assert "Demo ready: log in as facilitatrice / parcours-demo" in output
    assert "superuser" in output


def test_running_it_twice_changes_nothing():
    load_demo()
    before = every_row()
    output = load_demo()
    assert every_row() == before
    assert "created: 0, updated: 0" in output


def test_it_restores_a_missing_card_of_an_untouched_map():
    load_demo()
    count = Card.objects.count()
    Card.objects.filter(text__contains="croissants").delete()
    load_demo()
    assert Card.objects.count() == count


def test_it_leaves_a_map_edited_in_the_app_alone():
    load_demo()
    facilitator = get_user_model().objects.get(username="facilitatrice")
    stage = demo_map("Nell achète une baguette").stages.get(position=0)
    services.item_update(
        user=facilitator,
        map_id=stage.journey_map_id,
        kind_name="stage",
        item_id=stage.pk,
        data={"name": "Envie de pain", "version": stage.version},
    )
    output = load_demo()
    stage.refresh_from_db()
    assert stage.name == "Envie de pain"
    assert "Kept “Nell achète une baguette”" in output


@pytest.mark.parametrize("username", ["facilitatrice", "marketeur"])
def test_the_demo_accounts_can_open_each_map(username):
    load_demo()
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    for journey_map in JourneyMap.objects.all():
        response = client.get(reverse("maps:detail", args=[journey_map.pk]))
        assert response.status_code == 200
        assert journey_map.title in response.text
