"""The method's numbers on PostgreSQL: evidence counted by one UNION ALL statement, and
figures kept exact in a ``numeric`` column through an edit and its undo."""

from decimal import Decimal

from maps import coverage, coverage_counts, services, undo
from maps.grid import build_grid
from maps.models import Card, Evidence, Lane, LaneKind, Stage, Unit
from maps.sample import build_map


def test_the_database_counts_evidence_as_the_page_does(workspace, owner):
    journey_map = build_map(workspace, stages=5, lanes=4, cards=120, title="Comptage")
    empty = Stage.objects.create(journey_map=journey_map, name="Vide", position=9)
    grid = build_grid(journey_map)
    on_page = coverage.by_stage(grid)
    stage_ids = [column.stage.pk for column in grid.columns]

    counted = coverage_counts.of_stages(journey_map, stage_ids)

    assert counted == on_page
    assert counted[empty.pk] == coverage.Coverage()
    levels = set(Card.objects.filter(journey_map=journey_map).values_list("evidence", flat=True))
    assert levels == set(Evidence.values)
    assert coverage_counts.of_maps([journey_map.pk]) == {journey_map.pk: coverage.of_map(grid)}


def test_a_figure_stays_exact_through_an_edit_and_its_undo(journey_map, owner):
    metrics = Lane.objects.create(journey_map=journey_map, kind=LaneKind.METRICS, title="Chiffres")
    card = Card.objects.create(
        journey_map=journey_map,
        stage=Stage.objects.filter(journey_map=journey_map).first(),
        lane=metrics,
        text="Panier moyen",
        value=Decimal("1234567.8912"),
        unit=Unit.EUROS,
    )
    services.item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data={
            "text": card.text,
            "value": "0,1",
            "unit": Unit.EUROS,
            "stage": card.stage_id,
            "lane": card.lane_id,
            "version": card.version,
        },
    )
    card.refresh_from_db()
    assert card.value == Decimal("0.1")

    undo.undo_last(user=owner, map_id=journey_map.pk)

    card.refresh_from_db()
    assert card.value == Decimal("1234567.8912")
