"""The action plan through the one change path: create, update, move, delete, priority."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from journeymap.changes import Invalid
from maps import services
from maps.models import Action, Card, JourneyMap, JourneyType, Lane, LaneKind, MapEvent, Stage
from maps.plan import actions_plan


@pytest.fixture
def pain_point(journey_map):
    return Card.objects.create(
        journey_map=journey_map,
        stage=Stage.objects.get(journey_map=journey_map, name="Achat"),
        lane=Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS),
        text="Pas de monnaie : minimum carte à 5 €",
    )


def create(user, journey_map, **fields):
    data = {"title": "Baisser le minimum carte", "impact": 2, "effort": 2, "status": "todo"}
    services.item_create(
        user=user, map_id=journey_map.pk, kind_name="action", data={**data, **fields}
    )
    return Action.objects.latest("pk")


def test_creating_an_action_logs_an_event_with_its_fields(journey_map, owner, pain_point):
    start = journey_map.revision

    action = create(
        owner,
        journey_map,
        owner="Julie (caisse)",
        due_date="2026-12-01",
        impact=3,
        effort=1,
        source_card=pain_point.pk,
    )

    assert action.source_card == pain_point
    assert action.due_date == datetime.date(2026, 12, 1)
    event = MapEvent.objects.get(journey_map=journey_map, revision=start + 1)
    assert event.kind == "action.created"
    assert event.payload["owner"] == "Julie (caisse)"
    assert event.payload["due_date"] == "2026-12-01"
    assert event.payload["source_card_id"] == pain_point.pk


def test_updating_an_action_bumps_its_version_and_records_before(journey_map, owner):
    action = create(owner, journey_map)

    event = services.item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="action",
        item_id=action.pk,
        data={"title": action.title, "impact": 2, "effort": 2, "status": "doing", "version": 1},
    )

    action.refresh_from_db()
    assert (action.status, action.version) == ("doing", 2)
    assert event.payload["before"]["status"] == "todo"
    assert event.payload["status"] == "doing"


def test_a_stale_save_of_an_action_is_a_conflict_that_keeps_the_draft(
    journey_map, owner, collaborator
):
    action = create(owner, journey_map)
    base = {"impact": 2, "effort": 2, "status": "todo", "version": 1}
    services.item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="action",
        item_id=action.pk,
        data={**base, "title": "Version de la propriétaire"},
    )

    with pytest.raises(services.Conflict) as refused:
        services.item_update(
            user=collaborator,
            map_id=journey_map.pk,
            kind_name="action",
            item_id=action.pk,
            data={**base, "title": "Mon brouillon"},
        )

    assert refused.value.form["title"].value() == "Mon brouillon"
    assert str(refused.value.form["version"].value()) == "2"
    action.refresh_from_db()
    assert action.title == "Version de la propriétaire"


def test_moving_and_deleting_an_action_go_through_the_event_log(journey_map, owner):
    first = create(owner, journey_map, title="Première")
    second = create(owner, journey_map, title="Seconde")

    services.item_move(
        user=owner, map_id=journey_map.pk, kind_name="action", item_id=second.pk, direction="prev"
    )
    services.item_delete(user=owner, map_id=journey_map.pk, kind_name="action", item_id=first.pk)

    assert list(Action.objects.filter(journey_map=journey_map)) == [second]
    kinds = list(MapEvent.objects.filter(journey_map=journey_map).values_list("kind", flat=True))
    assert kinds[-2:] == ["action.moved", "action.deleted"]


def test_the_plan_puts_high_impact_and_low_effort_first_then_the_nearest_date(journey_map, owner):
    create(owner, journey_map, title="Gros chantier", impact=3, effort=3)
    create(owner, journey_map, title="Peu utile", impact=1, effort=1)
    create(owner, journey_map, title="Victoire rapide, sans date", impact=3, effort=1)
    create(
        owner,
        journey_map,
        title="Victoire rapide, bientôt",
        impact=3,
        effort=1,
        due_date="2026-12-01",
    )
    create(owner, journey_map, title="Moyen", impact=2, effort=2)

    titles = [action.title for action in actions_plan(journey_map)]

    assert titles == [
        "Victoire rapide, bientôt",
        "Victoire rapide, sans date",
        "Gros chantier",
        "Moyen",
        "Peu utile",
    ]


def test_a_card_of_another_map_cannot_be_the_source(journey_map, owner, workspace):
    other_map = JourneyMap.objects.create(
        workspace=workspace,
        title="Autre carte",
        journey_type=JourneyType.objects.get(slug="integration"),
    )
    stage = Stage.objects.create(journey_map=other_map, name="Achat")
    lane = Lane.objects.create(journey_map=other_map, kind=LaneKind.PAIN_POINTS, title="Irritants")
    foreign = Card.objects.create(journey_map=other_map, stage=stage, lane=lane, text="Ailleurs")

    with pytest.raises(Invalid) as refused:
        create(owner, journey_map, source_card=foreign.pk)

    assert "source_card" in refused.value.form.errors
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", ""), ("impact", "4"), ("effort", "0"), ("status", "lost"), ("due_date", "demain")],
)
def test_bad_input_is_refused_with_a_message_on_its_field(journey_map, owner, field, value):
    with pytest.raises(Invalid) as refused:
        create(owner, journey_map, **{field: value})

    assert field in refused.value.form.errors
    assert not Action.objects.exists()


def test_deleting_the_card_keeps_the_action_without_its_source(journey_map, owner, pain_point):
    action = create(owner, journey_map, source_card=pain_point.pk)

    services.item_delete(user=owner, map_id=journey_map.pk, kind_name="card", item_id=pain_point.pk)

    action.refresh_from_db()
    assert action.source_card is None


def test_readers_outsiders_and_a_locked_map_cannot_change_the_plan(
    journey_map, owner, marketer, outsider
):
    with pytest.raises(PermissionDenied):
        create(marketer, journey_map)
    with pytest.raises(Http404):
        create(outsider, journey_map)
    journey_map.locked = True
    journey_map.save()
    with pytest.raises(PermissionDenied):
        create(owner, journey_map)
    assert not Action.objects.exists()


def test_a_guest_adds_actions_while_the_workshop_is_open(journey_map, guest):
    action = create(guest, journey_map, owner="Camille")

    assert action.owner == "Camille"
    assert MapEvent.objects.filter(kind="action.created", actor=guest).exists()


def test_a_title_and_a_card_are_enough_the_rest_takes_the_defaults(journey_map, owner, pain_point):
    services.item_create(
        user=owner,
        map_id=journey_map.pk,
        kind_name="action",
        data={"title": "Accepter la carte dès 1 €", "source_card": pain_point.pk},
    )

    action = Action.objects.get()
    assert (action.impact, action.effort, action.status) == (2, 2, "todo")
    assert action.source_card == pain_point
