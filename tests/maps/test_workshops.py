"""Workshops: starting one, joining through its link, what guests may do, and the
facilitator's controls (new link, end, lock)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from maps import services, workshops
from maps.models import Card, Guest, JourneyMap, JourneyType, MapEvent, Workshop
from tests.conftest import HTMX
from workspaces import access


def card_data(card, **changes):
    data = {
        "text": card.text,
        "stage": card.stage_id,
        "lane": card.lane_id,
        "version": card.version,
    }
    return {**data, **changes}


@pytest.fixture
def card(journey_map):
    return Card.objects.get(journey_map=journey_map)


@pytest.fixture
def other_map(workspace, owner):
    return JourneyMap.objects.create(
        workspace=workspace,
        title="Ludovic change de chaussures",
        journey_type=JourneyType.objects.get(slug="renouvellement"),
        created_by=owner,
    )


# Starting and steering -----------------------------------------------------


def test_starting_a_workshop_logs_an_event_and_is_idempotent(journey_map, owner):
    first = workshops.workshop_start(user=owner, map_id=journey_map.pk)
    again = workshops.workshop_start(user=owner, map_id=journey_map.pk)
    assert first == again
    assert first.is_open
    kinds = list(MapEvent.objects.filter(journey_map=journey_map).values_list("kind", flat=True))
    assert kinds == ["workshop.started", "workshop.started"]


@pytest.mark.parametrize(
    ("who", "refusal"), [("marketer", PermissionDenied), ("outsider", Http404)]
)
def test_only_facilitators_start_a_workshop(request, journey_map, who, refusal):
    user = request.getfixturevalue(who)
    with pytest.raises(refusal):
        workshops.workshop_start(user=user, map_id=journey_map.pk)
    assert not Workshop.objects.exists()


def test_a_guest_cannot_steer_the_workshop(journey_map, guest):
    with pytest.raises(PermissionDenied):
        workshops.workshop_end(user=guest, map_id=journey_map.pk)
    with pytest.raises(PermissionDenied):
        workshops.map_lock(user=guest, map_id=journey_map.pk, locked=True)
    with pytest.raises(PermissionDenied):
        workshops.workshop_renew_link(user=guest, map_id=journey_map.pk)


def test_the_workshop_page_starts_a_workshop_and_shows_the_link_and_qr(owner_client, journey_map):
    url = reverse("maps:workshop", args=[journey_map.pk])
    page = owner_client.get(url)
    assert page.status_code == 200
    assert f'<form method="post" action="{url}">' in page.text
    response = owner_client.post(url)
    assert response.status_code == 302
    workshop = Workshop.objects.get(journey_map=journey_map)
    page = owner_client.get(url)
    assert workshop.get_join_path() in page.text
    qr = owner_client.get(reverse("maps:workshop-qr", args=[journey_map.pk]))
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg")
    assert "no-store" in qr["Cache-Control"]


@pytest.mark.parametrize("who", ["marketer_client", "outsider_client", "guest_client"])
def test_only_facilitators_see_the_workshop_page_and_qr(request, journey_map, workshop, who):
    client = request.getfixturevalue(who)
    for name in ("maps:workshop", "maps:workshop-qr"):
        response = client.get(reverse(name, args=[journey_map.pk]))
        assert response.status_code in {403, 404}, name
        assert workshop.token not in response.text


# Joining ---------------------------------------------------------------------


def test_a_guest_joins_with_a_name_and_lands_on_the_map(journey_map, workshop):
    client = Client()
    url = reverse("workshop-join", args=[workshop.token])
    assert client.get(url).status_code == 200
    response = client.post(url, {"display_name": "  Camille   Dupont "})
    assert response.status_code == 302
    assert response["Location"] == journey_map.get_absolute_url()
    guest = Guest.objects.get(workshop=workshop)
    assert guest.display_name == "Camille Dupont"
    assert not guest.user.has_usable_password()
    page = client.get(journey_map.get_absolute_url())
    assert page.status_code == 200
    assert 'data-role="guest"' in page.text
    assert 'class="site-nav"' not in page.text


@pytest.mark.parametrize("name", ["", "   ", "x" * 41])
def test_a_guest_needs_a_sensible_name(workshop, name):
    client = Client()
    response = client.post(reverse("workshop-join", args=[workshop.token]), {"display_name": name})
    assert response.status_code == 422
    assert 'class="errorlist"' in response.text
    assert not Guest.objects.exists()


def test_a_guest_name_is_escaped_everywhere(journey_map, workshop):
    client = Client()
    hostile = "<script>alert(1)</script>"
    client.post(reverse("workshop-join", args=[workshop.token]), {"display_name": hostile})
    page = client.get(journey_map.get_absolute_url())
    assert hostile not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_an_unknown_or_replaced_link_says_it_no_longer_works(journey_map, owner, workshop):
    client = Client()
    assert client.get(reverse("workshop-join", args=["nope"])).status_code == 410
    old = workshop.token
    workshops.workshop_renew_link(user=owner, map_id=journey_map.pk)
    response = client.post(reverse("workshop-join", args=[old]), {"display_name": "Late"})
    assert response.status_code == 410
    assert not Guest.objects.exists()


def test_a_member_opening_the_link_goes_straight_to_the_map(owner_client, journey_map, workshop):
    response = owner_client.get(reverse("workshop-join", args=[workshop.token]))
    assert response.status_code == 302
    assert not Guest.objects.exists()


# What guests may do ----------------------------------------------------------


def test_a_guest_edits_the_map_while_the_workshop_is_open(journey_map, guest, card):
    event = services.item_update(
        user=guest,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data=card_data(card, text="Vu par Camille"),
    )
    assert event.actor == guest
    card.refresh_from_db()
    assert card.text == "Vu par Camille"


def test_a_guest_reads_and_never_writes_another_map(guest_client, guest, other_map):
    assert guest_client.get(other_map.get_absolute_url()).status_code == 404
    response = guest_client.post(
        reverse("maps:item-create", args=[other_map.pk, "stage"]), {"name": "Intrus"}
    )
    assert response.status_code == 404
    assert guest_client.get(reverse("maps:catch-up", args=[other_map.pk])).status_code == 404
    assert other_map.stages.count() == 0
    assert other_map.pk not in access.visible_maps(guest).values_list("pk", flat=True)


def test_a_guest_cannot_change_the_title_or_delete_the_map(guest_client, journey_map, guest):
    settings_url = reverse("maps:settings", args=[journey_map.pk])
    assert guest_client.get(settings_url).status_code == 403
    assert guest_client.post(reverse("maps:delete", args=[journey_map.pk])).status_code == 403
    assert JourneyMap.objects.filter(pk=journey_map.pk).exists()


def test_ending_the_workshop_leaves_guests_reading_only(journey_map, owner, guest, card):
    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    access.forget(guest)
    assert access.can_view_map(guest, journey_map)
    assert not access.can_edit_map(guest, journey_map)
    with pytest.raises(PermissionDenied):
        services.item_update(
            user=guest,
            map_id=journey_map.pk,
            kind_name="card",
            item_id=card.pk,
            data=card_data(card, text="Trop tard"),
        )
    card.refresh_from_db()
    assert card.text == "Pas de pain ce soir !"


def test_a_new_link_shuts_out_guests_of_the_old_one(guest_client, journey_map, owner, guest):
    assert guest_client.get(journey_map.get_absolute_url()).status_code == 200
    workshops.workshop_renew_link(user=owner, map_id=journey_map.pk)
    assert guest_client.get(journey_map.get_absolute_url()).status_code == 404


def test_a_guest_rejoins_with_the_new_link(journey_map, owner, workshop, guest):
    renewed = workshops.workshop_renew_link(user=owner, map_id=journey_map.pk)
    _guest_pass, user = workshops.guest_join(
        user=guest, token=renewed.token, data={"display_name": "Camille"}
    )
    assert user == guest
    assert access.can_edit_map(guest, journey_map)
    assert Guest.objects.filter(user=guest).count() == 1


def test_a_locked_map_refuses_everyone_until_unlocked(journey_map, owner, guest, card):
    workshops.map_lock(user=owner, map_id=journey_map.pk, locked=True)
    for user in (owner, guest):
        access.forget(user)
        with pytest.raises(PermissionDenied):
            services.item_update(
                user=user,
                map_id=journey_map.pk,
                kind_name="card",
                item_id=card.pk,
                data=card_data(card, text="Non"),
            )
    workshops.map_lock(user=owner, map_id=journey_map.pk, locked=False)
    access.forget(owner)
    services.item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data=card_data(card, text="Oui"),
    )


def test_locking_over_htmx_answers_with_the_header_fragment(owner_client, journey_map):
    response = owner_client.post(
        reverse("maps:lock", args=[journey_map.pk]), {"locked": "1"}, **HTMX
    )
    assert response.status_code == 200
    assert 'id="map-header"' in response.text
    assert 'data-locked="true"' in response.text
    assert response["Parcours-Revision"] == str(JourneyMap.objects.get().revision)


def test_an_anonymous_visitor_joining_does_not_become_a_member(journey_map, workshop):
    _guest, user = workshops.guest_join(
        user=AnonymousUser(), token=workshop.token, data={"display_name": "Alex"}
    )
    assert access.workspace_ids(user) == []
    assert access.current_workspace(user) is None


# The address guests use --------------------------------------------------------


def qr_of(url: str) -> bytes:
    import io

    import segno

    svg = io.BytesIO()
    segno.make(url, error="m").save(
        svg, kind="svg", scale=8, border=2, dark="#1d2433", light="#ffffff", xmldecl=False
    )
    return svg.getvalue()


def test_the_link_code_address_and_qr_use_the_public_url_when_set(
    settings, owner_client, journey_map, workshop
):
    settings.PUBLIC_URL = "https://atelier.example"
    page = owner_client.get(reverse("maps:workshop", args=[journey_map.pk]))
    join_url = f"https://atelier.example{workshop.get_join_path()}"
    assert f'value="{join_url}"' in page.text
    assert "https://atelier.example/join/" in page.text
    assert workshop.code_display in page.text
    assert "workshop-loopback" not in page.text
    qr = owner_client.get(reverse("maps:workshop-qr", args=[journey_map.pk]))
    assert qr.content == qr_of(join_url)


def test_without_a_public_url_the_link_follows_the_address_the_page_was_opened_with(
    settings, owner_client, journey_map, workshop
):
    settings.ALLOWED_HOSTS = ["192.168.1.20"]
    page = owner_client.get(
        reverse("maps:workshop", args=[journey_map.pk]), HTTP_HOST="192.168.1.20:8000"
    )
    assert f'value="http://192.168.1.20:8000{workshop.get_join_path()}"' in page.text
    assert "workshop-loopback" not in page.text


@pytest.mark.parametrize(
    ("public_url", "host"),
    [("", "127.0.0.1:8000"), ("", "localhost:8000"), ("http://[::1]:8000", "testserver")],
)
def test_a_loopback_address_gets_a_warning_that_points_to_the_lan_command(
    settings, owner_client, journey_map, workshop, public_url, host
):
    settings.PUBLIC_URL = public_url
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    page = owner_client.get(reverse("maps:workshop", args=[journey_map.pk]), HTTP_HOST=host)
    assert 'class="alert alert-warning workshop-loopback"' in page.text
    assert "<code>make workshop</code>" in page.text


@pytest.mark.parametrize(
    ("base", "loopback"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://127.1.2.3", True),
        ("http://localhost", True),
        ("http://[::1]:8000", True),
        ("http://0.0.0.0:8000", True),
        ("http://192.168.1.20:8000", False),
        ("https://parcours.example", False),
        ("http://[fe80::1]", False),
    ],
)
def test_loopback_addresses_are_told_apart(base, loopback):
    from maps.views.workshops import is_loopback

    assert is_loopback(base) is loopback


# The guest list updates by itself ----------------------------------------------


def test_the_guest_list_answers_only_when_someone_joined(owner_client, journey_map, workshop):
    import re

    page = owner_client.get(reverse("maps:workshop", args=[journey_map.pk]))
    assert 'hx-trigger="every 5s"' in page.text
    seen = re.search(r'id="guests-seen" name="seen" value="(\w+)"', page.text).group(1)
    url = reverse("maps:workshop-guests", args=[journey_map.pk])
    assert owner_client.get(url, {"seen": seen}).status_code == 204
    workshops.guest_join(user=AnonymousUser(), token=workshop.token, data={"display_name": "Zoé"})
    fragment = owner_client.get(url, {"seen": seen})
    assert fragment.status_code == 200
    assert '<span class="guest-name">Zoé</span>' in fragment.text
    assert "<html" not in fragment.text
    fresh = re.search(r'name="seen" value="(\w+)"', fragment.text).group(1)
    assert fresh != seen
    assert owner_client.get(url, {"seen": fresh}).status_code == 204


def test_the_guest_list_reloads_the_page_once_the_workshop_has_ended(
    owner_client, journey_map, owner, workshop
):
    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    response = owner_client.get(reverse("maps:workshop-guests", args=[journey_map.pk]))
    assert response["HX-Refresh"] == "true"


# Guests' access after the workshop -----------------------------------------------


def later(hours: float):
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    moment = timezone.now() + timedelta(hours=hours)
    return mock.patch("workspaces.access.now", return_value=moment)


def test_guests_of_an_ended_workshop_read_the_map_for_the_grace_period_only(
    settings, journey_map, owner, guest
):
    settings.PARCOURS_GUEST_GRACE_HOURS = 24
    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    with later(23):
        access.forget(guest)
        assert access.can_view_map(guest, journey_map)
    with later(25):
        access.forget(guest)
        assert not access.can_view_map(guest, journey_map)


def test_the_workshop_page_shows_until_when_guests_read_and_closes_it_on_demand(
    owner_client, journey_map, owner, guest
):
    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    page = owner_client.get(reverse("maps:workshop", args=[journey_map.pk]))
    assert "workshop-access" in page.text
    assert reverse("maps:workshop-revoke", args=[journey_map.pk]) in page.text
    response = owner_client.post(reverse("maps:workshop-revoke", args=[journey_map.pk]))
    assert response.status_code == 302
    access.forget(guest)
    assert not access.can_view_map(guest, journey_map)
    assert MapEvent.objects.filter(kind="workshop.guests_revoked").exists()
    page = owner_client.get(reverse("maps:workshop", args=[journey_map.pk]))
    assert "workshop-access" not in page.text


def test_ending_and_closing_access_now_shuts_guests_out_at_once(
    owner_client, guest_client, journey_map, guest
):
    response = owner_client.post(
        reverse("maps:workshop-revoke", args=[journey_map.pk]), {"end": "1"}
    )
    assert response.status_code == 302
    assert Workshop.objects.get().ended_at is not None
    assert guest_client.get(journey_map.get_absolute_url()).status_code == 404


def test_revoking_every_guest_during_a_workshop_replaces_its_link_and_code(
    journey_map, owner, workshop, guest
):
    old_token, old_code = workshop.token, workshop.code
    workshops.guests_revoke(user=owner, map_id=journey_map.pk)
    workshop.refresh_from_db()
    assert workshop.is_open
    assert workshop.token != old_token
    assert workshop.code != old_code
    access.forget(guest)
    assert not access.can_view_map(guest, journey_map)
    with pytest.raises(workshops.LinkRevoked):
        workshops.workshop_for_link(old_token)


def test_revoking_reaches_guests_of_every_workshop_of_the_map(journey_map, owner, guest):
    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    second = workshops.workshop_start(user=owner, map_id=journey_map.pk)
    _pass, newcomer = workshops.guest_join(
        user=AnonymousUser(), token=second.token, data={"display_name": "Léa"}
    )
    workshops.guests_revoke(user=owner, map_id=journey_map.pk)
    for user in (guest, newcomer):
        access.forget(user)
        assert not access.can_view_map(user, journey_map)


def test_only_facilitators_revoke_guests(journey_map, marketer, guest):
    for user in (marketer, guest):
        with pytest.raises(PermissionDenied):
            workshops.guests_revoke(user=user, map_id=journey_map.pk)
    access.forget(guest)
    assert access.can_view_map(guest, journey_map)


def test_a_new_link_comes_with_a_new_code(journey_map, owner, workshop):
    old_code = workshop.code
    renewed = workshops.workshop_renew_link(user=owner, map_id=journey_map.pk)
    assert renewed.code != old_code
    assert workshops.workshop_for_code(old_code) is None
    assert workshops.workshop_for_code(renewed.code) == renewed


def test_a_guest_of_an_ended_workshop_is_told_until_when_they_read(
    guest_client, journey_map, owner, guest
):
    from django.utils import formats, timezone

    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    until = timezone.localtime(Workshop.objects.get().guests_until)
    page = guest_client.get(journey_map.get_absolute_url())
    assert formats.date_format(until, "SHORT_DATETIME_FORMAT") in page.text


def test_the_guest_list_poll_costs_the_same_few_queries_whatever_the_room(
    settings, owner_client, journey_map, workshop
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PARCOURS_JOINS_PER_WORKSHOP = (1000, 60)
    url = reverse("maps:workshop-guests", args=[journey_map.pk])
    counts = []
    for room in (2, 60):
        while workshop.guests.count() < room:
            workshops.guest_join(
                user=AnonymousUser(),
                token=workshop.token,
                data={"display_name": f"P{workshop.guests.count()}"},
            )
        with CaptureQueriesContext(connection) as queries:
            assert owner_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6, counts


def test_the_guest_list_reloads_the_page_when_the_session_has_ended(journey_map, workshop):
    url = reverse("maps:workshop-guests", args=[journey_map.pk])
    response = Client().get(url, **HTMX)
    assert response["HX-Refresh"] == "true"
    assert response.content == b""


def test_past_workshops_say_whether_their_guests_still_read(owner_client, journey_map, owner):
    workshops.workshop_start(user=owner, map_id=journey_map.pk)
    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    url = reverse("maps:workshop", args=[journey_map.pk])
    assert 'data-guests="reading"' in owner_client.get(url).text
    workshops.guests_revoke(user=owner, map_id=journey_map.pk)
    page = owner_client.get(url).text
    assert 'data-guests="reading"' not in page
    assert 'data-guests="closed"' in page
