"""One participant voting from several tabs at once, on PostgreSQL: no dot is spent
twice, no score is counted twice."""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from maps import rounds, workshops
from maps.models import Card, Lane, LaneKind, Vote

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TABS = 8


def at_once(action) -> tuple[int, int]:
    """Run ``action`` in TABS threads released together; (accepted, refused)."""
    start = threading.Barrier(TABS)
    outcomes: list[str] = []

    def tab() -> None:
        start.wait()
        try:
            action()
            outcomes.append("accepted")
        except rounds.RoundRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=tab) for _ in range(TABS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes.count("accepted"), outcomes.count("refused")


def test_dots_from_many_tabs_at_once_never_exceed_the_allowance(journey_map, owner, workshop):
    lane = Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS)
    stage = journey_map.stages.first()
    cards = [
        Card.objects.create(journey_map=journey_map, lane=lane, stage=stage, text=f"Irritant {n}")
        for n in range(8)
    ]
    _pass, guest = workshops.guest_join(
        user=AnonymousUser(), token=workshop.token, data={"display_name": "Camille"}
    )
    rounds.round_open(
        user=owner,
        map_id=journey_map.pk,
        kind="dots",
        data={"lane_kinds": [LaneKind.PAIN_POINTS], "dots_each": 3, "stacking": "on"},
    )
    accepted, refused = at_once(
        lambda: rounds.dot(user=guest, map_id=journey_map.pk, card_id=cards[0].pk, delta=1)
    )
    assert (accepted, refused) == (3, TABS - 3)
    assert list(Vote.objects.values_list("value", flat=True)) == [3]


def test_the_same_score_from_many_tabs_is_counted_once(journey_map, owner, workshop):
    _pass, guest = workshops.guest_join(
        user=AnonymousUser(), token=workshop.token, data={"display_name": "Camille"}
    )
    rounds.round_open(user=owner, map_id=journey_map.pk, kind="emotion")
    touchpoint = journey_map.touchpoints.first()
    accepted, _refused = at_once(
        lambda: rounds.score(
            user=guest, map_id=journey_map.pk, touchpoint_id=touchpoint.pk, value=1
        )
    )
    assert accepted == TABS
    assert Vote.objects.count() == 1
