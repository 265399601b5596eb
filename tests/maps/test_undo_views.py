"""The undo and redo buttons of the map page (and Ctrl+Z, which presses them)."""

import json

from django.urls import reverse

from maps.models import Card
from tests.conftest import HTMX


def edit(client, card, text):
    return client.post(
        reverse("maps:item-update", args=[card.journey_map_id, "card", card.pk]),
        {"text": text, "stage": card.stage_id, "lane": card.lane_id, "version": card.version},
        **HTMX,
    )


def test_undo_answers_with_the_fragments_and_says_what_it_took_back(owner_client, journey_map):
    card = Card.objects.get(journey_map=journey_map)
    edit(owner_client, card, "Plus <b>rien</b>")

    response = owner_client.post(reverse("maps:undo", args=[journey_map.pk]), **HTMX)

    assert response.status_code == 200
    assert f'id="card-{card.pk}"' in response.content.decode()
    assert int(response["Parcours-Revision"]) == journey_map.revision + 2
    notice = json.loads(response["HX-Trigger"])["parcours:notice"]["message"]
    assert notice == "Annulé : post-it modifié"
    card.refresh_from_db()
    assert card.text == "Pas de pain ce soir !"

    # A redo names the change it puts back, not the undo it takes back.
    redone = owner_client.post(reverse("maps:redo", args=[journey_map.pk]), **HTMX)
    assert json.loads(redone["HX-Trigger"])["parcours:notice"]["message"] == (
        "Rétabli : post-it modifié"
    )
    card.refresh_from_db()
    assert card.text == "Plus <b>rien</b>"


def test_nothing_to_undo_is_said_where_the_user_is(owner_client, journey_map):
    response = owner_client.post(reverse("maps:undo", args=[journey_map.pk]), **HTMX)

    assert response.status_code == 422
    refusal = json.loads(response["HX-Trigger"])["parcours:refused"]["message"]
    assert refusal == "Rien de votre part à annuler sur cette carte."


def test_a_refused_undo_changes_nothing(owner_client, collaborator_client, journey_map):
    card = Card.objects.get(journey_map=journey_map)
    edit(owner_client, card, "la mienne")
    card.refresh_from_db()
    edit(collaborator_client, card, "la sienne")

    response = owner_client.post(reverse("maps:undo", args=[journey_map.pk]), **HTMX)

    assert response.status_code == 422
    assert "modifié depuis" in json.loads(response["HX-Trigger"])["parcours:refused"]["message"]
    card.refresh_from_db()
    assert card.text == "la sienne"


def test_undo_is_a_post_and_only_on_a_map_one_may_edit(
    owner_client, marketer_client, outsider_client, journey_map
):
    url = reverse("maps:undo", args=[journey_map.pk])
    assert owner_client.get(url).status_code == 405
    assert outsider_client.post(url, **HTMX).status_code == 404
    assert marketer_client.post(url, **HTMX).status_code == 403


def test_the_map_page_offers_undo_and_redo_to_editors(owner_client, journey_map):
    page = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    assert 'id="undo-button"' in page
    assert 'aria-keyshortcuts="Control+Z"' in page
    assert reverse("maps:redo", args=[journey_map.pk]) in page
