"""A restore in place puts the items the snapshot lacks in the trash, as a delete does.

The restore stays one change (one event, one undo); each removed item can then
be restored on its own, and undoing the restore takes them out of the trash
again rather than leaving a second copy there.
"""

import pytest

from maps import history, restore, services, snapshots, undo
from maps.event_text import Names
from maps.models import Card, JourneyMap, MapEvent, Stage, Touchpoint, TrashedItem


def add(user, journey_map, kind_name, **data):
    event = services.item_create(user=user, map_id=journey_map.pk, kind_name=kind_name, data=data)
    return event.payload["id"]


@pytest.fixture
def restored(journey_map, owner):
    """A snapshot, then a card added to "Besoin" and a stage "Après-vente" with a
    touchpoint and a card; then the snapshot restored in place."""
    kept = snapshots.take(journey_map, name="Avant", user=owner)
    lane = journey_map.lanes.get(position=0)
    need = journey_map.stages.get(name="Besoin")
    card_id = add(owner, journey_map, "card", stage=need.pk, lane=lane.pk, text="Nouvelle")
    stage_id = add(owner, journey_map, "stage", name="Après-vente")
    touchpoint_id = add(
        owner, journey_map, "touchpoint", stage=stage_id, channel="Téléphone", emotion=0
    )
    held_card_id = add(owner, journey_map, "card", stage=stage_id, lane=lane.pk, text="SAV")
    events_before = MapEvent.objects.filter(journey_map=journey_map).count()
    event = restore.restore_in_place(user=owner, map_id=journey_map.pk, snapshot_id=kept.pk)
    return {
        "event": event,
        "events_before": events_before,
        "card": card_id,
        "stage": stage_id,
        "touchpoint": touchpoint_id,
        "held_card": held_card_id,
    }


def test_the_items_a_restore_removes_go_to_the_trash(journey_map, owner, restored):
    event = restored["event"]

    assert not Card.objects.filter(pk__in=[restored["card"], restored["held_card"]]).exists()
    assert not Stage.objects.filter(pk=restored["stage"]).exists()
    entries = {(t.kind, t.item_id): t for t in TrashedItem.objects.filter(journey_map=journey_map)}
    # The stage holds its touchpoint and card, as when it is deleted by hand.
    assert set(entries) == {("card", restored["card"]), ("stage", restored["stage"])}
    stage_entry = entries["stage", restored["stage"]]
    assert stage_entry.content_count == 2
    assert [t["id"] for t in stage_entry.data["touchpoints"]] == [restored["touchpoint"]]
    assert [c["id"] for c in stage_entry.data["cards"]] == [restored["held_card"]]
    for entry in entries.values():
        assert entry.revision == event.revision  # undoing that event is what brings them back
        assert entry.deleted_by == owner
    # Still one change.
    assert MapEvent.objects.filter(journey_map=journey_map).count() == (
        restored["events_before"] + 1
    )
    assert event.payload["trashed"] == 2
    assert "(2 éléments retirés mis à la corbeille)" in history.sentence(event, Names())


def test_each_removed_item_is_restored_on_its_own(journey_map, owner, restored):
    card_entry = TrashedItem.objects.get(kind="card", item_id=restored["card"])
    services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=card_entry.pk)
    assert Card.objects.get(pk=restored["card"]).text == "Nouvelle"

    stage_entry = TrashedItem.objects.get(kind="stage", item_id=restored["stage"])
    services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=stage_entry.pk)
    assert Touchpoint.objects.get(pk=restored["touchpoint"]).stage_id == restored["stage"]
    assert Card.objects.get(pk=restored["held_card"]).stage_id == restored["stage"]
    assert not TrashedItem.objects.filter(journey_map=journey_map).exists()


def test_undoing_the_restore_brings_them_back_once_and_empties_their_entries(
    journey_map, owner, restored
):
    undone = undo.undo_last(user=owner, map_id=journey_map.pk)

    assert undone.kind == "map.restored"
    ids = [restored["card"], restored["held_card"]]
    assert Card.objects.filter(pk__in=ids).count() == 2
    assert Stage.objects.filter(name="Après-vente").count() == 1
    assert Touchpoint.objects.filter(pk=restored["touchpoint"]).count() == 1
    assert not TrashedItem.objects.filter(journey_map=journey_map).exists()

    # Redone: into the trash again, one entry each, not two.
    undo.redo_last(user=owner, map_id=journey_map.pk)
    entries = TrashedItem.objects.filter(journey_map=journey_map)
    assert sorted(entries.values_list("kind", "item_id")) == [
        ("card", restored["card"]),
        ("stage", restored["stage"]),
    ]
    # And undone again: the map is back, the trash empty, no item twice.
    undo.undo_last(user=owner, map_id=journey_map.pk)
    assert Card.objects.filter(journey_map=journey_map).count() == 3
    assert not TrashedItem.objects.filter(journey_map=journey_map).exists()


def test_an_item_the_snapshot_moved_out_of_a_removed_stage_stays(journey_map, owner):
    """The snapshot holds the card in "Besoin"; since, it moved to a new stage. The new
    stage goes to the trash without it."""
    card = journey_map.cards.get()
    kept = snapshots.take(journey_map, name="Avant", user=owner)
    stage_id = add(owner, journey_map, "stage", name="Après-vente")
    Card.objects.filter(pk=card.pk).update(stage_id=stage_id)  # as a move would

    restore.restore_in_place(user=owner, map_id=journey_map.pk, snapshot_id=kept.pk)

    assert Card.objects.get(pk=card.pk).stage.name == "Besoin"
    entry = TrashedItem.objects.get(journey_map=journey_map)
    assert (entry.kind, entry.item_id, entry.content_count) == ("stage", stage_id, 0)
    assert JourneyMap.objects.get(pk=journey_map.pk).cards.count() == 1


def test_removed_cards_keep_their_votes_and_a_neighbour_that_stays(journey_map, owner):
    from maps.models import Round, RoundKind, Vote

    kept = snapshots.take(journey_map, name="Avant", user=owner)
    card = journey_map.cards.get()
    ids = [
        add(owner, journey_map, "card", stage=card.stage_id, lane=card.lane_id, text=f"Idée {n}")
        for n in range(3)
    ]
    round_ = Round.objects.create(journey_map=journey_map, kind=RoundKind.DOTS)
    Vote.objects.create(round=round_, voter=owner, card_id=ids[1], value=1)
    restore.restore_in_place(user=owner, map_id=journey_map.pk, snapshot_id=kept.pk)
    assert not Vote.objects.exists()

    # Restored alone, the middle card comes back after the card that stayed, with its vote.
    entry = TrashedItem.objects.get(kind="card", item_id=ids[1])
    assert (entry.data["after"], entry.data["before"]) == (card.pk, None)
    services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=entry.pk)
    assert list(
        Card.objects.filter(journey_map=journey_map).order_by("position").values_list("pk")
    ) == [(card.pk,), (ids[1],)]
    assert Vote.objects.get().card_id == ids[1]


@pytest.mark.parametrize("count", [5, 40])
def test_removing_cards_by_the_dozen_costs_the_queries_of_a_few(journey_map, owner, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kept = snapshots.take(journey_map, name="Avant", user=owner)
    card = journey_map.cards.get()
    Card.objects.bulk_create(
        Card(journey_map=journey_map, stage_id=card.stage_id, lane_id=card.lane_id, text=f"{n}")
        for n in range(count)
    )
    with CaptureQueriesContext(connection) as queries:
        restore.restore_in_place(user=owner, map_id=journey_map.pk, snapshot_id=kept.pk)
    assert TrashedItem.objects.filter(kind="card").count() == count
    # The same whatever the count: measured once, written down.
    assert len(queries) == QUERIES_OF_A_RESTORE


QUERIES_OF_A_RESTORE = 37
