"""Undo and redo: each change kind taken back as a new change, and the refusals."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from maps import rounds, services, undo
from maps.models import (
    Action,
    Card,
    Lane,
    MapEvent,
    Round,
    RoundKind,
    Stage,
    Touchpoint,
    Vote,
)


def first(model, journey_map):
    return model.objects.filter(journey_map=journey_map).order_by("position", "pk").first()


def card_data(card, **changes):
    return {
        "text": card.text,
        "cause": card.cause,
        "figure": card.figure,
        "stage": card.stage_id,
        "lane": card.lane_id,
        "version": card.version,
        **changes,
    }


def edit_card(user, card, **changes):
    return services.item_update(
        user=user,
        map_id=card.journey_map_id,
        kind_name="card",
        item_id=card.pk,
        data=card_data(card, **changes),
    )


def add_card(user, journey_map, text):
    services.item_create(
        user=user,
        map_id=journey_map.pk,
        kind_name="card",
        data={
            "text": text,
            "stage": first(Stage, journey_map).pk,
            "lane": first(Lane, journey_map).pk,
        },
    )
    return Card.objects.latest("pk")


def test_an_edit_is_undone_by_a_new_change_that_names_it(journey_map, owner):
    card = first(Card, journey_map)
    edited = edit_card(owner, card, text="Plus de pain du tout")

    event = undo.undo_last(user=owner, map_id=journey_map.pk)

    card.refresh_from_db()
    assert card.text == "Pas de pain ce soir !"
    assert event.kind == "card.updated"
    assert event.reverts == edited.revision
    assert event.revision == edited.revision + 1
    # The log keeps both: nothing rewritten.
    assert MapEvent.objects.filter(journey_map=journey_map, revision=edited.revision).exists()


def test_redo_puts_back_what_undo_took_and_is_itself_undoable(journey_map, owner):
    card = first(Card, journey_map)
    edit_card(owner, card, text="Plus de pain du tout")
    undo.undo_last(user=owner, map_id=journey_map.pk)

    redone = undo.redo_last(user=owner, map_id=journey_map.pk)
    card.refresh_from_db()
    assert card.text == "Plus de pain du tout"

    undo.undo_last(user=owner, map_id=journey_map.pk)
    card.refresh_from_db()
    assert card.text == "Pas de pain ce soir !"
    assert redone.reverts is not None


def test_undo_goes_back_in_order_through_several_changes(journey_map, owner):
    card = first(Card, journey_map)
    edit_card(owner, card, text="un")
    card.refresh_from_db()
    edit_card(owner, card, text="deux")
    added = add_card(owner, journey_map, "trois")

    undo.undo_last(user=owner, map_id=journey_map.pk)
    assert not Card.objects.filter(pk=added.pk).exists()
    undo.undo_last(user=owner, map_id=journey_map.pk)
    card.refresh_from_db()
    assert card.text == "un"
    undo.undo_last(user=owner, map_id=journey_map.pk)
    card.refresh_from_db()
    assert card.text == "Pas de pain ce soir !"

    with pytest.raises(undo.UndoRefused):
        undo.undo_last(user=owner, map_id=journey_map.pk)


def test_a_new_change_clears_what_could_be_redone(journey_map, owner):
    card = first(Card, journey_map)
    edit_card(owner, card, text="un")
    undo.undo_last(user=owner, map_id=journey_map.pk)
    add_card(owner, journey_map, "autre chose")

    with pytest.raises(undo.UndoRefused, match="rétablir"):
        undo.redo_last(user=owner, map_id=journey_map.pk)


def test_each_person_undoes_their_own_changes(journey_map, owner, collaborator):
    card = first(Card, journey_map)
    edit_card(owner, card, text="la mienne")
    added = add_card(collaborator, journey_map, "la sienne")

    undo.undo_last(user=owner, map_id=journey_map.pk)

    card.refresh_from_db()
    assert card.text == "Pas de pain ce soir !"
    assert Card.objects.filter(pk=added.pk).exists()


def test_an_undo_is_refused_when_someone_changed_the_card_since(journey_map, owner, collaborator):
    card = first(Card, journey_map)
    edit_card(owner, card, text="la mienne")
    card.refresh_from_db()
    edit_card(collaborator, card, text="la sienne, par-dessus")

    with pytest.raises(undo.UndoRefused, match="modifié depuis"):
        undo.undo_last(user=owner, map_id=journey_map.pk)
    card.refresh_from_db()
    assert card.text == "la sienne, par-dessus"


def test_undoing_an_addition_is_refused_once_the_item_was_edited(journey_map, owner, collaborator):
    added = add_card(owner, journey_map, "neuve")
    edit_card(collaborator, added, text="retouchée")

    with pytest.raises(undo.UndoRefused):
        undo.undo_last(user=owner, map_id=journey_map.pk)
    assert Card.objects.filter(pk=added.pk).exists()


def test_undoing_an_edit_of_a_deleted_card_says_to_restore_it(journey_map, owner, collaborator):
    card = first(Card, journey_map)
    edit_card(owner, card, text="la mienne")
    services.item_delete(
        user=collaborator, map_id=journey_map.pk, kind_name="card", item_id=card.pk
    )

    with pytest.raises(undo.UndoRefused, match="corbeille"):
        undo.undo_last(user=owner, map_id=journey_map.pk)


@pytest.mark.parametrize("kind_name", ["stage", "lane", "touchpoint", "card", "action"])
def test_every_item_kind_deleted_comes_back_with_the_same_id(journey_map, owner, kind_name):
    Action.objects.create(journey_map=journey_map, title="Ouvrir plus tôt")
    model = services.item_kind(kind_name).model
    item = first(model, journey_map)

    services.item_delete(
        user=owner, map_id=journey_map.pk, kind_name=kind_name, item_id=item.pk, confirmed=True
    )
    assert not model.objects.filter(pk=item.pk).exists()
    event = undo.undo_last(user=owner, map_id=journey_map.pk)

    assert event.kind == f"{kind_name}.restored"
    assert model.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("kind_name", ["stage", "lane", "touchpoint", "card", "action"])
def test_every_item_kind_added_is_taken_back_to_the_trash(journey_map, owner, kind_name):
    data = {
        "stage": {"name": "Retour"},
        "lane": {"kind": "opportunities", "title": "Pistes"},
        "touchpoint": {"channel": "Web", "stage": first(Stage, journey_map).pk, "emotion": 0},
        "card": {
            "text": "Neuve",
            "stage": first(Stage, journey_map).pk,
            "lane": first(Lane, journey_map).pk,
        },
        "action": {"title": "Appeler", "impact": 2, "effort": 2, "status": "todo"},
    }[kind_name]
    created = services.item_create(
        user=owner, map_id=journey_map.pk, kind_name=kind_name, data=data
    )
    model = services.item_kind(kind_name).model

    undo.undo_last(user=owner, map_id=journey_map.pk)
    assert not model.objects.filter(pk=created.payload["id"]).exists()

    undo.redo_last(user=owner, map_id=journey_map.pk)
    assert model.objects.filter(pk=created.payload["id"]).exists()


@pytest.mark.parametrize("kind_name", ["stage", "lane", "touchpoint", "action"])
def test_every_item_kind_edited_is_edited_back(journey_map, owner, kind_name):
    Action.objects.create(journey_map=journey_map, title="Ouvrir plus tôt")
    kind = services.item_kind(kind_name)
    item = first(kind.model, journey_map)
    form = kind.form(instance=item, journey_map=journey_map)
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    text_field = {"stage": "name", "lane": "title", "touchpoint": "channel", "action": "title"}
    before = getattr(item, text_field[kind_name])
    data[text_field[kind_name]] = "Autre nom"
    data["version"] = item.version
    services.item_update(
        user=owner, map_id=journey_map.pk, kind_name=kind_name, item_id=item.pk, data=data
    )

    undo.undo_last(user=owner, map_id=journey_map.pk)

    item.refresh_from_db()
    assert getattr(item, text_field[kind_name]) == before


def test_a_card_moved_to_another_stage_goes_back(journey_map, owner):
    card = first(Card, journey_map)
    need, purchase = Stage.objects.filter(journey_map=journey_map).order_by("position")
    edit_card(owner, card, stage=purchase.pk)

    undo.undo_last(user=owner, map_id=journey_map.pk)

    card.refresh_from_db()
    assert card.stage_id == need.pk


def test_a_move_in_the_order_is_undone_and_refused_once_the_order_changed(
    journey_map, owner, collaborator
):
    need, purchase = Stage.objects.filter(journey_map=journey_map).order_by("position")
    services.item_move(
        user=owner, map_id=journey_map.pk, kind_name="stage", item_id=purchase.pk, direction="prev"
    )
    undo.undo_last(user=owner, map_id=journey_map.pk)
    assert list(Stage.objects.filter(journey_map=journey_map).values_list("pk", flat=True)) == [
        need.pk,
        purchase.pk,
    ]

    undo.redo_last(user=owner, map_id=journey_map.pk)
    services.item_move(
        user=collaborator,
        map_id=journey_map.pk,
        kind_name="stage",
        item_id=purchase.pk,
        direction="next",
    )
    with pytest.raises(undo.UndoRefused, match="ordre"):
        undo.undo_last(user=owner, map_id=journey_map.pk)


def test_a_stage_comes_back_from_undo_with_its_content_votes_and_action_links(
    journey_map, owner, collaborator
):
    stage = first(Stage, journey_map)
    touchpoint = first(Touchpoint, journey_map)
    card = first(Card, journey_map)
    action = Action.objects.create(journey_map=journey_map, title="Pain", source_card=card)
    voting = Round.objects.create(journey_map=journey_map, kind=RoundKind.EMOTION)
    Vote.objects.create(round=voting, voter=collaborator, touchpoint=touchpoint, value=-1)

    deleted = services.item_delete(
        user=owner, map_id=journey_map.pk, kind_name="stage", item_id=stage.pk, confirmed=True
    )
    assert deleted.payload["content"] == 2
    action.refresh_from_db()
    assert action.source_card is None

    undo.undo_last(user=owner, map_id=journey_map.pk)

    assert Stage.objects.get(pk=stage.pk).position == 0
    assert Touchpoint.objects.get(pk=touchpoint.pk).stage_id == stage.pk
    assert Card.objects.get(pk=card.pk).text == "Pas de pain ce soir !"
    assert Vote.objects.get(touchpoint_id=touchpoint.pk).value == -1
    action.refresh_from_db()
    assert action.source_card_id == card.pk


def test_undoing_a_restore_from_the_trash_deletes_again_unless_content_was_added(
    journey_map, owner, collaborator
):
    lane = first(Lane, journey_map)
    deleted = services.item_delete(
        user=owner, map_id=journey_map.pk, kind_name="lane", item_id=lane.pk, confirmed=True
    )
    services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=deleted.payload["trash"])
    added = add_card(collaborator, journey_map, "dans la voie revenue")
    added.lane_id = lane.pk
    added.save()

    with pytest.raises(undo.UndoRefused, match="ajoutés"):
        undo.undo_last(user=owner, map_id=journey_map.pk)
    added.delete()
    undo.undo_last(user=owner, map_id=journey_map.pk)
    assert not Lane.objects.filter(pk=lane.pk).exists()


def test_the_title_and_scope_are_put_back(journey_map, owner, persona):
    data = {
        "title": "Un autre titre",
        "targets": "",
        "offers": "",
        "journey_type": journey_map.journey_type_id,
        "personas": [],
        "version": journey_map.version,
    }
    services.map_update(user=owner, map_id=journey_map.pk, data=data)

    undo.undo_last(user=owner, map_id=journey_map.pk)

    journey_map.refresh_from_db()
    assert journey_map.title == "Nell achète une baguette"
    assert list(journey_map.personas.all()) == [persona]


def test_the_adoption_of_a_groups_mean_is_undone(journey_map, owner, collaborator, workshop):
    touchpoint = first(Touchpoint, journey_map)
    rounds.round_open(user=owner, map_id=journey_map.pk, kind=RoundKind.EMOTION)
    rounds.score(user=collaborator, map_id=journey_map.pk, touchpoint_id=touchpoint.pk, value=2)
    rounds.round_close(user=owner, map_id=journey_map.pk)
    voting = Round.objects.get(journey_map=journey_map)
    rounds.round_adopt(user=owner, map_id=journey_map.pk, round_id=voting.pk)
    assert Touchpoint.objects.get(pk=touchpoint.pk).emotion == 2

    undo.undo_last(user=owner, map_id=journey_map.pk)

    assert Touchpoint.objects.get(pk=touchpoint.pk).emotion == 0
    voting.refresh_from_db()
    assert voting.adopted_at is None


def test_facilitation_and_votes_are_not_undone(journey_map, owner, workshop):
    undoable = undo.stacks(journey_map.pk, owner).undo
    assert all(event.kind != "workshop.started" for event in undoable)
    started = MapEvent.objects.get(journey_map=journey_map, kind="workshop.started")
    with pytest.raises(undo.UndoRefused, match="séance"):
        undo.undo_event(user=owner, map_id=journey_map.pk, revision=started.revision)


def test_a_facilitator_undoes_anyones_change_and_it_leaves_its_authors_stack(
    journey_map, owner, collaborator, marketer
):
    card = first(Card, journey_map)
    edited = edit_card(collaborator, card, text="la sienne")

    with pytest.raises(PermissionDenied):
        undo.undo_event(user=marketer, map_id=journey_map.pk, revision=edited.revision)
    undo.undo_event(user=owner, map_id=journey_map.pk, revision=edited.revision)

    card.refresh_from_db()
    assert card.text == "Pas de pain ce soir !"
    assert undo.stacks(journey_map.pk, collaborator).undo == []
    with pytest.raises(undo.UndoRefused, match="déjà"):
        undo.undo_event(user=owner, map_id=journey_map.pk, revision=edited.revision)


def test_a_guest_undoes_their_own_card_but_not_anothers(journey_map, owner, guest):
    added = add_card(guest, journey_map, "de Camille")
    card = first(Card, journey_map)
    theirs = edit_card(owner, card, text="de l'animatrice")

    undo.undo_last(user=guest, map_id=journey_map.pk)

    assert not Card.objects.filter(pk=added.pk).exists()
    card.refresh_from_db()
    assert card.text == "de l'animatrice"
    with pytest.raises(PermissionDenied):
        undo.undo_event(user=guest, map_id=journey_map.pk, revision=theirs.revision)


def test_a_restore_in_place_is_undone_and_redone(journey_map, owner):
    from maps import restore, snapshots

    card = first(Card, journey_map)
    kept = snapshots.take(journey_map, name="Avant", user=owner)
    edit_card(owner, card, text="Après l'atelier")
    added = add_card(owner, journey_map, "Nouvelle")
    restore.restore_in_place(user=owner, map_id=journey_map.pk, snapshot_id=kept.pk)
    card.refresh_from_db()
    assert card.text == "Pas de pain ce soir !"
    assert not Card.objects.filter(pk=added.pk).exists()

    undone = undo.undo_last(user=owner, map_id=journey_map.pk)

    assert undone.kind == "map.restored"
    card.refresh_from_db()
    assert card.text == "Après l'atelier"
    assert Card.objects.filter(pk=added.pk).exists()
    undo.redo_last(user=owner, map_id=journey_map.pk)
    assert not Card.objects.filter(pk=added.pk).exists()


def test_undoing_a_restore_is_refused_once_the_map_changed_since(journey_map, owner, collaborator):
    from maps import restore, snapshots

    kept = snapshots.take(journey_map, name="Avant", user=owner)
    add_card(owner, journey_map, "Nouvelle")
    restore.restore_in_place(user=owner, map_id=journey_map.pk, snapshot_id=kept.pk)
    add_card(collaborator, journey_map, "Ajoutée après")

    with pytest.raises(undo.UndoRefused, match="changé depuis"):
        undo.undo_last(user=owner, map_id=journey_map.pk)


def edit_touchpoint(user, touchpoint, **changes):
    return services.item_update(
        user=user,
        map_id=touchpoint.journey_map_id,
        kind_name="touchpoint",
        item_id=touchpoint.pk,
        data={
            "channel": touchpoint.channel,
            "action": touchpoint.action,
            "emotion": touchpoint.emotion,
            "feeling": touchpoint.feeling,
            "stage": touchpoint.stage_id,
            "version": touchpoint.version,
            **changes,
        },
    )


def test_an_evidence_change_is_undone_and_redone(journey_map, owner):
    card = first(Card, journey_map)
    edit_card(owner, card, evidence="measured", source="Enquête caisse", source_date="2026-11-02")

    undo.undo_last(user=owner, map_id=journey_map.pk)
    card.refresh_from_db()
    assert (card.evidence, card.source, card.source_date) == ("assumption", "", None)

    undo.redo_last(user=owner, map_id=journey_map.pk)
    card.refresh_from_db()
    assert (card.evidence, card.source, str(card.source_date)) == (
        "measured",
        "Enquête caisse",
        "2026-11-02",
    )


def test_a_figure_change_is_undone_to_the_exact_number(journey_map, owner):
    card = first(Card, journey_map)
    edit_card(owner, card, value="42", unit="percent", target="50")
    card.refresh_from_db()
    edit_card(owner, card, value="48.5", unit="percent", target="50")

    event = undo.undo_last(user=owner, map_id=journey_map.pk)

    card.refresh_from_db()
    assert (card.value, card.unit, card.target) == (Decimal("42"), "percent", Decimal("50"))
    # Recorded as text, not as a float that would round.
    assert event.payload["value"] == "42"
    assert event.payload["before"]["value"] == "48.5"


def test_a_moment_of_truth_is_undone(journey_map, owner):
    touchpoint = first(Touchpoint, journey_map)
    edit_touchpoint(owner, touchpoint, moment_of_truth="on")

    undo.undo_last(user=owner, map_id=journey_map.pk)

    touchpoint.refresh_from_db()
    assert touchpoint.moment_of_truth is False


def test_a_card_with_a_figure_comes_back_from_the_trash_as_it_was(journey_map, owner):
    card = first(Card, journey_map)
    edit_card(owner, card, value="4.7", unit="rating", evidence="observed")
    services.item_delete(user=owner, map_id=journey_map.pk, kind_name="card", item_id=card.pk)

    undo.undo_last(user=owner, map_id=journey_map.pk)

    card.refresh_from_db()
    assert (card.value, card.unit, card.evidence) == (Decimal("4.7"), "rating", "observed")
