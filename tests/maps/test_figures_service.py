"""Applying a CSV of figures: all rows or none, one undoable change, pushed to open tabs."""

import json
from datetime import date
from decimal import Decimal

import pytest
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied
from django.http import Http404

from maps import event_text, events, live, undo
from maps.figures_import import FigureRow
from maps.figures_service import FiguresRefused, import_figures, plan
from maps.models import Action, Card, Evidence, Lane, LaneKind, MapEvent


def row(stage, metric: str, value: str, line: int = 2, **fields) -> FigureRow:
    return FigureRow(
        line=line,
        stage_id=stage.pk,
        stage_name=stage.name,
        metric=metric,
        value=Decimal(value),
        unit=fields.pop("unit", "minutes"),
        **fields,
    )


@pytest.fixture
def stages(journey_map):
    return journey_map.stages.get(name="Besoin"), journey_map.stages.get(name="Achat")


@pytest.fixture
def metrics(journey_map):
    return Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.METRICS, title="Indicateurs", position=2
    )


@pytest.fixture
def group_messages(monkeypatch):
    layer = get_channel_layer()
    sent = []

    async def group_send(group, message):
        sent.append((group, message))

    monkeypatch.setattr(layer, "group_send", group_send)
    return sent


def test_a_map_without_a_metrics_lane_gets_one_and_the_cards_are_measured(
    journey_map, owner, stages
):
    need, purchase = stages
    rows = [
        row(
            purchase,
            "Attente en caisse",
            "4.5",
            target=Decimal("3"),
            source="Ticket de caisse",
            source_date=date(2026, 10, 2),
            period="T3 2026",
            link="https://example.org/caisse",
        ),
        row(need, "Visites", "1200", unit="count", line=3),
    ]
    assert plan(journey_map, rows).lane is None
    event = import_figures(user=owner, map_id=journey_map.pk, rows=rows)
    lane = journey_map.lanes.get(kind=LaneKind.METRICS)
    assert lane.title == "Indicateurs"  # the kind's label, in French
    wait = Card.objects.get(lane=lane, stage=purchase)
    assert (wait.text, wait.value, wait.unit, wait.target) == (
        "Attente en caisse",
        Decimal("4.5"),
        "minutes",
        Decimal("3"),
    )
    assert wait.evidence == Evidence.MEASURED
    assert (wait.source, wait.source_date, wait.period) == (
        "Ticket de caisse",
        date(2026, 10, 2),
        "T3 2026",
    )
    assert wait.source_url == "https://example.org/caisse"
    # One change: one revision, one event.
    journey_map.refresh_from_db()
    assert journey_map.revision == 1 and event.revision == 1
    assert event.kind == "figures.imported"
    assert (event.payload["created"], event.payload["updated"]) == (2, 0)
    assert event.payload["lane"]["after"]["id"] == lane.pk


def test_a_row_updates_the_card_of_its_stage_that_names_the_same_metric(
    journey_map, owner, stages, metrics
):
    _need, purchase = stages
    card = Card.objects.create(
        journey_map=journey_map,
        stage=purchase,
        lane=metrics,
        text="Attente en caisse",
        value=Decimal("6"),
        unit="minutes",
        target=Decimal("4"),
        period="T2 2026",
    )
    event = import_figures(
        user=owner, map_id=journey_map.pk, rows=[row(purchase, "attente en CAISSE", "4.5")]
    )
    card.refresh_from_db()
    assert (card.value, card.target, card.period) == (Decimal("4.5"), Decimal("4"), "T2 2026")
    assert card.evidence == Evidence.MEASURED and card.version == 2
    assert card.text == "Attente en caisse"  # the card keeps its own wording
    assert (event.payload["created"], event.payload["updated"]) == (0, 1)
    assert journey_map.lanes.filter(kind=LaneKind.METRICS).count() == 1


def test_a_stage_deleted_since_the_preview_refuses_the_whole_import(journey_map, owner, stages):
    need, purchase = stages
    rows = [row(purchase, "Attente", "4"), row(need, "Visites", "3")]
    need.delete()
    with pytest.raises(FiguresRefused, match="envoyez de nouveau le fichier"):
        import_figures(user=owner, map_id=journey_map.pk, rows=rows)
    assert not Card.objects.filter(text="Attente").exists()
    assert not MapEvent.objects.exists()


def test_more_cards_than_the_map_holds_refuses_the_whole_import(
    journey_map, owner, stages, settings
):
    settings.PARCOURS_MAX_CARDS = 2
    _need, purchase = stages
    rows = [row(purchase, f"Indicateur {n}", str(n), line=n + 2) for n in range(2)]
    with pytest.raises(FiguresRefused, match="maximum"):
        import_figures(user=owner, map_id=journey_map.pk, rows=rows)
    assert journey_map.cards.count() == 1
    assert not journey_map.lanes.filter(kind=LaneKind.METRICS).exists()


def test_guests_marketers_and_outsiders_may_not_import(
    journey_map, guest, marketer, outsider, stages
):
    rows = [row(stages[1], "Attente", "4")]
    for user in (guest, marketer):
        with pytest.raises(PermissionDenied):
            import_figures(user=user, map_id=journey_map.pk, rows=rows)
    with pytest.raises(Http404):
        import_figures(user=outsider, map_id=journey_map.pk, rows=rows)
    assert not MapEvent.objects.filter(kind="figures.imported").exists()


def test_the_import_reaches_every_open_tab(
    journey_map, owner, stages, group_messages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_figures(user=owner, map_id=journey_map.pk, rows=[row(stages[1], "Attente", "4.5")])
    [(group, message)] = [sent for sent in group_messages if sent[1]["type"] == "map.event"]
    assert group == live.group_name(journey_map.pk)
    assert message["kind"] == "figures.imported"
    wire = json.loads(message["text"])
    # The grid is redrawn, the new card in it.
    assert 'id="map-grid"' in wire["html"] and "Attente" in wire["html"]


def test_undo_takes_the_whole_import_back_and_redo_puts_it_again(
    journey_map, owner, stages, metrics
):
    need, purchase = stages
    kept = Card.objects.create(
        journey_map=journey_map, stage=purchase, lane=metrics, text="NPS", value=10, unit="nps"
    )
    rows = [row(purchase, "NPS", "32", unit="nps"), row(need, "Visites", "1200", unit="count")]
    import_figures(user=owner, map_id=journey_map.pk, rows=rows)
    added = Card.objects.get(text="Visites")

    undone = undo.undo_last(user=owner, map_id=journey_map.pk)
    assert undone.kind == "figures.removed"
    kept.refresh_from_db()
    assert (kept.value, kept.evidence) == (Decimal("10"), Evidence.ASSUMPTION)
    assert not Card.objects.filter(text="Visites").exists()

    redone = undo.redo_last(user=owner, map_id=journey_map.pk)
    assert redone.kind == "figures.imported"
    kept.refresh_from_db()
    assert kept.value == Decimal("32")
    # The added card comes back under its id.
    assert Card.objects.get(text="Visites").pk == added.pk
    # And it can be undone again.
    undo.undo_last(user=owner, map_id=journey_map.pk)
    assert not Card.objects.filter(text="Visites").exists()


def test_undoing_an_import_takes_away_the_lane_it_added(journey_map, owner, stages):
    import_figures(user=owner, map_id=journey_map.pk, rows=[row(stages[1], "Attente", "4")])
    assert journey_map.lanes.filter(kind=LaneKind.METRICS).exists()
    undo.undo_last(user=owner, map_id=journey_map.pk)
    assert not journey_map.lanes.filter(kind=LaneKind.METRICS).exists()
    undo.redo_last(user=owner, map_id=journey_map.pk)
    assert journey_map.cards.filter(text="Attente", lane__kind=LaneKind.METRICS).exists()


def test_undo_is_refused_once_an_imported_card_has_changed(journey_map, owner, stages):
    import_figures(user=owner, map_id=journey_map.pk, rows=[row(stages[1], "Attente", "4")])
    Card.objects.filter(text="Attente").update(value=9)
    with pytest.raises(undo.UndoRefused, match="changé"):
        undo.undo_last(user=owner, map_id=journey_map.pk)
    assert Card.objects.filter(text="Attente").exists()


def test_undo_is_refused_when_an_action_answers_an_added_card(journey_map, owner, stages):
    import_figures(user=owner, map_id=journey_map.pk, rows=[row(stages[1], "Attente", "4")])
    Action.objects.create(
        journey_map=journey_map, title="Caisse", source_card=Card.objects.get(text="Attente")
    )
    with pytest.raises(undo.UndoRefused):
        undo.undo_last(user=owner, map_id=journey_map.pk)
    assert Card.objects.filter(text="Attente").exists()


def test_the_history_says_what_the_import_did(journey_map, owner, stages):
    import_figures(
        user=owner,
        map_id=journey_map.pk,
        rows=[row(stages[1], "Attente", "4"), row(stages[0], "Visites", "3", line=3)],
    )
    undo.undo_last(user=owner, map_id=journey_map.pk)
    imported, removed = journey_map.events.order_by("revision")
    names = event_text.names_for(journey_map.pk, [imported, removed])
    assert events.kind_of(imported.kind).describe(imported, names) == (
        "a importé 2 chiffres (post-it ajoutés : 2, modifiés : 0)"
    )
    assert events.kind_of(removed.kind).describe(removed, names) == (
        "a annulé l'import de 2 chiffres"
    )


def test_a_card_with_a_figure_goes_to_the_trash_and_comes_back(journey_map, owner, stages, metrics):
    from maps.models import TrashedItem
    from maps.services import item_delete, trash_restore

    card = Card.objects.create(
        journey_map=journey_map,
        stage=stages[1],
        lane=metrics,
        text="Attente",
        value=Decimal("4.5"),
        unit="minutes",
        target=Decimal("3"),
    )
    item_delete(user=owner, map_id=journey_map.pk, kind_name="card", item_id=card.pk)
    trash_restore(user=owner, map_id=journey_map.pk, trash_id=TrashedItem.objects.get().pk)
    card.refresh_from_db()
    assert (card.value, card.target) == (Decimal("4.5"), Decimal("3"))
