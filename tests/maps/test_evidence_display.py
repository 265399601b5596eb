"""Evidence on the map page: marks, figures against targets, moments of truth, the
filters' hooks, the coverage strip (on the page and pushed live) and the map list's
summary, each in a constant number of queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maps import coverage_counts, events, snapshots
from maps.models import Card, Evidence, JourneyMap, JourneyType, Lane, LaneKind, Touchpoint, Unit
from maps.sample import build_map
from tests.conftest import HTMX


def page(client, journey_map) -> str:
    return client.get(journey_map.get_absolute_url()).content.decode()


@pytest.fixture
def metrics(journey_map):
    return Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.METRICS, title="Mesures", position=2
    )


def figure_card(journey_map, lane, **fields) -> Card:
    return Card.objects.create(
        journey_map=journey_map,
        stage=journey_map.stages.first(),
        lane=lane,
        text="Conversion",
        position=1,
        **fields,
    )


def test_every_card_and_touchpoint_carries_its_evidence(owner_client, journey_map):
    card = journey_map.cards.get()
    Card.objects.filter(pk=card.pk).update(
        evidence=Evidence.MEASURED,
        source='Baromètre <b onmouseover="x">',
        source_url="https://example.org/b?a=1&b=2",
        source_date=date(2026, 11, 3),
    )
    html = page(owner_client, journey_map)
    assert f'id="card-{card.pk}" class="card card-thoughts" data-evidence="measured"' in html
    touchpoint = journey_map.touchpoints.get()
    assert f'id="touchpoint-{touchpoint.pk}"' in html
    assert 'data-evidence="assumption"' in html
    title = "Mesuré · Source : Baromètre &lt;b onmouseover=&quot;x&quot;&gt; · 03/11/2026"
    # The level in words for screen readers, and as a tooltip when there is a source.
    assert (
        f'class="evidence-mark evidence-measured" role="img" aria-label="{title}"'
        f' title="{title}">●</span>'
    ) in html
    # The touchpoint: a guess, with nothing more to say than its level.
    assert 'class="evidence-mark evidence-assumption" role="img" aria-label="Hypothèse">○' in html
    assert 'href="https://example.org/b?a=1&amp;b=2"' in html
    assert "<b onmouseover" not in html


def test_only_web_links_become_links(owner_client, journey_map):
    Card.objects.update(source_url="javascript:alert(1)", source="Piège")
    html = page(owner_client, journey_map)
    assert "javascript:" not in html
    assert "source-link" not in html


@pytest.mark.parametrize(
    ("value", "target", "higher", "word", "state"),
    [
        ("4.7", "10", True, "en retard", "behind"),
        ("12", "10", True, "en avance", "ahead"),
        ("12", "10", False, "en retard", "behind"),
        ("10", "10", True, "en avance", "ahead"),
    ],
)
def test_a_figure_says_where_it_stands_against_its_target(
    owner_client, journey_map, metrics, value, target, higher, word, state
):
    figure_card(
        journey_map,
        metrics,
        value=Decimal(value),
        target=Decimal(target),
        unit=Unit.PERCENT,
        higher_is_better=higher,
        period="T3 2026",
    )
    html = page(owner_client, journey_map)
    shown = value.replace(".", ",")
    assert f'<span class="card-figure">{shown}\u00a0%</span>' in html
    assert f'class="figure-target figure-{state}"' in html
    assert f"<strong>{word}</strong> · cible 10\u00a0%" in html
    assert '<span class="card-period">T3 2026</span>' in html


def test_a_figure_without_target_and_an_old_text_figure(owner_client, journey_map, metrics):
    figure_card(journey_map, metrics, value=Decimal("1200"), unit=Unit.EUROS)
    Card.objects.create(
        journey_map=journey_map,
        stage=journey_map.stages.last(),
        lane=metrics,
        text="Attente",
        figure="environ <3> min",
        position=0,
    )
    html = page(owner_client, journey_map)
    assert "figure-target" not in html
    assert '<span class="card-figure">1\u202f200\u00a0€</span>' in html or (
        '<span class="card-figure">1\u00a0200\u00a0€</span>' in html
    )
    assert '<span class="card-figure">environ &lt;3&gt; min</span>' in html


def test_a_moment_of_truth_is_flagged(owner_client, journey_map):
    Touchpoint.objects.update(moment_of_truth=True)
    html = page(owner_client, journey_map)
    assert 'class="touchpoint tone-neutral moment-of-truth"' in html
    assert 'data-moment="true"' in html
    assert (
        '<span class="moment-flag"><span aria-hidden="true">★</span> Moment de vérité</span>'
        in html
    )


def test_the_filters_and_their_hooks_are_on_the_page(owner_client, journey_map):
    html = page(owner_client, journey_map)
    need = journey_map.stages.first()
    assert html.count('class="button button-small filter-toggle"') == 2
    assert html.count('aria-pressed="false"') >= 2
    assert 'data-filter="assumptions"' in html and 'data-filter="moments"' in html
    assert "Seulement les hypothèses" in html
    assert "Points de douleur aux moments de vérité" in html
    assert 'class="filter-empty" hidden' in html
    assert f'id="touchpoints-{need.pk}" class="cell touchpoints" data-stage="{need.pk}"' in html
    assert f'class="cell" data-stage="{need.pk}"' in html
    assert "js/evidence_filters" in html


def test_the_coverage_strip_counts_each_stage(owner_client, journey_map):
    need, purchase = journey_map.stages.order_by("position")
    Card.objects.update(evidence=Evidence.MEASURED)
    Touchpoint.objects.create(
        journey_map=journey_map,
        stage=need,
        channel="Site",
        evidence=Evidence.OBSERVED,
        position=1,
    )
    html = page(owner_client, journey_map)
    strip = html[
        html.index(f'id="coverage-{need.pk}"') : html.index(f'id="coverage-{purchase.pk}"')
    ]
    assert "1 sur 3 mesuré" in strip
    assert "1 observé" in strip
    assert "1 hypothèse" in strip
    assert 'class="coverage-measured" x="0" y="0" width="33"' in strip
    assert 'class="coverage-observed" x="33" y="2.5" width="34"' in strip
    assert "Rien ici pour l’instant" in html[html.index(f'id="coverage-{purchase.pk}"') :]


def test_the_snapshot_page_shows_evidence_and_figures(owner_client, journey_map, metrics, owner):
    figure_card(
        journey_map,
        metrics,
        value=Decimal("4.7"),
        target=Decimal("10"),
        unit=Unit.PERCENT,
        evidence=Evidence.MEASURED,
        source_date=date(2026, 11, 3),
    )
    Touchpoint.objects.update(moment_of_truth=True)
    snapshot = snapshots.take(journey_map, name="Avant", user=owner)
    url = reverse("maps:snapshot", args=[journey_map.pk, snapshot.pk])
    html = owner_client.get(url).content.decode()
    assert '<span class="card-figure">4,7\u00a0%</span>' in html
    assert "<strong>en retard</strong>" in html
    assert "Mesuré · 03/11/2026" in html
    assert "Moment de vérité" in html
    assert "1 sur 3 mesuré" in html
    # Its filters too, over the map as it was.
    assert 'data-filter="moments"' in html and "js/evidence_filters" in html


# Live: the strip of the stage a change touched, pushed with the change.


def edit_card(client, card, **fields):
    url = reverse("maps:item-update", args=[card.journey_map_id, "card", card.pk])
    data = {"text": card.text, "stage": card.stage_id, "lane": card.lane_id}
    data.update(version=card.version, **fields)
    return client.post(url, data, **HTMX)


def test_a_new_evidence_level_pushes_the_stage_strip(owner_client, journey_map):
    card = journey_map.cards.get()
    response = edit_card(owner_client, card, evidence="measured")
    html = response.content.decode()
    assert f'<div id="coverage-{card.stage_id}"' in html
    strip = html[html.index(f'<div id="coverage-{card.stage_id}"') :]
    assert 'hx-swap-oob="true"' in strip[:400]
    assert "1 sur 2 mesuré" in strip


def test_a_reworded_card_pushes_no_strip(owner_client, journey_map):
    card = journey_map.cards.get()
    html = edit_card(owner_client, card, text="Plus de pain").content.decode()
    assert "coverage-" not in html


def test_a_card_moved_to_another_stage_pushes_both_strips(owner_client, journey_map):
    card = journey_map.cards.get()
    need, purchase = journey_map.stages.order_by("position")
    html = edit_card(owner_client, card, stage=purchase.pk).content.decode()
    assert f'<div id="coverage-{need.pk}"' in html
    assert f'<div id="coverage-{purchase.pk}"' in html


def test_a_deleted_touchpoint_pushes_its_strip(owner_client, journey_map):
    touchpoint = journey_map.touchpoints.get()
    url = reverse("maps:item-delete", args=[journey_map.pk, "touchpoint", touchpoint.pk])
    html = owner_client.post(url, **HTMX).content.decode()
    strip = html[html.index(f'<div id="coverage-{touchpoint.stage_id}"') :]
    assert "0 sur 1 mesuré" in strip


def test_the_parts_of_item_events_name_the_strips():
    payload = {"id": 1, "stage_id": 3, "lane_id": 4, "evidence": "observed"}
    assert ("coverage", 3) in events.parts_of("card.created", payload)
    assert ("coverage", 3) in events.parts_of("touchpoint.deleted", payload)
    same = {**payload, "before": {**payload, "text": "avant"}}
    assert not {p for p in events.parts_of("card.updated", same) if p[0] == "coverage"}
    moved = {"id": 1, "stage_id": 3, "lane_id": 4, "order": [1], "before_order": [1]}
    assert not {p for p in events.parts_of("card.moved", moved) if p[0] == "coverage"}
    back = {**payload, "before": {**payload, "stage_id": 2}}
    assert {("coverage", 2), ("coverage", 3)} <= set(events.parts_of("touchpoint.updated", back))


def test_stage_strips_are_counted_in_one_statement(journey_map, workspace):
    big = build_map(workspace, stages=6, lanes=4, cards=60, title="Grande")
    stage_ids = list(big.stages.values_list("pk", flat=True))
    elsewhere = journey_map.stages.first().pk
    with CaptureQueriesContext(connection) as queries:
        counts = coverage_counts.of_stages(big, [*stage_ids, elsewhere])
    assert len(queries) == 1
    assert set(counts) == set(stage_ids)  # another map's stage is left out
    total = sum(c.total for c in counts.values())
    assert total == big.cards.count() + big.touchpoints.count()


# The map list.


def make_map(workspace, title) -> JourneyMap:
    return JourneyMap.objects.create(
        workspace=workspace, title=title, journey_type=JourneyType.objects.get(slug="integration")
    )


def test_the_map_list_says_each_maps_share_of_evidence(owner_client, journey_map, workspace):
    need = journey_map.stages.first()
    thoughts = Lane.objects.get(journey_map=journey_map, kind=LaneKind.THOUGHTS)
    Card.objects.update(evidence=Evidence.MEASURED)
    for level in (Evidence.OBSERVED, Evidence.ASSUMPTION, Evidence.ASSUMPTION):
        Card.objects.create(
            journey_map=journey_map, stage=need, lane=thoughts, text="x", evidence=level, position=1
        )
    make_map(workspace, "Vide")
    html = owner_client.get(reverse("maps:list")).content.decode()
    # 5 items: 1 measured card, 1 observed, 3 guesses (2 cards, the touchpoint).
    assert "Preuves : 20 % mesuré, 20 % observé" in html
    assert 'class="coverage-measured" x="0" y="0" width="20"' in html
    assert "Preuves : aucun post-it ni point de contact pour l’instant" in html


def test_the_map_list_summary_costs_the_same_for_any_number_of_maps(owner_client, workspace):
    def count() -> int:
        owner_client.get(reverse("maps:list"))
        with CaptureQueriesContext(connection) as queries:
            assert owner_client.get(reverse("maps:list")).status_code == 200
        return len(queries)

    build_map(workspace, stages=2, lanes=2, cards=4, title="Une")
    one = count()
    for number in range(5):
        build_map(workspace, stages=3, lanes=2, cards=10, title=f"Carte {number}")
    assert count() == one
