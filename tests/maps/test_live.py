"""Pushing events and catching up: what a tab receives, whatever it missed."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from maps import fragments, live, services
from maps.models import Card, JourneyMap, Stage
from tests.conftest import HTMX


def edit_card(user, card, text):
    card.refresh_from_db()
    return services.item_update(
        user=user,
        map_id=card.journey_map_id,
        kind_name="card",
        item_id=card.pk,
        data={"text": text, "stage": card.stage_id, "lane": card.lane_id, "version": card.version},
    )


@pytest.fixture
def card(journey_map):
    return Card.objects.get(journey_map=journey_map)


@pytest.fixture
def sent(monkeypatch):
    """What the services hand to the channel layer, once their transaction committed."""
    messages = []
    monkeypatch.setattr(live, "send", lambda map_id, message: messages.append((map_id, message)))
    return messages


def test_every_change_is_pushed_once_after_commit(
    journey_map, owner, card, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = edit_card(owner, card, "Poussé une fois")
    assert len(sent) == 1
    map_id, message = sent[0]
    assert map_id == journey_map.pk
    assert message["kind"] == "card.updated"
    wire = json.loads(message["text"])
    assert wire == {
        "type": "event",
        "revision": event.revision,
        "html": fragments.render_event(event),
    }
    assert "Poussé une fois" in wire["html"]


def test_a_refused_change_pushes_nothing(
    journey_map, marketer, card, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        edit_card(marketer, card, "Non")
    assert sent == []


def test_the_authors_answer_is_the_same_message(owner_client, journey_map, card):
    response = owner_client.post(
        reverse("maps:item-update", args=[journey_map.pk, "card", card.pk]),
        {"text": "Mien", "stage": card.stage_id, "lane": card.lane_id, "version": card.version},
        **HTMX,
    )
    journey_map.refresh_from_db()
    assert response["Parcours-Revision"] == str(journey_map.revision)
    event = journey_map.events.get(revision=journey_map.revision)
    assert response.text == fragments.render_event(event)


def test_a_channel_layer_failure_loses_no_edit(
    owner_client, journey_map, card, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """Redis gone mid-workshop: the edit is saved and answered; tabs catch up later."""
    attempts = []

    class BrokenLayer:
        async def group_send(self, group, message):
            attempts.append(group)
            raise ConnectionError("redis is down")

    monkeypatch.setattr(live, "get_channel_layer", lambda: BrokenLayer())
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse("maps:item-update", args=[journey_map.pk, "card", card.pk]),
            {
                "text": "Sauvé quand même",
                "stage": card.stage_id,
                "lane": card.lane_id,
                "version": 1,
            },
            **HTMX,
        )
    assert attempts == [f"map-{journey_map.pk}"]
    assert "tabs will catch up" in caplog.text
    assert response.status_code == 200
    card.refresh_from_db()
    assert card.text == "Sauvé quand même"
    catch_up = owner_client.get(reverse("maps:catch-up", args=[journey_map.pk]), {"since": 0})
    assert "Sauvé quand même" in catch_up.json()["html"]


def test_catching_up_sends_each_touched_part_once_as_it_is_now(journey_map, owner, card):
    edit_card(owner, card, "Un")
    edit_card(owner, card, "Deux")
    edit_card(owner, card, "Trois")
    message = live.catch_up(journey_map, since=0)
    assert message["revision"] == 3
    assert message["html"].count(f'id="card-{card.pk}"') == 1
    assert "Trois" in message["html"]
    assert "Deux" not in message["html"]


def test_catching_up_from_the_current_revision_sends_nothing(journey_map, owner, card):
    edit_card(owner, card, "Un")
    assert live.catch_up(journey_map, since=1) == {"type": "catch-up", "revision": 1, "html": ""}


@pytest.mark.parametrize("since", [-1, 99])
def test_an_unknown_revision_gets_the_whole_map(journey_map, owner, card, since):
    edit_card(owner, card, "Un")
    html = live.catch_up(journey_map, since=since)["html"]
    assert 'id="map-header"' in html
    assert 'id="map-grid"' in html


def test_too_many_missed_events_get_the_whole_map(journey_map, owner, card, monkeypatch):
    monkeypatch.setattr(live, "CATCH_UP_LIMIT", 2)
    for text in ("a", "b", "c"):
        edit_card(owner, card, text)
    assert 'id="map-grid"' in live.catch_up(journey_map, since=0)["html"]
    assert 'id="map-grid"' not in live.catch_up(journey_map, since=1)["html"]


def test_a_stage_rename_redraws_its_heading_not_the_grid(journey_map, owner):
    stage = Stage.objects.filter(journey_map=journey_map).first()
    event = services.item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="stage",
        item_id=stage.pk,
        data={"name": "Envie", "version": stage.version},
    )
    html = fragments.render_event(event)
    assert f'id="stage-{stage.pk}"' in html
    assert 'id="map-grid"' not in html


def test_a_new_stage_redraws_the_grid(journey_map, owner):
    event = services.item_create(
        user=owner, map_id=journey_map.pk, kind_name="stage", data={"name": "Après"}
    )
    assert 'id="map-grid"' in fragments.render_event(event)


def test_catch_up_is_for_those_who_may_read_the_map(journey_map, outsider_client, marketer_client):
    url = reverse("maps:catch-up", args=[journey_map.pk])
    assert outsider_client.get(url, {"since": 0}).status_code == 404
    response = marketer_client.get(url, {"since": "garbage"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert JourneyMap.objects.get().title in response.json()["html"]
