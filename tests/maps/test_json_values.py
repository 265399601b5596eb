"""Figures and dates as events, snapshots and the trash record them, and back."""

from datetime import date
from decimal import Decimal

from maps import services, undo
from maps.json_values import jsonable
from maps.models import Card, Evidence, Lane, LaneKind, Stage, Unit


def test_figures_are_exact_strings_without_trailing_zeros():
    assert jsonable(Decimal("4.7000")) == "4.7"
    assert jsonable(Decimal("36.0000")) == "36"
    assert jsonable(Decimal("1E+2")) == "100"
    assert jsonable(Decimal("-0.25")) == "-0.25"
    assert jsonable(date(2026, 10, 30)) == "2026-10-30"
    assert jsonable("texte") == "texte"
    assert jsonable(None) is None


def figure_card(journey_map):
    metrics = Lane.objects.create(journey_map=journey_map, kind=LaneKind.METRICS, title="Chiffres")
    return Card.objects.create(
        journey_map=journey_map,
        stage=Stage.objects.filter(journey_map=journey_map).first(),
        lane=metrics,
        text="Attente moyenne",
        value=Decimal("12.5"),
        unit=Unit.MINUTES,
        target=Decimal(5),
        higher_is_better=False,
        evidence=Evidence.MEASURED,
        source="Chronométrage",
        source_date=date(2026, 10, 30),
    )


def assert_as_made(card):
    card.refresh_from_db()
    assert card.value == Decimal("12.5")
    assert card.target == Decimal(5)
    assert card.higher_is_better is False
    assert card.evidence == Evidence.MEASURED
    assert card.source == "Chronométrage"
    assert card.source_date == date(2026, 10, 30)


def test_a_card_with_a_figure_comes_back_from_the_trash_as_it_was(journey_map, owner):
    card = figure_card(journey_map)
    services.item_delete(user=owner, map_id=journey_map.pk, kind_name="card", item_id=card.pk)
    assert not Card.objects.filter(pk=card.pk).exists()
    trashed = journey_map.trash.get()
    services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=trashed.pk)
    assert_as_made(card)


def test_a_figure_edit_is_undone_to_the_exact_figure_and_evidence(journey_map, owner):
    card = figure_card(journey_map)
    services.item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data={
            "text": card.text,
            "value": "9.75",
            "unit": Unit.MINUTES,
            "target": "5",
            "higher_is_better": "False",
            "evidence": Evidence.OBSERVED,
            "source": "",
            "stage": card.stage_id,
            "lane": card.lane_id,
            "version": card.version,
        },
    )
    card.refresh_from_db()
    assert card.value == Decimal("9.75")
    assert card.evidence == Evidence.OBSERVED

    undo.undo_last(user=owner, map_id=journey_map.pk)
    assert_as_made(card)
