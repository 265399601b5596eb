"""Two server processes share one workshop through Redis and PostgreSQL: an edit made
through one reaches the tabs connected to the other, and so does who is there."""

import pytest
from django.urls import reverse

from maps.models import Card
from tests.services.clients import MapSocket, post, session_cookie

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_edit_through_one_process_reaches_tabs_on_the_other(
    start_server, journey_map, owner, collaborator
):
    first, second = start_server(), start_server()
    owner_cookie, colleague_cookie = session_cookie(owner), session_cookie(collaborator)
    on_second = MapSocket(second.url, journey_map.pk, colleague_cookie)
    on_first = MapSocket(first.url, journey_map.pk, owner_cookie)
    try:
        # Presence crosses processes too: the tab on the second sees the one on the first.
        while "owner" not in (presence := on_second.next("presence"))["html"]:
            pass
        assert "collaborator" in presence["html"]

        card = Card.objects.get(journey_map=journey_map)
        status, _body = post(
            first.url,
            reverse("maps:item-update", args=[journey_map.pk, "card", card.pk]),
            {
                "text": "Vu des deux côtés",
                "stage": card.stage_id,
                "lane": card.lane_id,
                "version": card.version,
            },
            owner_cookie,
        )
        assert status == 200
        for tab in (on_second, on_first):
            event = tab.next("event")
            assert event["revision"] == 1
            assert "Vu des deux côtés" in event["html"]

        status, _body = post(
            second.url,
            reverse("maps:item-create", args=[journey_map.pk, "stage"]),
            {"name": "Retour"},
            colleague_cookie,
        )
        assert status == 200
        assert on_first.next("event")["revision"] == 2
    finally:
        on_first.close()
        on_second.close()
