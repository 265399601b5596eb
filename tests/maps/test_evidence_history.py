"""Figures and source dates go through the event log, undo, the trash and snapshots
like any field: recorded as JSON, put back exactly."""

from datetime import date
from decimal import Decimal

from maps import services, snapshots, undo
from maps.models import Card, Evidence, Lane, LaneKind, MapEvent, Unit
from maps.state_grid import grid_of


def metrics_card(journey_map) -> Card:
    lane = Lane.objects.create(journey_map=journey_map, kind=LaneKind.METRICS, position=2)
    return Card.objects.create(
        journey_map=journey_map,
        stage=journey_map.stages.first(),
        lane=lane,
        text="Conversion",
        value=Decimal("4.7"),
        unit=Unit.PERCENT,
        target=Decimal("10"),
        evidence=Evidence.MEASURED,
        source_date=date(2026, 11, 3),
        position=0,
    )


def test_a_figure_edit_is_recorded_and_undone(journey_map, owner):
    card = metrics_card(journey_map)
    data = {
        "version": card.version,
        "text": card.text,
        "stage": card.stage_id,
        "lane": card.lane_id,
        "value": "5,25",
        "unit": "percent",
        "target": "10",
        "evidence": "observed",
        "source_date": "2026-12-01",
    }
    event = services.item_update(
        user=owner, map_id=journey_map.pk, kind_name="card", item_id=card.pk, data=data
    )
    assert event.payload["value"] == "5.25"
    assert event.payload["before"]["value"] == "4.7"
    assert event.payload["source_date"] == "2026-12-01"
    undo.undo_last(user=owner, map_id=journey_map.pk)
    card.refresh_from_db()
    assert (card.value, card.evidence, card.source_date) == (
        Decimal("4.7"),
        Evidence.MEASURED,
        date(2026, 11, 3),
    )


def test_a_deleted_figure_comes_back_from_the_trash_whole(journey_map, owner):
    card = metrics_card(journey_map)
    event = services.item_delete(
        user=owner, map_id=journey_map.pk, kind_name="card", item_id=card.pk
    )
    services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=event.payload["trash"])
    back = Card.objects.get(pk=card.pk)
    assert (back.value, back.target, back.source_date) == (
        Decimal("4.7"),
        Decimal("10"),
        date(2026, 11, 3),
    )
    assert MapEvent.objects.filter(kind="card.restored").exists()


def test_a_snapshot_keeps_figures_and_dates_as_they_were(journey_map, owner):
    metrics_card(journey_map)
    snapshot = snapshots.take(journey_map, name="Avant", user=owner)
    state = snapshots.load(snapshot)
    card = next(values for values in state["cards"] if values["text"] == "Conversion")
    assert (card["value"], card["source_date"]) == ("4.7", "2026-11-03")
    drawn = next(
        shown
        for row in grid_of(journey_map, state).rows
        for cell in row.cells
        for shown in cell.cards
        if shown.text == "Conversion"
    )
    assert (drawn.value, drawn.source_date) == (Decimal("4.7"), date(2026, 11, 3))
