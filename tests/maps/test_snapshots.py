"""Snapshots: the map's state, taking one (by hand, at a workshop's end), restoring one."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from journeymap.changes import Invalid
from maps import map_state, restore, snapshots
from maps.models import (
    Action,
    Card,
    JourneyMap,
    MapEvent,
    Round,
    RoundKind,
    Snapshot,
    SnapshotReason,
    Stage,
    TrashedItem,
    Vote,
)
from maps.sample import build_map
from maps.services import item_create, item_delete, item_update
from maps.workshops import workshop_end, workshop_start
from workspaces.access import MapLocked


def card_data(card, **changes):
    return {
        "stage": card.stage_id,
        "lane": card.lane_id,
        "text": card.text,
        "cause": card.cause,
        "figure": card.figure,
        "version": card.version,
        **changes,
    }


def test_the_state_holds_the_whole_map_with_ids(journey_map, persona):
    Action.objects.create(
        journey_map=journey_map,
        title="Ouvrir plus tôt",
        source_card=journey_map.cards.get(),
        due_date=timezone.localdate(),
    )
    state = map_state.state_of(journey_map)

    assert state["title"] == "Nell achète une baguette"
    assert state["journey_type"] == {"id": journey_map.journey_type_id, "name": "Intégration"}
    assert state["personas"] == [{"id": persona.pk, "name": "Nell"}]
    assert [s["name"] for s in state["stages"]] == ["Besoin", "Achat"]
    card = journey_map.cards.get()
    card.value, card.unit, card.target = Decimal("42.5"), "percent", Decimal("50")
    card.evidence, card.source_date = "measured", date(2026, 11, 2)
    card.save()
    state = map_state.state_of(journey_map)
    assert state["cards"] == [
        {
            "id": card.pk,
            "stage_id": card.stage_id,
            "lane_id": card.lane_id,
            "text": "Pas de pain ce soir !",
            "cause": "",
            # Numbers as text, no trailing zeros: JSON without float rounding.
            "value": "42.5",
            "unit": "percent",
            "target": "50",
            "higher_is_better": True,
            "period": "",
            "figure": "",
            "evidence": "measured",
            "source": "",
            "source_url": "",
            "source_date": "2026-11-02",
            "position": 0,
        }
    ]
    # A snapshot packs it as JSON.
    assert map_state.unpack(map_state.pack(state))["cards"][0]["value"] == "42.5"
    assert state["touchpoints"][0]["feeling"] == "pressée"
    assert state["actions"][0]["source_card_id"] == card.pk
    assert state["actions"][0]["due_date"] == timezone.localdate().isoformat()


def test_reading_the_state_costs_the_same_queries_whatever_the_size(workspace):
    small = build_map(workspace, stages=2, lanes=2, cards=4)
    large = build_map(workspace, stages=12, lanes=6, cards=400)
    for _ in range(30):
        MapEvent.objects.create(journey_map=large, revision=_ + 2, kind="card.updated")
    counts = []
    for journey_map in (small, large):
        journey_map = JourneyMap.objects.select_related("journey_type").get(pk=journey_map.pk)
        with CaptureQueriesContext(connection) as queries:
            map_state.state_of(journey_map)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_snapshot_keeps_the_state_compressed_and_gives_it_back(journey_map, owner):
    snapshot = snapshots.take(journey_map, name="Avant l'atelier", user=owner)

    assert snapshots.load(Snapshot.objects.get(pk=snapshot.pk)) == map_state.state_of(journey_map)
    assert snapshot.size == len(bytes(snapshot.state))
    assert snapshot.revision == journey_map.revision
    assert snapshot.created_by == owner


def test_a_400_card_snapshot_is_well_under_a_megabyte(workspace):
    journey_map = build_map(workspace, stages=12, lanes=6, cards=400)
    snapshot = snapshots.take(journey_map, name="Grande carte")
    assert snapshot.size < 100_000


def test_ending_a_workshop_takes_a_snapshot_named_after_its_day(journey_map, owner):
    workshop_start(user=owner, map_id=journey_map.pk)
    with translation.override("fr"):
        event = workshop_end(user=owner, map_id=journey_map.pk)

    snapshot = Snapshot.objects.get()
    assert snapshot.reason == SnapshotReason.WORKSHOP
    assert snapshot.workshop == journey_map.workshops.get()
    day = timezone.localtime(snapshot.workshop.ended_at)
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet"]
    months += ["août", "septembre", "octobre", "novembre", "décembre"]
    assert snapshot.name == f"Atelier du {day.day} {months[day.month - 1]} {day.year}"
    assert event.payload["snapshot"] == snapshot.pk
    assert snapshots.load(snapshot)["cards"][0]["text"] == "Pas de pain ce soir !"


def test_the_workshop_snapshot_is_named_in_english_too(journey_map, owner):
    workshop = workshop_start(user=owner, map_id=journey_map.pk)
    workshop.ended_at = timezone.make_aware(timezone.datetime(2026, 11, 25, 17, 0))
    with translation.override("en"):
        assert snapshots.workshop_name(workshop) == "Workshop of 25 November 2026"


def test_a_facilitator_takes_a_named_snapshot(journey_map, owner):
    snapshot = snapshots.snapshot_take(
        user=owner, map_id=journey_map.pk, data={"name": "  Avant refonte  "}
    )
    assert snapshot.name == "Avant refonte"
    assert snapshot.reason == SnapshotReason.MANUAL
    # Not a change of the map: no revision, no event.
    assert JourneyMap.objects.get(pk=journey_map.pk).revision == journey_map.revision


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_a_snapshot_needs_a_name_of_at_most_120_characters(journey_map, owner, name):
    with pytest.raises(Invalid):
        snapshots.snapshot_take(user=owner, map_id=journey_map.pk, data={"name": name})
    assert not Snapshot.objects.exists()


def test_marketers_and_guests_take_no_snapshot(journey_map, marketer, guest):
    for user in (marketer, guest):
        with pytest.raises(PermissionDenied):
            snapshots.snapshot_take(user=user, map_id=journey_map.pk, data={"name": "Moi"})


def test_only_snapshots_taken_by_hand_are_deleted(journey_map, owner):
    manual = snapshots.take(journey_map, name="À la main", user=owner)
    automatic = snapshots.take(journey_map, name="Atelier", reason=SnapshotReason.WORKSHOP)
    with pytest.raises(PermissionDenied):
        snapshots.snapshot_delete(user=owner, map_id=journey_map.pk, snapshot_id=automatic.pk)
    snapshots.snapshot_delete(user=owner, map_id=journey_map.pk, snapshot_id=manual.pk)
    assert list(Snapshot.objects.all()) == [automatic]


# Restoring -----------------------------------------------------------------------


@pytest.fixture
def edited(journey_map, owner):
    """The map, a snapshot of it, then: the card reworded, a card added, a stage gone."""
    card = journey_map.cards.get()
    round_ = Round.objects.create(journey_map=journey_map, kind=RoundKind.DOTS)
    Vote.objects.create(round=round_, voter=owner, card=card, value=2)
    snapshot = snapshots.take(journey_map, name="Avant", user=owner)
    item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data=card_data(card, text="Plus de pain du tout"),
    )
    item_create(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        data={"stage": card.stage_id, "lane": card.lane_id, "text": "Nouvelle idée"},
    )
    achat = journey_map.stages.get(name="Achat")
    item_delete(user=owner, map_id=journey_map.pk, kind_name="stage", item_id=achat.pk)
    return snapshot, card, achat


def test_restoring_in_place_puts_the_map_back_keeping_ids_and_votes(journey_map, owner, edited):
    snapshot, card, achat = edited
    event = restore.restore_in_place(user=owner, map_id=journey_map.pk, snapshot_id=snapshot.pk)

    assert map_state.state_of(journey_map)["cards"] == snapshots.load(snapshot)["cards"]
    assert list(journey_map.cards.values_list("pk", "text")) == [(card.pk, "Pas de pain ce soir !")]
    assert Vote.objects.get().card_id == card.pk  # the kept card kept its votes
    assert Stage.objects.get(name="Achat").pk == achat.pk  # back under its own id
    assert not TrashedItem.objects.filter(item_id=achat.pk, kind="stage").exists()
    assert event.kind == "map.restored"
    before = Snapshot.objects.get(reason=SnapshotReason.RESTORE)
    assert event.payload == {
        "snapshot": snapshot.pk,
        "name": "Avant",
        "before_snapshot": before.pk,
        "trashed": 1,
    }
    # The card added since is in the trash, restorable on its own.
    assert TrashedItem.objects.get(kind="card").label.endswith("Nouvelle idée")
    # The state it replaced was kept first: the reworded card, the new one, no "Achat".
    kept = snapshots.load(before)
    assert {c["text"] for c in kept["cards"]} == {"Plus de pain du tout", "Nouvelle idée"}
    assert [s["name"] for s in kept["stages"]] == ["Besoin"]
    assert kept["revision"] == event.revision - 1


def test_undoing_a_restore_is_applying_the_state_it_replaced(journey_map, owner, edited):
    snapshot, _card, _achat = edited
    event = restore.restore_in_place(user=owner, map_id=journey_map.pk, snapshot_id=snapshot.pk)
    before = snapshots.load(Snapshot.objects.get(pk=event.payload["before_snapshot"]))
    restore.apply_state(JourneyMap.objects.get(pk=journey_map.pk), before)

    now = map_state.state_of(JourneyMap.objects.get(pk=journey_map.pk))
    assert now["cards"] == before["cards"]
    assert now["stages"] == before["stages"]


def test_restoring_in_place_is_for_facilitators_of_an_unlocked_map(
    journey_map, owner, marketer, edited
):
    snapshot = edited[0]
    with pytest.raises(PermissionDenied):
        restore.restore_in_place(user=marketer, map_id=journey_map.pk, snapshot_id=snapshot.pk)
    JourneyMap.objects.filter(pk=journey_map.pk).update(locked=True)
    with pytest.raises(MapLocked):
        restore.restore_in_place(user=owner, map_id=journey_map.pk, snapshot_id=snapshot.pk)
    assert not Snapshot.objects.filter(reason=SnapshotReason.RESTORE).exists()


def test_a_snapshot_of_another_map_is_not_found(journey_map, owner, workspace):
    other = build_map(workspace, stages=1, lanes=1, cards=1)
    snapshot = snapshots.take(other, name="Ailleurs")
    from django.http import Http404

    with pytest.raises(Http404):
        restore.restore_in_place(user=owner, map_id=journey_map.pk, snapshot_id=snapshot.pk)


def test_a_snapshot_over_the_map_limits_is_not_restored(journey_map, owner, edited, settings):
    settings.PARCOURS_MAX_CARDS = 0
    with pytest.raises(restore.RestoreRefused):
        restore.restore_in_place(user=owner, map_id=journey_map.pk, snapshot_id=edited[0].pk)
    assert JourneyMap.objects.get(pk=journey_map.pk).revision == journey_map.revision + 3


def test_restoring_as_a_new_map_leaves_the_map_as_it_is(journey_map, owner, edited, persona):
    snapshot = edited[0]
    copy = restore.restore_as_new(user=owner, map_id=journey_map.pk, snapshot_id=snapshot.pk)

    assert copy.pk != journey_map.pk
    assert copy.workspace == journey_map.workspace
    assert copy.title == "Nell achète une baguette (restaurée depuis «\u00a0Avant\u00a0»)"
    assert list(copy.personas.all()) == [persona]
    assert list(copy.cards.values_list("text", flat=True)) == ["Pas de pain ce soir !"]
    assert [s.name for s in copy.stages.all()] == ["Besoin", "Achat"]
    # New ids: the original map's items are untouched.
    assert not set(copy.cards.values_list("pk", flat=True)) & set(
        Card.objects.filter(journey_map=journey_map).values_list("pk", flat=True)
    )
    assert journey_map.cards.count() == 2
    event = copy.events.get()
    assert (event.kind, event.revision) == ("map.created", 1)
    assert event.payload["restored_from"]["snapshot"] == snapshot.pk


def test_a_restored_title_stays_within_the_title_length():
    title = restore.restored_title("T" * 160, "N" * 120)
    assert len(title) <= 160
    assert title.startswith("TTT") and "NNN" in title


def test_restoring_as_new_is_for_those_who_create_maps_there(journey_map, marketer, edited):
    with pytest.raises(PermissionDenied):
        restore.restore_as_new(user=marketer, map_id=journey_map.pk, snapshot_id=edited[0].pk)


# The map file -------------------------------------------------------------------


def test_the_map_file_carries_snapshots_only_on_request(journey_map, owner):
    from maps.export import json_format

    snapshots.take(journey_map, name="Avant", user=owner)
    plain = json_format.export_map(journey_map)
    assert "snapshots" not in plain and "item_ids" not in plain
    assert plain["schema_version"] == 4
    full = json_format.export_map(journey_map, snapshots=True)
    assert full["schema_version"] == 5
    assert [s["name"] for s in full["snapshots"]] == ["Avant"]


def test_an_imported_file_brings_its_snapshots_back_matched_to_the_new_items(
    journey_map, owner, workspace
):
    import json

    from maps.export import json_format
    from maps.services import map_import

    card = journey_map.cards.get()
    first = snapshots.take(journey_map, name="Avant", user=owner)
    item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data=card_data(card, text="Du pain frais"),
    )
    gone = item_create(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        data={"stage": card.stage_id, "lane": card.lane_id, "text": "Éphémère"},
    )
    snapshots.take(journey_map, name="Pendant", user=owner)
    item_delete(user=owner, map_id=journey_map.pk, kind_name="card", item_id=gone.payload["id"])
    raw = json_format.dumps(journey_map, snapshots=True).encode()

    copy = map_import(user=owner, workspace=workspace, raw=raw)

    kept = list(copy.snapshots.order_by("created_at", "pk"))
    assert [s.name for s in kept] == ["Avant", "Pendant"]
    assert kept[0].created_at == first.created_at
    new_card = copy.cards.get()
    # The imported snapshot names the new map's card: the diff with now matches it.
    old_state = snapshots.load(kept[0])
    assert old_state["cards"][0]["id"] == new_card.pk
    assert old_state["cards"][0]["stage_id"] == new_card.stage_id
    # A card deleted before the export has a negative id, the same in every snapshot.
    deleted = [c for c in snapshots.load(kept[1])["cards"] if c["text"] == "Éphémère"]
    assert deleted[0]["id"] < 0
    # Restoring it puts it back under a new id.
    restore.restore_in_place(user=owner, map_id=copy.pk, snapshot_id=kept[1].pk)
    texts = sorted(copy.cards.values_list("text", flat=True))
    assert texts == ["Du pain frais", "Éphémère"]
    assert all(pk > 0 for pk in copy.cards.values_list("pk", flat=True))
    # Exported again, the copy's file carries the three snapshots it holds now.
    again = json.loads(json_format.dumps(copy, snapshots=True))
    assert [s["name"] for s in again["snapshots"]][:2] == ["Avant", "Pendant"]
    assert len(again["snapshots"]) == 3


def test_a_file_with_a_malformed_snapshot_is_refused_whole(journey_map, owner, workspace):
    import json

    from maps.export import json_format
    from maps.services import map_import

    snapshots.take(journey_map, name="Avant", user=owner)
    data = json_format.export_map(journey_map, snapshots=True)
    data["snapshots"][0]["state"]["cards"][0]["text"] = 42
    with pytest.raises(json_format.ImportRefused, match=r"snapshots\[0\]\.state\.cards\[0\]\.text"):
        map_import(user=owner, workspace=workspace, raw=json.dumps(data).encode())
    data["snapshots"][0]["state"]["cards"][0]["text"] = "x"
    data["snapshots"][0]["state"]["touchpoints"][0]["emotion"] = 7
    with pytest.raises(json_format.ImportRefused, match="emotion"):
        map_import(user=owner, workspace=workspace, raw=json.dumps(data).encode())
    assert JourneyMap.objects.count() == 1


# Comparing --------------------------------------------------------------------


def test_a_comparison_counts_the_voters_of_rounds_held_in_between(journey_map, owner, marketer):
    from datetime import timedelta

    from maps.comparison import compare

    before = Round.objects.create(journey_map=journey_map, kind=RoundKind.EMOTION)
    Round.objects.filter(pk=before.pk).update(
        opened_at=timezone.now() - timedelta(hours=2), closed_at=timezone.now()
    )
    snapshot = snapshots.take(journey_map, name="Avant", user=owner)
    dots = Round.objects.create(journey_map=journey_map, kind=RoundKind.DOTS, dots_each=3)
    card = journey_map.cards.get()
    Vote.objects.create(round=dots, voter=owner, card=card, value=2)
    Vote.objects.create(round=dots, voter=marketer, card=card, value=1)

    comparison = compare(journey_map, snapshot, None)

    assert [(held.round.kind, held.voters) for held in comparison.rounds] == [("dots", 2)]


def test_both_curves_share_the_stages_removed_ones_put_back_in_place(journey_map, owner):
    from maps.comparison import compare

    snapshot = snapshots.take(journey_map, name="Avant", user=owner)
    Stage.objects.create(journey_map=journey_map, name="Fidélisation", position=2)
    Stage.objects.filter(journey_map=journey_map, name="Achat").delete()

    comparison = compare(journey_map, snapshot, None)

    assert [s.name for s in comparison.stages] == ["Besoin", "Achat", "Fidélisation"]
    assert len(comparison.curve.earlier) == len(comparison.curve.points) == 1
