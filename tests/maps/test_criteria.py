"""The method's five criteria, checked on the map and shown in a panel."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maps import criteria
from maps.grid import build_grid
from maps.models import Action, Card, Lane, LaneKind, Stage, Touchpoint
from maps.plan import actions_plan


def checked(journey_map):
    result = criteria.check(
        build_grid(journey_map), list(actions_plan(journey_map)), journey_map.personas.count()
    )
    return {criterion.key: criterion for criterion in result}


def complete(journey_map):
    """Adds what the fixture map lacks until every criterion is met."""
    stages = list(journey_map.stages.all())
    stages.append(Stage.objects.create(journey_map=journey_map, name="Retour", position=2))
    metrics = Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.METRICS, title="Chiffres", position=3
    )
    for stage in stages:
        if not stage.touchpoints.exists():
            Touchpoint.objects.create(
                journey_map=journey_map, stage=stage, channel="Boutique", action="Paie"
            )
        Card.objects.create(
            journey_map=journey_map, stage=stage, lane=metrics, text="Attente", value=Decimal(4)
        )
    Action.objects.create(journey_map=journey_map, title="Ouvrir une deuxième caisse")
    return metrics


def test_the_fixture_map_meets_the_point_of_view_and_precise_touchpoints(journey_map):
    result = checked(journey_map)
    assert list(result) == ["customer", "journey", "touchpoints", "figures", "actions"]
    assert result["customer"].met
    assert result["touchpoints"].met
    assert not result["journey"].met
    assert result["journey"].link == "#add-stage"
    assert not result["figures"].met
    assert result["figures"].link == "#add-lane"
    assert not result["actions"].met
    assert result["actions"].link == "#action-plan"


def test_a_complete_map_meets_all_five(journey_map):
    complete(journey_map)
    result = checked(journey_map)
    assert all(criterion.met for criterion in result.values()), result
    assert criteria.met_count(result.values()) == 5


def test_without_persona_the_point_of_view_is_missing(journey_map):
    complete(journey_map)
    journey_map.personas.clear()
    result = checked(journey_map)
    assert not result["customer"].met
    assert "persona" in result["customer"].detail


def test_without_the_customer_s_words_the_point_of_view_is_missing(journey_map):
    thoughts = journey_map.lanes.get(kind=LaneKind.THOUGHTS)
    thoughts.cards.all().delete()
    result = checked(journey_map)
    assert not result["customer"].met
    assert result["customer"].link == f"#lane-{thoughts.pk}"


def test_a_stage_without_touchpoint_is_named_and_linked(journey_map):
    complete(journey_map)
    achat = journey_map.stages.get(name="Achat")
    achat.touchpoints.all().delete()
    result = checked(journey_map)
    assert not result["journey"].met
    assert "Achat" in result["journey"].detail
    assert result["journey"].link == f"#stage-{achat.pk}"


def test_a_touchpoint_that_does_not_say_what_the_customer_does_is_vague(journey_map):
    complete(journey_map)
    touchpoint = journey_map.touchpoints.order_by("pk").first()
    Touchpoint.objects.filter(pk=touchpoint.pk).update(action="  ")
    result = checked(journey_map)
    assert not result["touchpoints"].met
    assert result["touchpoints"].link == f"#touchpoint-{touchpoint.pk}"


def test_a_stage_without_figure_points_at_its_metrics_cell(journey_map):
    metrics = complete(journey_map)
    achat = journey_map.stages.get(name="Achat")
    Card.objects.filter(lane=metrics, stage=achat).delete()
    result = checked(journey_map)
    assert not result["figures"].met
    assert "Achat" in result["figures"].detail
    assert result["figures"].link == f"#cell-{achat.pk}-{metrics.pk}"


def test_a_figure_written_as_text_counts(journey_map):
    metrics = complete(journey_map)
    Card.objects.filter(lane=metrics).update(value=None, figure="environ 3 min")
    assert checked(journey_map)["figures"].met


def test_the_map_page_shows_the_panel_without_a_query_more(owner_client, journey_map):
    url = reverse("maps:detail", args=[journey_map.pk])
    owner_client.get(url)
    with CaptureQueriesContext(connection) as before:
        owner_client.get(url)
    complete(journey_map)
    with CaptureQueriesContext(connection) as after:
        response = owner_client.get(url)
    html = response.content.decode()
    assert 'id="method-criteria"' in html
    assert "5 sur 5 remplis" in html
    assert len(after) == len(before)


def test_the_panel_redraws_open_when_asked(owner_client, journey_map):
    url = reverse("maps:criteria", args=[journey_map.pk])
    closed = owner_client.get(url).content.decode()
    opened = owner_client.get(url + "?open=1").content.decode()
    assert "2 sur 5 remplis" in closed
    assert " open" not in closed.split(">")[0]
    assert "open" in opened.split(">")[0]
    assert 'href="#action-plan"' in opened


def test_user_text_in_the_panel_is_escaped(owner_client, journey_map):
    complete(journey_map)
    stage = journey_map.stages.get(name="Achat")
    stage.touchpoints.all().delete()
    Stage.objects.filter(pk=stage.pk).update(name='<script>alert("x")</script>')
    html = owner_client.get(reverse("maps:criteria", args=[journey_map.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_a_guest_reads_the_panel_and_an_outsider_does_not(
    guest_client, outsider_client, journey_map
):
    url = reverse("maps:criteria", args=[journey_map.pk])
    assert guest_client.get(url).status_code == 200
    assert outsider_client.get(url).status_code == 404
