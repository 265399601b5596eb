"""Evidence, figures and moments of truth through the editor's forms: what is accepted,
what is refused and how it says so."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from maps.models import Card, Evidence, Lane, LaneKind, Touchpoint, Unit
from tests.conftest import HTMX


@pytest.fixture
def metrics(journey_map):
    return Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.METRICS, title="Mesures", position=2
    )


def create_card(client, journey_map, lane, **fields):
    url = reverse("maps:item-create", args=[journey_map.pk, "card"])
    data = {"stage": journey_map.stages.first().pk, "lane": lane.pk, "text": "Conversion"}
    data.update(fields)
    return client.post(url, {**data, "form_id": f"new-card-{data['stage']}-{lane.pk}"}, **HTMX)


def update(client, item, kind, **fields):
    url = reverse("maps:item-update", args=[item.journey_map_id, kind, item.pk])
    return client.post(url, {"version": item.version, **fields}, **HTMX)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("4,7", Decimal("4.7")), ("1 200", Decimal("1200")), ("-3", Decimal("-3"))],
)
def test_a_figure_is_read_as_people_write_it(owner_client, journey_map, metrics, typed, stored):
    response = create_card(owner_client, journey_map, metrics, value=typed, unit="percent")
    assert response.status_code == 200
    card = Card.objects.get(text="Conversion")
    assert card.value == stored
    assert card.unit == Unit.PERCENT


def test_a_word_is_not_a_figure(owner_client, journey_map, metrics):
    response = create_card(owner_client, journey_map, metrics, value="beaucoup")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Écrivez un nombre, par exemple 42 ou 4,7." in html
    assert 'value="beaucoup"' in html  # the draft is kept where it was typed
    assert not Card.objects.filter(text="Conversion").exists()


def test_an_unknown_unit_is_refused_and_a_typed_one_understood(owner_client, journey_map, metrics):
    refused = create_card(owner_client, journey_map, metrics, value="3", unit="kg")
    assert refused.status_code == 422
    assert "Unité inconnue « kg » : choisissez-en une dans la liste." in refused.content.decode()
    assert (
        create_card(owner_client, journey_map, metrics, value="3", unit="jours").status_code == 200
    )
    assert Card.objects.get(text="Conversion").unit == Unit.DAYS


def test_a_target_without_a_value_is_fine(owner_client, journey_map, metrics):
    response = create_card(owner_client, journey_map, metrics, target="50", unit="percent")
    assert response.status_code == 200
    card = Card.objects.get(text="Conversion")
    assert (card.value, card.target) == (None, Decimal("50"))
    assert "cible 50\u00a0%" in response.content.decode()


def test_a_quick_add_is_an_assumption(owner_client, journey_map):
    thoughts = Lane.objects.get(journey_map=journey_map, kind=LaneKind.THOUGHTS)
    assert create_card(owner_client, journey_map, thoughts).status_code == 200
    assert Card.objects.get(text="Conversion").evidence == Evidence.ASSUMPTION


def test_evidence_and_source_are_saved(owner_client, journey_map):
    card = journey_map.cards.get()
    response = update(
        owner_client,
        card,
        "card",
        text=card.text,
        stage=card.stage_id,
        lane=card.lane_id,
        evidence="measured",
        source="Baromètre 2026",
        source_url="https://example.org/b",
        source_date="2026-11-03",
    )
    assert response.status_code == 200
    card.refresh_from_db()
    assert (card.evidence, card.source, card.source_date) == (
        Evidence.MEASURED,
        "Baromètre 2026",
        date(2026, 11, 3),
    )


def test_an_unknown_evidence_level_is_refused(owner_client, journey_map):
    card = journey_map.cards.get()
    response = update(
        owner_client,
        card,
        "card",
        text=card.text,
        stage=card.stage_id,
        lane=card.lane_id,
        evidence="rumour",
    )
    assert response.status_code == 422
    assert Card.objects.get(pk=card.pk).evidence == Evidence.ASSUMPTION


def test_a_touchpoint_is_flagged_a_moment_of_truth(owner_client, journey_map):
    touchpoint = journey_map.touchpoints.get()
    fields = {"channel": "Bus", "emotion": "0", "stage": touchpoint.stage_id}
    response = update(owner_client, touchpoint, "touchpoint", moment_of_truth="on", **fields)
    assert response.status_code == 200
    assert Touchpoint.objects.get(pk=touchpoint.pk).moment_of_truth
    assert "Moment de vérité" in response.content.decode()


def edit_form(client, item, kind) -> str:
    url = reverse("maps:item-edit", args=[item.journey_map_id, kind, item.pk])
    return client.get(url).content.decode()


def test_the_card_form_asks_for_evidence_and_a_folded_source(owner_client, journey_map):
    html = edit_form(owner_client, journey_map.cards.get(), "card")
    for level in ("assumption", "observed", "measured"):
        assert f'value="{level}"' in html
    assert "Hypothèse" in html and "Observé" in html and "Mesuré" in html
    assert '<details class="source-group"' in html
    assert 'name="source_date"' in html and 'type="date"' in html
    # Not a metrics card: no figure fields.
    assert 'name="value"' not in html and 'name="figure"' not in html


def test_a_metrics_card_form_has_the_figure_fields_and_the_old_text_only_when_set(
    owner_client, journey_map, metrics
):
    card = Card.objects.create(
        journey_map=journey_map,
        stage=journey_map.stages.first(),
        lane=metrics,
        text="Attente",
        value=Decimal("1200.5"),
        position=0,
    )
    html = edit_form(owner_client, card, "card")
    for name in ("value", "unit", "target", "higher_is_better", "period"):
        assert f'name="{name}"' in html
    assert 'name="value" value="1\u00a0200,5"' in html  # written back in French
    assert 'name="figure"' not in html
    Card.objects.filter(pk=card.pk).update(figure="environ 3 min")
    assert 'name="figure"' in edit_form(owner_client, card, "card")


def test_the_touchpoint_form_has_the_moment_of_truth_box(owner_client, journey_map):
    html = edit_form(owner_client, journey_map.touchpoints.get(), "touchpoint")
    assert 'name="moment_of_truth"' in html and 'type="checkbox"' in html
    assert 'name="evidence"' in html


def test_the_add_forms_carry_the_new_fields(owner_client, journey_map):
    html = owner_client.get(journey_map.get_absolute_url()).content.decode()
    touchpoint_form = html[
        html.index('id="add-touchpoint-form"') : html.index('id="add-card-form"')
    ]
    card_form = html[html.index('id="add-card-form"') :]
    assert 'name="moment_of_truth"' in touchpoint_form
    assert 'name="evidence" value="assumption" checked' in touchpoint_form
    assert 'name="evidence" value="assumption" checked' in card_form
    assert 'name="value" inputmode="decimal"' in card_form
    assert 'name="figure"' not in card_form


def test_a_conflict_quotes_the_saved_figure(owner_client, journey_map, metrics):
    card = Card.objects.create(
        journey_map=journey_map,
        stage=journey_map.stages.first(),
        lane=metrics,
        text="Conversion",
        value=Decimal("4.7"),
        unit=Unit.PERCENT,
        position=0,
        version=3,
    )
    stale = {"text": "Autre", "stage": card.stage_id, "lane": card.lane_id, "version": 2}
    url = reverse("maps:item-update", args=[journey_map.pk, "card", card.pk])
    response = owner_client.post(url, stale, **HTMX)
    assert response.status_code == 409
    assert "4,7\u00a0% — Conversion" in response.content.decode()
