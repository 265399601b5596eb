"""What one card edit asks the database: the lock's read is reused, nothing is read twice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maps.models import Card, JourneyMap, Lane, LaneKind, Stage
from tests.conftest import HTMX

# Session, user, transaction (2), map lock, roles, card with its stage and lane, card
# saved, map's revision, event, then the author's fragment (2): issue 13's budget.
MAX_STATEMENTS = 12


def edit(client, card: Card, **changes):
    url = reverse("maps:item-update", args=[card.journey_map_id, "card", card.pk])
    data = {"text": "Plus de pain", "stage": card.stage_id, "lane": card.lane_id}
    data.update(version=card.version, **changes)
    card.version += 1
    return client.post(url, data, **HTMX)


def test_a_card_edit_runs_at_most_twelve_statements(owner_client, journey_map):
    card = journey_map.cards.first()
    edit(owner_client, card)  # the session's first request reads more (last login...)
    with CaptureQueriesContext(connection) as queries:
        response = edit(owner_client, card, text="Encore moins de pain")
    assert response.status_code == 200
    assert len(queries) <= MAX_STATEMENTS, [query["sql"][:80] for query in queries]
    assert Card.objects.get(pk=card.pk).text == "Encore moins de pain"


# A new evidence level also redraws the stage's coverage strip (maps.coverage_counts):
# one statement more, counted for every stage it touches at once.
MAX_WITH_COVERAGE = MAX_STATEMENTS + 1


def test_a_new_evidence_level_costs_one_statement_more(owner_client, journey_map):
    card = journey_map.cards.first()
    edit(owner_client, card)
    with CaptureQueriesContext(connection) as queries:
        response = edit(owner_client, card, evidence="measured")
    assert response.status_code == 200
    assert f'id="coverage-{card.stage_id}"' in response.content.decode()
    assert len(queries) <= MAX_WITH_COVERAGE, [query["sql"][:80] for query in queries]


def test_a_card_moved_to_another_stage_goes_there(owner_client, journey_map):
    card = journey_map.cards.first()
    other = journey_map.stages.exclude(pk=card.stage_id).first()
    assert edit(owner_client, card, stage=other.pk).status_code == 200
    assert Card.objects.get(pk=card.pk).stage_id == other.pk


@pytest.mark.parametrize("field", ["stage", "lane"])
def test_a_stage_or_lane_of_another_map_is_refused(owner_client, journey_map, field):
    card = journey_map.cards.first()
    elsewhere = JourneyMap.objects.create(
        workspace=journey_map.workspace, title="Ailleurs", journey_type=journey_map.journey_type
    )
    foreign = {
        "stage": Stage.objects.create(journey_map=elsewhere, name="Ailleurs", position=0),
        "lane": Lane.objects.create(journey_map=elsewhere, kind=LaneKind.PAIN_POINTS, position=0),
    }[field]
    response = edit(owner_client, card, **{field: foreign.pk})
    assert response.status_code == 422
    assert Card.objects.get(pk=card.pk).stage_id == card.stage_id
