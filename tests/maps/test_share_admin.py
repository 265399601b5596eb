"""Share links in the Django admin: listed and revoked, never added, secrets never shown."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from maps import live, share_links
from maps.models import ShareLink

CHANGELIST = "admin:maps_sharelink_changelist"


@pytest.fixture
def links(owner, journey_map):
    made = [
        share_links.link_create(
            user=owner,
            journey_map=journey_map,
            label=label,
            password=password,
            expires_on=None,
            allow_pdf=allow_pdf,
        )
        for label, password, allow_pdf in (
            ("Comité de direction", "baguette", True),
            ("Agence", "", False),
        )
    ]
    return [link for link, _token in made], [token for _link, token in made]


def test_the_list_shows_each_link_and_never_a_secret(admin_client, links, journey_map):
    (committee, agency), tokens = links
    response = admin_client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Comité de direction", "Agence", journey_map.title, "owner"):
        assert text in html
    for link in (committee, agency):
        assert link.token_hash not in html
    assert committee.password not in html
    assert committee.password[-24:] not in html
    for token in tokens:
        assert token not in html
    change = admin_client.get(reverse("admin:maps_sharelink_change", args=[committee.pk]))
    page = change.content.decode()
    assert "Comité de direction" in page
    assert committee.token_hash not in page
    assert committee.password not in page
    assert 'name="password"' not in page and 'name="token_hash"' not in page


def test_the_list_filters_and_searches(admin_client, links, journey_map):
    (committee, agency), _tokens = links
    url = reverse(CHANGELIST)

    def found(params) -> list:
        return list(admin_client.get(url, params).context["cl"].result_list)

    assert found({"password": "yes"}) == [committee]
    assert found({"password": "no"}) == [agency]
    assert found({"allow_pdf__exact": "1"}) == [committee]
    assert found({"q": "agence"}) == [agency]
    assert set(found({"q": "baguette"})) == {committee, agency}  # the map's title
    assert found({"state": "revoked"}) == []


def test_no_link_is_added_in_the_admin(admin_client, links):
    assert admin_client.get(reverse("admin:maps_sharelink_add")).status_code == 403
    html = admin_client.get(reverse(CHANGELIST)).content.decode()
    assert reverse("admin:maps_sharelink_add") not in html


def test_the_revoke_action_revokes_and_closes_open_pages(
    admin_client, links, monkeypatch, django_capture_on_commit_callbacks
):
    (committee, agency), tokens = links
    closed = []
    monkeypatch.setattr(live, "share_link_revoked", closed.append)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(CHANGELIST),
            {"action": "revoke", "_selected_action": [committee.pk]},
            follow=True,
        )
    assert "1 lien révoqué." in response.content.decode()
    committee.refresh_from_db()
    agency.refresh_from_db()
    assert committee.revoked_at is not None
    assert agency.revoked_at is None
    assert closed == [committee.pk]
    assert Client().get(reverse("share-map", args=[tokens[0]])).status_code == 410
    assert Client().get(reverse("share-map", args=[tokens[1]])).status_code == 200
    # Revoking again changes nothing: the first revocation's time stays.
    first = committee.revoked_at
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse(CHANGELIST), {"action": "revoke", "_selected_action": [committee.pk]}
        )
    committee.refresh_from_db()
    assert committee.revoked_at == first
    assert closed == [committee.pk]


def test_a_link_deleted_in_the_admin_closes_its_open_pages(
    admin_client, links, monkeypatch, django_capture_on_commit_callbacks
):
    (committee, _agency), _tokens = links
    closed = []
    monkeypatch.setattr(live, "share_link_revoked", closed.append)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:maps_sharelink_delete", args=[committee.pk]), {"post": "yes"}
        )
    assert not ShareLink.objects.filter(pk=committee.pk).exists()
    assert closed == [committee.pk]


def test_a_links_admin_page_is_to_look_at_only(admin_client, links):
    (committee, _agency), _tokens = links
    url = reverse("admin:maps_sharelink_change", args=[committee.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="_save"' not in page
    admin_client.post(url, {"label": "Autre"})
    committee.refresh_from_db()
    assert committee.label == "Comité de direction"
