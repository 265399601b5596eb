"""Many people adding cards at once to a map near its limit, on PostgreSQL: the limit holds."""

import threading

import pytest
from django.db import connection

from journeymap.changes import Invalid
from maps import services
from maps.models import Card

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
WRITERS = 8


def test_cards_added_at_once_never_pass_the_map_s_limit(journey_map, owner, settings):
    settings.PARCOURS_MAX_CARDS = Card.objects.filter(journey_map=journey_map).count() + 3
    stage = journey_map.stages.first()
    lane = journey_map.lanes.first()
    start = threading.Barrier(WRITERS)
    outcomes: list[str] = []

    def writer(n: int) -> None:
        start.wait()
        try:
            services.item_create(
                user=owner,
                map_id=journey_map.pk,
                kind_name="card",
                data={"text": f"Post-it {n}", "stage": stage.pk, "lane": lane.pk},
            )
            outcomes.append("accepted")
        except Invalid:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert (outcomes.count("accepted"), outcomes.count("refused")) == (3, WRITERS - 3)
    assert Card.objects.filter(journey_map=journey_map).count() == settings.PARCOURS_MAX_CARDS
