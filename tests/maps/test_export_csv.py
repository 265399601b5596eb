"""The cards as CSV: one row per card, in map order, safe to open in a spreadsheet."""

import csv
import io

from django.utils import translation

from maps.export.csv_cards import cards_csv
from maps.models import Card, LaneKind


def rows(text: str, delimiter: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_it_lists_every_card_in_stage_then_lane_order(journey_map):
    pains = journey_map.lanes.get(kind=LaneKind.PAIN_POINTS)
    achat = journey_map.stages.get(name="Achat")
    Card.objects.create(
        journey_map=journey_map, lane=pains, stage=achat, text="Pas de monnaie", cause="money"
    )
    with translation.override("fr"):
        table = rows(cards_csv(journey_map), ";")
    assert table[0] == [
        "N° d'étape",
        "Étape",
        "Ligne",
        "Type de ligne",
        "Texte",
        "Cause",
        "Chiffre",
        "Valeur",
        "Unité",
        "Cible",
        "Par rapport à la cible",
        "Période",
        "Niveau de preuve",
        "Source",
        "Lien",
        "Date de la source",
    ]
    assert [row[1:5] for row in table[1:]] == [
        ["Besoin", "Pensées", "Pensées et verbatims", "Pas de pain ce soir !"],
        ["Achat", "Irritants", "Irritants", "Pas de monnaie"],
    ]
    assert table[2][5] == "Argent"


def test_english_spreadsheets_get_commas(journey_map):
    with translation.override("en"):
        table = rows(cards_csv(journey_map), ",")
    assert table[0][:7] == ["Stage no.", "Stage", "Lane", "Lane kind", "Text", "Cause", "Figure"]
    assert table[0][7:] == [
        "Value",
        "Unit",
        "Target",
        "Against the target",
        "Period",
        "Evidence level",
        "Source",
        "Link",
        "Date of the source",
    ]
    assert table[1][4] == "Pas de pain ce soir !"


def test_a_card_that_looks_like_a_formula_stays_text(journey_map):
    card = journey_map.cards.get()
    card.text = '=HYPERLINK("http://example.com","clic")'
    card.save()
    with translation.override("en"):
        table = rows(cards_csv(journey_map), ",")
    assert table[1][4] == "'" + card.text


def test_multi_line_text_stays_in_one_cell(journey_map):
    card = journey_map.cards.get()
    card.text = "Ligne 1\nLigne 2; avec un point-virgule"
    card.save()
    with translation.override("fr"):
        table = rows(cards_csv(journey_map), ";")
    assert len(table) == 2
    assert table[1][4] == card.text


def metric_card(journey_map, **fields):
    metrics = journey_map.lanes.create(kind=LaneKind.METRICS, title="Indicateurs", position=9)
    return Card.objects.create(
        journey_map=journey_map,
        lane=metrics,
        stage=journey_map.stages.get(name="Achat"),
        text="Attente en caisse",
        **fields,
    )


def test_a_metric_carries_its_figure_target_and_evidence(journey_map):
    import datetime
    from decimal import Decimal

    metric_card(
        journey_map,
        value=Decimal("4.5"),
        unit="minutes",
        target=Decimal("3"),
        higher_is_better=False,
        period="T3 2026",
        evidence="measured",
        source="Caisse",
        source_url="https://example.org/caisse",
        source_date=datetime.date(2026, 10, 2),
    )
    with translation.override("fr"):
        table = rows(cards_csv(journey_map), ";")
    assert table[2][5:] == [
        "",
        "4,5\u00a0min",
        "4,5",
        "minutes",
        "3",
        "en retard",
        "T3 2026",
        "Mesuré",
        "Caisse",
        "https://example.org/caisse",
        "2026-10-02",
    ]
    # A card without evidence is an assumption.
    assert table[1][12] == "Hypothèse"
    with translation.override("en"):
        table = rows(cards_csv(journey_map), ",")
    assert table[2][7:11] == ["4.5", "minutes", "3", "behind"]


def test_a_negative_figure_stays_a_number_but_a_formula_source_does_not(journey_map):
    from decimal import Decimal

    metric_card(journey_map, value=Decimal("-12"), unit="nps", source="=cmd|' /C calc'!A0")
    with translation.override("en"):
        table = rows(cards_csv(journey_map), ",")
    assert table[2][7] == "-12"
    assert table[2][13] == "'=cmd|' /C calc'!A0"
