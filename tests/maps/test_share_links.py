"""Share links: made and revoked by the map's facilitators; a link reads one map, now."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maps import services, share_links, snapshots
from maps.models import JourneyType, ShareLink
from tests.conftest import client_for
from workspaces import access


def make_link(owner, journey_map, password: str = "", expires_on=None, label: str = "Comité"):
    return share_links.link_create(
        user=owner, journey_map=journey_map, label=label, password=password, expires_on=expires_on
    )


# The model and the service ------------------------------------------------------------


def test_only_a_hash_of_the_secret_is_stored(owner, journey_map):
    link, token = make_link(owner, journey_map)
    assert len(token) >= 43  # 32 random bytes
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(ShareLink.objects.filter(pk=link.pk).values().get())
    assert share_links.find(token) == link
    assert share_links.find(token + "x") is None


def test_two_links_never_share_a_secret(owner, journey_map):
    _first, one = make_link(owner, journey_map)
    _second, two = make_link(owner, journey_map)
    assert one != two


def test_the_password_is_hashed(owner, journey_map):
    link, _token = make_link(owner, journey_map, password="baguette")
    assert link.has_password
    assert "baguette" not in link.password


def test_an_expiry_day_ends_at_its_end(owner, journey_map):
    today = timezone.localdate()
    link, _token = make_link(owner, journey_map, expires_on=today)
    assert link.active
    assert timezone.localtime(link.expires_at).date() == today + timedelta(days=1)


def test_marketers_and_guests_may_not_create_links(marketer, guest, outsider, journey_map):
    with pytest.raises(PermissionDenied):
        make_link(marketer, journey_map)
    with pytest.raises(PermissionDenied):
        make_link(guest, journey_map)
    with pytest.raises(Http404):  # the map is a secret
        make_link(outsider, journey_map)
    assert not ShareLink.objects.exists()


def test_revoking_stops_the_link(owner, journey_map):
    link, _token = make_link(owner, journey_map)
    share_links.link_revoke(user=owner, journey_map=journey_map, link_id=link.pk)
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert not link.active
    with pytest.raises(access.LinkEnded):
        access.check_share_link(link)


def test_a_link_reaches_its_own_map_only(owner, journey_map, workspace):
    other = services.map_create(
        user=owner,
        workspace=workspace,
        data={"title": "Autre", "journey_type": JourneyType.objects.first().pk},
    )
    link, _token = make_link(owner, journey_map)
    assert access.share_link_reaches(link, journey_map.pk)
    assert not access.share_link_reaches(link, other.pk)


# The facilitators' page -----------------------------------------------------------------


def test_the_facilitator_creates_a_link_and_sees_its_address_once(owner_client, journey_map):
    url = reverse("maps:share", args=[journey_map.pk])
    response = owner_client.post(url, {"label": "Direction", "password": "pain"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    address = response.context["address"]
    assert "/s/" in address
    assert address in response.content.decode()
    link = ShareLink.objects.get()
    assert link.label == "Direction" and link.has_password
    # The list shows the link, never its address again.
    page = owner_client.get(url).content.decode()
    assert "Direction" in page
    assert address not in page


def test_a_bad_form_says_why(owner_client, journey_map):
    url = reverse("maps:share", args=[journey_map.pk])
    yesterday = timezone.localdate() - timedelta(days=1)
    response = owner_client.post(url, {"label": "", "expires_on": yesterday.isoformat()})
    assert response.status_code == 422
    assert "Choisissez aujourd’hui ou un jour suivant." in response.content.decode()
    assert not ShareLink.objects.exists()


def test_marketers_and_guests_cannot_open_the_share_page(
    marketer_client, guest_client, outsider_client, owner, journey_map
):
    link, _token = make_link(owner, journey_map)
    for url in (
        reverse("maps:share", args=[journey_map.pk]),
        reverse("maps:share-revoke", args=[journey_map.pk, link.pk]),
    ):
        assert marketer_client.get(url).status_code == 403
        assert marketer_client.post(url, {"label": "x"}).status_code == 403
        assert guest_client.get(url).status_code == 403
        assert outsider_client.get(url).status_code == 404
    assert ShareLink.objects.get().revoked_at is None


def test_revoking_asks_then_revokes(owner_client, owner, journey_map):
    link, token = make_link(owner, journey_map)
    url = reverse("maps:share-revoke", args=[journey_map.pk, link.pk])
    assert "Révoquer le lien" in owner_client.get(url).content.decode()
    assert ShareLink.objects.get().revoked_at is None
    response = owner_client.post(url)
    assert response.status_code == 302
    assert ShareLink.objects.get().revoked_at is not None
    assert Client().get(reverse("share-map", args=[token])).status_code == 410


def test_a_link_of_another_map_cannot_be_revoked_through_this_one(
    owner_client, owner, journey_map, workspace
):
    other = services.map_create(
        user=owner,
        workspace=workspace,
        data={"title": "Autre", "journey_type": JourneyType.objects.first().pk},
    )
    link, _token = make_link(owner, other)
    url = reverse("maps:share-revoke", args=[journey_map.pk, link.pk])
    assert owner_client.post(url).status_code == 404
    assert ShareLink.objects.get().revoked_at is None


# The shared page ------------------------------------------------------------------


def test_the_shared_page_shows_the_map_read_only(owner, journey_map):
    link, token = make_link(owner, journey_map)
    response = Client().get(reverse("share-map", args=[token]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nell achète une baguette" in html
    assert "Pas de pain ce soir !" in html
    assert 'id="action-plan"' in html
    # Nothing that leads into the workspace or edits the map.
    for url in (
        reverse("maps:list"),
        reverse("maps:history", args=[journey_map.pk]),
        reverse("maps:trash", args=[journey_map.pk]),
        reverse("maps:export", args=[journey_map.pk]),
        reverse("maps:snapshots", args=[journey_map.pk]),
        reverse("personas:list"),
        "hx-post",
        "ws-connect",
    ):
        assert url not in html
    link.refresh_from_db()
    assert link.last_used_at is not None


def test_a_revoked_or_expired_link_says_so(owner, journey_map):
    revoked, revoked_token = make_link(owner, journey_map)
    share_links.link_revoke(user=owner, journey_map=journey_map, link_id=revoked.pk)
    expired, expired_token = make_link(owner, journey_map)
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    response = Client().get(reverse("share-map", args=[revoked_token]))
    assert response.status_code == 410
    assert "révoqué" in response.content.decode()
    response = Client().get(reverse("share-map", args=[expired_token]))
    assert response.status_code == 410
    assert "expiré" in response.content.decode()
    assert "Pas de pain" not in response.content.decode()


def test_an_unknown_token_is_a_404(db):
    assert Client().get(reverse("share-map", args=["nope"])).status_code == 404


def test_the_password_opens_the_map_for_this_browser_only(owner, journey_map):
    _link, token = make_link(owner, journey_map, password="baguette")
    url = reverse("share-map", args=[token])
    visitor = Client()
    door = visitor.get(url)
    assert door.status_code == 200
    assert "Pas de pain" not in door.content.decode()
    assert visitor.post(url, {"password": "croissant"}).status_code == 422
    assert visitor.post(url, {"password": "baguette"}).status_code == 302
    assert "Pas de pain ce soir !" in visitor.get(url).content.decode()
    # Another browser still meets the door.
    assert "Pas de pain" not in Client().get(url).content.decode()


def test_wrong_passwords_are_rate_limited(owner, journey_map):
    _link, token = make_link(owner, journey_map, password="baguette")
    url = reverse("share-map", args=[token])
    visitor = Client()
    limit, _window = share_links.PASSWORD_RATE
    for _attempt in range(limit):
        assert visitor.post(url, {"password": "faux"}).status_code == 422
    # Even the right password waits now.
    response = visitor.post(url, {"password": "baguette"})
    assert response.status_code == 429
    assert "Trop de mots de passe erronés" in response.content.decode()


def test_the_open_page_learns_the_link_ended(owner, journey_map):
    link, token = make_link(owner, journey_map)
    visitor = Client()
    changes = reverse("share-changes", args=[token])
    revision = journey_map.revision
    assert visitor.get(changes, {"revision": revision}).status_code == 204
    share_links.link_revoke(user=owner, journey_map=journey_map, link_id=link.pk)
    response = visitor.get(changes, {"revision": revision})
    assert response.status_code == 200
    html = response.content.decode()
    assert "révoqué" in html
    assert "Pas de pain" not in html


def test_the_open_page_gets_the_map_again_when_it_changed(owner, journey_map):
    _link, token = make_link(owner, journey_map)
    changes = reverse("share-changes", args=[token])
    revision = journey_map.revision
    card = journey_map.cards.get()
    services.item_create(
        user=owner,
        map_id=journey_map.pk,
        kind_name="card",
        data={"text": "Plus de baguettes", "stage": card.stage_id, "lane": card.lane_id},
    )
    response = Client().get(changes, {"revision": revision})
    assert response.status_code == 200
    assert "Plus de baguettes" in response.content.decode()


def test_the_changes_of_a_password_link_need_the_password(owner, journey_map):
    _link, token = make_link(owner, journey_map, password="baguette")
    response = Client().get(reverse("share-changes", args=[token]))
    assert "Pas de pain" not in response.content.decode()


def test_a_link_reaches_nothing_of_the_workspace_or_another_map(owner, journey_map, workspace):
    """The link's session is not a login: every other page of the map and the workspace
    stays closed to its holder."""
    other = services.map_create(
        user=owner,
        workspace=workspace,
        data={"title": "Autre", "journey_type": JourneyType.objects.first().pk},
    )
    _link, token = make_link(owner, journey_map, password="baguette")
    visitor = Client()
    visitor.post(reverse("share-map", args=[token]), {"password": "baguette"})
    snapshot = snapshots.take(journey_map, name="Avant")
    for map_id in (journey_map.pk, other.pk):
        for name in (
            "detail",
            "history",
            "trash",
            "export",
            "export-json",
            "snapshots",
            "actions",
            "present",
        ):
            response = visitor.get(reverse(f"maps:{name}", args=[map_id]))
            assert response.status_code == 302, name  # to the login page
            assert response["Location"].startswith(reverse("login"))
    for url in (
        reverse("maps:snapshot", args=[journey_map.pk, snapshot.pk]),
        reverse("maps:list"),
        reverse("personas:list"),
        reverse("maps:share", args=[journey_map.pk]),
    ):
        assert visitor.get(url).status_code == 302


def test_a_member_holding_the_link_sees_it_like_anyone(owner, marketer, journey_map):
    _link, token = make_link(owner, journey_map)
    response = client_for(marketer).get(reverse("share-map", args=[token]))
    assert response.status_code == 200
    assert "hx-post" not in response.content.decode()


def test_the_open_page_learns_its_map_was_deleted(owner, journey_map):
    _link, token = make_link(owner, journey_map)
    services.map_delete(user=owner, map_id=journey_map.pk)
    response = Client().get(reverse("share-changes", args=[token]))
    assert "la carte qu’il montrait a peut-être été supprimée" in response.content.decode()
    assert Client().get(reverse("share-map", args=[token])).status_code == 404
