import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from maps import services
from maps.models import Card, JourneyMap, JourneyType, Lane, LaneKind, MapEvent, Stage, Touchpoint
from workspaces.access import MapLocked


def first(model, journey_map):
    return model.objects.filter(journey_map=journey_map).order_by("position", "pk").first()


def test_it_bumps_the_revision_and_logs_one_event_per_change(journey_map, owner):
    stage = first(Stage, journey_map)
    lane = first(Lane, journey_map)
    start = journey_map.revision

    services.item_create(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        data={"text": "Une file d'attente", "stage": stage.pk, "lane": lane.pk},
    )
    card = Card.objects.latest("pk")
    services.item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data={"text": "Une longue file", "stage": stage.pk, "lane": lane.pk, "version": 1},
    )
    services.item_delete(user=owner, map_id=journey_map.pk, kind_name="card", item_id=card.pk)

    journey_map.refresh_from_db()
    assert journey_map.revision == start + 3
    events = list(MapEvent.objects.filter(journey_map=journey_map).order_by("revision"))
    assert [e.revision for e in events] == [start + 1, start + 2, start + 3]
    assert [e.kind for e in events] == ["card.created", "card.updated", "card.deleted"]
    assert events[1].payload["text"] == "Une longue file"
    assert events[1].payload["before"]["text"] == "Une file d'attente"
    assert all(e.actor == owner for e in events)


def test_a_stale_save_is_a_conflict_that_keeps_the_draft(journey_map, owner, collaborator):
    card = first(Card, journey_map)
    loaded_version = card.version
    data = {"stage": card.stage_id, "lane": card.lane_id, "version": loaded_version}
    services.item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data={**data, "text": "Version de la propriétaire"},
    )

    with pytest.raises(services.Conflict) as refused:
        services.item_update(
            user=collaborator,
            map_id=journey_map.pk,
            kind_name="card",
            item_id=card.pk,
            data={**data, "text": "Version du collaborateur"},
        )

    assert refused.value.current.text == "Version de la propriétaire"
    assert refused.value.form["text"].value() == "Version du collaborateur"
    # Re-armed: saving the draft again is a deliberate overwrite.
    assert refused.value.form["version"].value() == str(loaded_version + 1)
    card.refresh_from_db()
    assert card.text == "Version de la propriétaire"


def test_saving_the_rearmed_draft_overwrites_deliberately(journey_map, owner, collaborator):
    card = first(Card, journey_map)
    base = {"stage": card.stage_id, "lane": card.lane_id}
    services.item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data={**base, "text": "A", "version": 1},
    )
    with pytest.raises(services.Conflict) as refused:
        services.item_update(
            user=collaborator,
            map_id=journey_map.pk,
            kind_name="card",
            item_id=card.pk,
            data={**base, "text": "B", "version": 1},
        )
    services.item_update(
        user=collaborator,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data=refused.value.form.data,
    )
    card.refresh_from_db()
    assert card.text == "B"
    assert card.version == 3


def test_a_refused_change_writes_nothing(journey_map, owner):
    revision = journey_map.revision
    with pytest.raises(services.Invalid) as refused:
        services.item_create(
            user=owner, map_id=journey_map.pk, kind_name="stage", data={"name": "   "}
        )
    assert "name" in refused.value.form.errors
    journey_map.refresh_from_db()
    assert journey_map.revision == revision
    assert not MapEvent.objects.filter(journey_map=journey_map).exists()


def test_it_refuses_a_text_of_fifty_thousand_characters(journey_map, owner):
    stage, lane = first(Stage, journey_map), first(Lane, journey_map)
    with pytest.raises(services.Invalid) as refused:
        services.item_create(
            user=owner,
            map_id=journey_map.pk,
            kind_name="card",
            data={"text": "x" * 50_000, "stage": stage.pk, "lane": lane.pk},
        )
    assert "text" in refused.value.form.errors


def test_ids_of_another_map_are_not_found(journey_map, owner, workspace):
    other = JourneyMap.objects.create(
        workspace=workspace, title="Autre", journey_type=JourneyType.objects.first()
    )
    foreign_stage = Stage.objects.create(journey_map=other, name="Ailleurs")
    with pytest.raises(Http404):
        services.item_update(
            user=owner,
            map_id=journey_map.pk,
            kind_name="stage",
            item_id=foreign_stage.pk,
            data={"name": "x", "version": 1},
        )
    lane = first(Lane, journey_map)
    with pytest.raises(services.Invalid) as refused:
        services.item_create(
            user=owner,
            map_id=journey_map.pk,
            kind_name="card",
            data={"text": "x", "stage": foreign_stage.pk, "lane": lane.pk},
        )
    assert "stage" in refused.value.form.errors


def test_unknown_ids_and_kinds_are_not_found(journey_map, owner):
    with pytest.raises(Http404):
        services.item_delete(user=owner, map_id=journey_map.pk, kind_name="card", item_id=999999)
    with pytest.raises(Http404):
        services.item_delete(user=owner, map_id=999999, kind_name="card", item_id=1)
    with pytest.raises(Http404):
        services.item_create(user=owner, map_id=journey_map.pk, kind_name="persona", data={})


def test_outsiders_do_not_even_learn_the_map_exists(journey_map, outsider):
    with pytest.raises(Http404):
        services.item_create(
            user=outsider, map_id=journey_map.pk, kind_name="stage", data={"name": "Intrus"}
        )


def test_marketers_read_but_do_not_change(journey_map, marketer):
    with pytest.raises(PermissionDenied):
        services.item_create(
            user=marketer, map_id=journey_map.pk, kind_name="stage", data={"name": "Non"}
        )


def test_nobody_changes_a_locked_map(journey_map, owner):
    JourneyMap.objects.filter(pk=journey_map.pk).update(locked=True)
    with pytest.raises(MapLocked):
        services.item_create(
            user=owner, map_id=journey_map.pk, kind_name="stage", data={"name": "Verrou"}
        )


def test_deleting_a_stage_with_content_needs_confirmation(journey_map, owner):
    stage = first(Stage, journey_map)
    with pytest.raises(services.ConfirmationRequired) as refused:
        services.item_delete(user=owner, map_id=journey_map.pk, kind_name="stage", item_id=stage.pk)
    assert refused.value.content_count == 2  # a touchpoint and a card
    assert Stage.objects.filter(pk=stage.pk).exists()

    services.item_delete(
        user=owner, map_id=journey_map.pk, kind_name="stage", item_id=stage.pk, confirmed=True
    )
    assert not Stage.objects.filter(pk=stage.pk).exists()
    assert not Touchpoint.objects.filter(stage_id=stage.pk).exists()


def test_an_empty_stage_goes_without_confirmation(journey_map, owner):
    empty = Stage.objects.get(journey_map=journey_map, name="Achat")
    services.item_delete(user=owner, map_id=journey_map.pk, kind_name="stage", item_id=empty.pk)
    assert not Stage.objects.filter(pk=empty.pk).exists()


def test_deleting_a_lane_with_cards_needs_confirmation(journey_map, owner):
    lane = first(Lane, journey_map)
    with pytest.raises(services.ConfirmationRequired):
        services.item_delete(user=owner, map_id=journey_map.pk, kind_name="lane", item_id=lane.pk)


def test_it_reorders_stages(journey_map, owner):
    need, _purchase = Stage.objects.filter(journey_map=journey_map).order_by("position")
    services.item_move(
        user=owner, map_id=journey_map.pk, kind_name="stage", item_id=need.pk, direction="next"
    )
    assert list(
        Stage.objects.filter(journey_map=journey_map)
        .order_by("position")
        .values_list("name", flat=True)
    ) == ["Achat", "Besoin"]
    # At the edge, nothing moves but the order stays consistent.
    services.item_move(
        user=owner, map_id=journey_map.pk, kind_name="stage", item_id=need.pk, direction="next"
    )
    assert Stage.objects.get(pk=need.pk).position == 1


def test_it_refuses_an_unknown_direction(journey_map, owner):
    stage = first(Stage, journey_map)
    with pytest.raises(Http404):
        services.item_move(
            user=owner,
            map_id=journey_map.pk,
            kind_name="stage",
            item_id=stage.pk,
            direction="sideways",
        )


def test_a_touchpoint_moved_to_another_stage_goes_last_there(journey_map, owner):
    need, purchase = Stage.objects.filter(journey_map=journey_map).order_by("position")
    Touchpoint.objects.create(journey_map=journey_map, stage=purchase, channel="Caisse", position=0)
    touchpoint = Touchpoint.objects.get(stage=need)
    event = services.item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="touchpoint",
        item_id=touchpoint.pk,
        data={"channel": "Bus", "emotion": "1", "stage": purchase.pk, "version": 1},
    )
    touchpoint.refresh_from_db()
    assert touchpoint.stage == purchase
    assert touchpoint.position == 1
    assert event.payload["before"]["stage_id"] == need.pk


def test_it_refuses_an_emotion_out_of_range(journey_map, owner):
    touchpoint = Touchpoint.objects.get(journey_map=journey_map)
    with pytest.raises(services.Invalid) as refused:
        services.item_update(
            user=owner,
            map_id=journey_map.pk,
            kind_name="touchpoint",
            item_id=touchpoint.pk,
            data={"channel": "Bus", "emotion": "5", "stage": touchpoint.stage_id, "version": 1},
        )
    assert "emotion" in refused.value.form.errors


def test_a_lane_without_title_is_named_after_its_kind(journey_map, owner):
    services.item_create(
        user=owner, map_id=journey_map.pk, kind_name="lane", data={"kind": "metrics", "title": ""}
    )
    assert Lane.objects.latest("pk").title == str(LaneKind.METRICS.label)


def test_map_create_starts_from_the_chosen_framework(workspace, owner, persona):
    journey_map = services.map_create(
        user=owner,
        workspace=workspace,
        data={
            "title": "Ludovic court",
            "journey_type": JourneyType.objects.first().pk,
            "framework": "6",
            "personas": [persona.pk],
        },
    )
    assert journey_map.stages.count() == 6
    # Thoughts, pain points, strong points, opportunities.
    assert journey_map.lanes.count() == 4
    assert list(journey_map.personas.all()) == [persona]
    assert journey_map.revision == 1
    assert journey_map.events.get().kind == "map.created"


def test_an_empty_map_has_no_stage(workspace, owner):
    journey_map = services.map_create(
        user=owner,
        workspace=workspace,
        data={"title": "Vide", "journey_type": JourneyType.objects.first().pk, "framework": ""},
    )
    assert journey_map.stages.count() == 0


def test_map_create_refuses_a_persona_of_another_workspace(workspace, owner, other_workspace):
    from personas.models import Persona

    foreign = Persona.objects.create(workspace=other_workspace, name="Espion")
    with pytest.raises(services.Invalid) as refused:
        services.map_create(
            user=owner,
            workspace=workspace,
            data={
                "title": "X",
                "journey_type": JourneyType.objects.first().pk,
                "personas": [foreign.pk],
            },
        )
    assert "personas" in refused.value.form.errors


def test_map_update_conflicts_on_a_stale_scope(journey_map, owner, collaborator):
    data = {"title": "Nouveau titre", "journey_type": journey_map.journey_type_id, "version": 1}
    services.map_update(user=owner, map_id=journey_map.pk, data=data)
    with pytest.raises(services.Conflict) as refused:
        services.map_update(
            user=collaborator, map_id=journey_map.pk, data={**data, "title": "Autre titre"}
        )
    assert refused.value.current.title == "Nouveau titre"
    assert refused.value.form["title"].value() == "Autre titre"
