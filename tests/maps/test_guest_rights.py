"""Guests' structure rights: the facilitator lets a workshop's guests delete and reorder
stages and lanes, or not (off by default); cards and touchpoints stay theirs."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from maps import fragments, services, workshops
from maps.models import Card, MapEvent, Workshop
from tests.conftest import HTMX


def allow(owner, journey_map, allowed=True):
    return workshops.workshop_rights(user=owner, map_id=journey_map.pk, guests_restructure=allowed)


def delete_stage(user, journey_map, stage):
    return services.item_delete(
        user=user, map_id=journey_map.pk, kind_name="stage", item_id=stage.pk, confirmed=True
    )


def test_guests_may_not_restructure_by_default(journey_map, workshop, guest):
    assert workshop.guests_restructure is False
    stage = journey_map.stages.first()
    lane = journey_map.lanes.first()
    with pytest.raises(PermissionDenied, match="seul l’animateur"):
        delete_stage(guest, journey_map, stage)
    with pytest.raises(PermissionDenied):
        services.item_move(
            user=guest, map_id=journey_map.pk, kind_name="lane", item_id=lane.pk, direction="next"
        )
    assert journey_map.stages.filter(pk=stage.pk).exists()


def test_cards_and_touchpoints_stay_the_guests(journey_map, workshop, guest):
    card = Card.objects.get(journey_map=journey_map)
    touchpoint = journey_map.touchpoints.first()
    services.item_move(
        user=guest,
        map_id=journey_map.pk,
        kind_name="touchpoint",
        item_id=touchpoint.pk,
        direction="next",
    )
    services.item_delete(user=guest, map_id=journey_map.pk, kind_name="card", item_id=card.pk)
    assert not Card.objects.filter(pk=card.pk).exists()


def test_the_facilitator_lets_guests_restructure_and_takes_it_back(
    journey_map, workshop, owner, guest
):
    event = allow(owner, journey_map)
    assert event.kind == "workshop.rights_changed"
    assert event.payload == {"workshop_id": workshop.pk, "guests_restructure": True}
    workshop.refresh_from_db()
    assert workshop.guests_restructure is True

    first, second = journey_map.stages.order_by("position")
    services.item_move(
        user=guest, map_id=journey_map.pk, kind_name="stage", item_id=first.pk, direction="next"
    )
    assert list(journey_map.stages.order_by("position")) == [second, first]
    delete_stage(guest, journey_map, first)
    assert not journey_map.stages.filter(pk=first.pk).exists()

    allow(owner, journey_map, allowed=False)
    # As the guest's next request sees them (access is cached per request on the user).
    guest = get_user_model().objects.get(pk=guest.pk)
    with pytest.raises(PermissionDenied):
        delete_stage(guest, journey_map, second)


def test_only_facilitators_change_the_rights(journey_map, workshop, guest, marketer):
    for user in (guest, marketer):
        with pytest.raises(PermissionDenied):
            allow(user, journey_map)
    assert not MapEvent.objects.filter(kind="workshop.rights_changed").exists()


def test_rights_need_an_open_workshop(journey_map, owner):
    with pytest.raises(workshops.LinkRevoked):
        allow(owner, journey_map)


def test_a_new_workshop_starts_with_the_rights_off(journey_map, workshop, owner):
    allow(owner, journey_map)
    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    again = workshops.workshop_start(user=owner, map_id=journey_map.pk)
    assert again.pk != workshop.pk and again.guests_restructure is False


def test_the_workshop_page_shows_and_flips_the_toggle(owner_client, journey_map, workshop):
    url = reverse("maps:workshop", args=[journey_map.pk])
    page = owner_client.get(url).content.decode()
    assert "Les invités peuvent supprimer et réordonner les étapes et les lignes" in page
    assert (
        'name="guests_restructure"' in page
        and "checked" not in page.split('name="guests_restructure"')[1].split(">")[0]
    )

    response = owner_client.post(
        reverse("maps:workshop-rights", args=[journey_map.pk]), {"guests_restructure": "1"}
    )
    assert response.status_code == 302
    assert Workshop.objects.get(pk=workshop.pk).guests_restructure is True
    page = owner_client.get(url).content.decode()
    assert "checked" in page.split('name="guests_restructure"')[1].split(">")[0]

    owner_client.post(reverse("maps:workshop-rights", args=[journey_map.pk]), {})
    assert Workshop.objects.get(pk=workshop.pk).guests_restructure is False


def test_the_rights_view_without_a_workshop_says_so(owner_client, journey_map):
    response = owner_client.post(
        reverse("maps:workshop-rights", args=[journey_map.pk]),
        {"guests_restructure": "1"},
        follow=True,
    )
    assert "Aucun atelier n’est ouvert sur cette carte." in response.content.decode()


def test_the_map_header_carries_the_rights_for_the_pages_css(
    guest_client, journey_map, workshop, owner
):
    page = guest_client.get(journey_map.get_absolute_url()).content.decode()
    assert 'data-role="guest"' in page
    assert page.count('data-guests-restructure="false"') == 2  # main and the header
    assert "item-tools edit-control structure-control" in page
    event = allow(owner, journey_map)
    # The event redraws the header in every tab: the attribute follows, live.
    html = fragments.render_event(event)
    assert 'id="map-header"' in html and 'data-guests-restructure="true"' in html


def test_a_refused_guest_is_told_why_where_they_clicked(guest_client, journey_map, workshop):
    stage = journey_map.stages.first()
    url = reverse("maps:item-delete", args=[journey_map.pk, "stage", stage.pk])
    response = guest_client.post(url, {"confirmed": "1"}, **HTMX)
    assert response.status_code == 403
    trigger = json.loads(response["HX-Trigger"])
    assert "seul l’animateur peut supprimer" in trigger["parcours:refused"]["message"]
    # Without htmx, the plain 403 page.
    assert "HX-Trigger" not in guest_client.post(url, {"confirmed": "1"})


def test_an_allowed_guest_deletes_a_stage_through_the_view(
    guest_client, journey_map, workshop, owner
):
    allow(owner, journey_map)
    stage = journey_map.stages.first()
    url = reverse("maps:item-delete", args=[journey_map.pk, "stage", stage.pk])
    response = guest_client.post(url, {"confirmed": "1"}, **HTMX)
    assert response.status_code == 200
    assert not journey_map.stages.filter(pk=stage.pk).exists()


def test_the_rights_change_is_pushed_like_any_change(
    journey_map, workshop, owner, monkeypatch, django_capture_on_commit_callbacks
):
    from maps import live

    sent = []
    monkeypatch.setattr(live, "send", lambda map_id, message: sent.append(message))
    with django_capture_on_commit_callbacks(execute=True):
        allow(owner, journey_map)
    assert [message["kind"] for message in sent] == ["workshop.rights_changed"]
    assert 'data-guests-restructure="true"' in json.loads(sent[0]["text"])["html"]
