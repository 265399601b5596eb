"""Editing a share link: its label, expiry, password and PDF, by the map's facilitators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maps import services, share_links
from maps.models import JourneyType, ShareLink


def make_link(owner, journey_map, password: str = "", expires_on=None):
    return share_links.link_create(
        user=owner,
        journey_map=journey_map,
        label="Comité",
        password=password,
        expires_on=expires_on,
    )


def edit_url(journey_map, link) -> str:
    return reverse("maps:share-edit", args=[journey_map.pk, link.pk])


def unlocked_visitor(token: str, password: str) -> Client:
    visitor = Client()
    visitor.post(reverse("share-map", args=[token]), {"password": password})
    return visitor


def test_the_edit_page_shows_the_links_expiry_day(owner_client, owner, journey_map):
    """As an ISO day: a date input shows nothing of "10/12/2026", and saving would drop it."""
    day = timezone.localdate() + timedelta(days=5)
    link, _token = make_link(owner, journey_map, expires_on=day)
    page = owner_client.get(edit_url(journey_map, link)).content.decode()
    assert f'value="{day.isoformat()}"' in page
    owner_client.post(edit_url(journey_map, link), {"label": "Comité", "expires_on": day})
    link.refresh_from_db()
    assert share_links.expiry_day(link) == day


def test_the_facilitator_changes_label_expiry_and_pdf(owner_client, owner, journey_map):
    link, _token = make_link(owner, journey_map)
    page = owner_client.get(edit_url(journey_map, link)).content.decode()
    assert 'value="Comité"' in page
    day = timezone.localdate() + timedelta(days=7)
    response = owner_client.post(
        edit_url(journey_map, link),
        {"label": "Direction", "expires_on": day.isoformat(), "allow_pdf": "on"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("maps:share", args=[journey_map.pk]), 302)]
    assert "Le lien « Direction » est enregistré." in response.content.decode()
    link.refresh_from_db()
    assert link.label == "Direction"
    assert link.allow_pdf
    assert share_links.expiry_day(link) == day
    assert not link.has_password  # an empty password field keeps none


def test_the_links_list_shows_pdf_password_and_edit(owner_client, owner, journey_map):
    link, _token = make_link(owner, journey_map, password="baguette")
    ShareLink.objects.filter(pk=link.pk).update(allow_pdf=True)
    html = owner_client.get(reverse("maps:share", args=[journey_map.pk])).content.decode()
    row = html[html.index(f'id="share-link-{link.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "autorisé" in row  # the PDF
    assert "oui" in row  # the password
    assert edit_url(journey_map, link) in row
    assert "Modifier" in row


def test_an_empty_password_keeps_the_current_one_and_its_unlocks(owner_client, owner, journey_map):
    link, token = make_link(owner, journey_map, password="baguette")
    visitor = unlocked_visitor(token, "baguette")
    owner_client.post(edit_url(journey_map, link), {"label": "Direction"})
    link.refresh_from_db()
    assert link.has_password
    assert (
        "Pas de pain ce soir !" in visitor.get(reverse("share-map", args=[token])).content.decode()
    )


def test_a_new_password_asks_everyone_again(owner_client, owner, journey_map):
    link, token = make_link(owner, journey_map, password="baguette")
    visitor = unlocked_visitor(token, "baguette")
    url = reverse("share-map", args=[token])
    assert "Pas de pain" in visitor.get(url).content.decode()
    owner_client.post(edit_url(journey_map, link), {"label": "Comité", "password": "croissant"})
    assert "Pas de pain" not in visitor.get(url).content.decode()
    changes = visitor.get(reverse("share-changes", args=[token])).content.decode()
    assert "demande maintenant son mot de passe" in changes
    assert unlocked_visitor(token, "baguette").get(url).content.decode().count("Pas de pain") == 0
    assert "Pas de pain" in unlocked_visitor(token, "croissant").get(url).content.decode()


def test_setting_a_password_closes_a_link_that_had_none(owner_client, owner, journey_map):
    link, token = make_link(owner, journey_map)
    visitor = Client()
    url = reverse("share-map", args=[token])
    assert "Pas de pain" in visitor.get(url).content.decode()
    owner_client.post(edit_url(journey_map, link), {"label": "Comité", "password": "baguette"})
    assert "Pas de pain" not in visitor.get(url).content.decode()


def test_removing_the_password_opens_the_link_to_anyone(owner_client, owner, journey_map):
    link, token = make_link(owner, journey_map, password="baguette")
    owner_client.post(edit_url(journey_map, link), {"label": "Comité", "remove_password": "on"})
    link.refresh_from_db()
    assert not link.has_password
    assert "Pas de pain" in Client().get(reverse("share-map", args=[token])).content.decode()


def test_a_new_password_and_its_removal_together_are_refused(owner_client, owner, journey_map):
    link, _token = make_link(owner, journey_map, password="baguette")
    before = ShareLink.objects.get().password
    response = owner_client.post(
        edit_url(journey_map, link),
        {"label": "Comité", "password": "x", "remove_password": "on"},
    )
    assert response.status_code == 422
    assert (
        "Donnez un nouveau mot de passe ou retirez-le, pas les deux." in response.content.decode()
    )
    assert ShareLink.objects.get().password == before


def test_a_day_in_the_past_or_an_empty_label_is_refused(owner_client, owner, journey_map):
    link, _token = make_link(owner, journey_map)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = owner_client.post(
        edit_url(journey_map, link), {"label": "", "expires_on": yesterday.isoformat()}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choisissez aujourd’hui ou un jour suivant." in html
    assert "Ce champ est obligatoire." in html
    assert ShareLink.objects.get().label == "Comité"


def test_an_expired_link_keeps_its_day_or_gets_a_later_one(owner_client, owner, journey_map):
    link, token = make_link(owner, journey_map)
    passed = timezone.localdate() - timedelta(days=3)
    ShareLink.objects.filter(pk=link.pk).update(expires_at=share_links._end_of(passed))
    # The label alone changes: the day it ended stays as it was.
    response = owner_client.post(
        edit_url(journey_map, link), {"label": "Ancien", "expires_on": passed.isoformat()}
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.label == "Ancien" and link.expired
    # Given a later day, it works again.
    later = timezone.localdate() + timedelta(days=2)
    owner_client.post(edit_url(journey_map, link), {"label": "Ancien", "expires_on": later})
    assert Client().get(reverse("share-map", args=[token])).status_code == 200


def test_an_earlier_expiry_is_a_shorter_link(owner_client, owner, journey_map):
    link, _token = make_link(owner, journey_map, expires_on=timezone.localdate() + timedelta(30))
    today = timezone.localdate()
    owner_client.post(edit_url(journey_map, link), {"label": "Comité", "expires_on": today})
    link.refresh_from_db()
    assert share_links.expiry_day(link) == today


def test_a_revoked_link_cannot_be_edited(owner_client, owner, journey_map):
    link, _token = make_link(owner, journey_map)
    share_links.link_revoke(user=owner, journey_map=journey_map, link_id=link.pk)
    response = owner_client.get(edit_url(journey_map, link))
    assert response.status_code == 409
    assert "Ce lien est révoqué : il ne peut plus être modifié." in response.content.decode()
    response = owner_client.post(edit_url(journey_map, link), {"label": "Relancé"})
    assert response.status_code == 409
    assert ShareLink.objects.get().label == "Comité"
    with pytest.raises(share_links.LinkRevoked):
        share_links.link_update(
            user=owner,
            journey_map=journey_map,
            link_id=link.pk,
            label="Relancé",
            expires_on=None,
            allow_pdf=True,
            password=None,
        )
    # The list offers no edit for it.
    html = owner_client.get(reverse("maps:share", args=[journey_map.pk])).content.decode()
    assert edit_url(journey_map, link) not in html


def test_only_the_maps_facilitators_edit(
    marketer_client, guest_client, outsider_client, marketer, owner, journey_map
):
    link, _token = make_link(owner, journey_map)
    url = edit_url(journey_map, link)
    assert marketer_client.get(url).status_code == 403
    assert marketer_client.post(url, {"label": "x"}).status_code == 403
    assert guest_client.post(url, {"label": "x"}).status_code == 403
    assert outsider_client.post(url, {"label": "x"}).status_code == 404
    assert Client().post(url, {"label": "x"}).status_code == 302  # to the login page
    with pytest.raises(PermissionDenied):
        share_links.link_update(
            user=marketer,
            journey_map=journey_map,
            link_id=link.pk,
            label="x",
            expires_on=None,
            allow_pdf=True,
            password=None,
        )
    assert ShareLink.objects.get().label == "Comité"


def test_a_link_of_another_map_cannot_be_edited_through_this_one(
    owner_client, owner, journey_map, workspace
):
    other = services.map_create(
        user=owner,
        workspace=workspace,
        data={"title": "Autre", "journey_type": JourneyType.objects.first().pk},
    )
    link, _token = make_link(owner, other)
    url = reverse("maps:share-edit", args=[journey_map.pk, link.pk])
    assert owner_client.get(url).status_code == 404
    assert owner_client.post(url, {"label": "x"}).status_code == 404
    assert ShareLink.objects.get().label == "Comité"


def test_the_edit_is_csrf_protected(owner, journey_map):
    link, _token = make_link(owner, journey_map)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(edit_url(journey_map, link), {"label": "x"}).status_code == 403


def test_the_new_link_form_may_allow_the_pdf(owner_client, journey_map):
    url = reverse("maps:share", args=[journey_map.pk])
    owner_client.post(url, {"label": "Direction", "allow_pdf": "on"})
    assert ShareLink.objects.get().allow_pdf
