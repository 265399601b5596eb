"""The inline editing endpoints: create, edit, update, move, delete through HTMX."""

import pytest
from django.urls import reverse

from maps.item_kinds import ITEM_KINDS
from maps.models import Action, Card, JourneyMap, JourneyType, Lane, MapEvent, Stage, Touchpoint
from tests.conftest import HTMX


def card_of(journey_map):
    return Card.objects.filter(journey_map=journey_map).first()


def test_adding_a_card_answers_with_its_cell_out_of_band(owner_client, journey_map):
    stage = Stage.objects.get(journey_map=journey_map, name="Achat")
    lane = Lane.objects.get(journey_map=journey_map, title="Irritants")
    response = owner_client.post(
        reverse("maps:item-create", args=[journey_map.pk, "card"]),
        {"text": "Pas de monnaie", "cause": "money", "stage": stage.pk, "lane": lane.pk},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="cell-{stage.pk}-{lane.pk}"' in html
    assert 'hx-swap-oob="true"' in html
    assert "Pas de monnaie" in html
    assert Card.objects.get(text="Pas de monnaie").cause == "money"


def test_the_edit_form_carries_the_version_it_was_loaded_with(owner_client, journey_map):
    card = card_of(journey_map)
    response = owner_client.get(
        reverse("maps:item-edit", args=[journey_map.pk, "card", card.pk]), **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="card-{card.pk}"' in html
    assert 'name="version" value="1"' in html
    assert "csrfmiddlewaretoken" in html


def test_saving_a_card_swaps_only_that_card(owner_client, journey_map):
    card = card_of(journey_map)
    response = owner_client.post(
        reverse("maps:item-update", args=[journey_map.pk, "card", card.pk]),
        {"text": "Plus de baguette !", "stage": card.stage_id, "lane": card.lane_id, "version": 1},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('hx-swap-oob="true"') == 1
    assert f'id="card-{card.pk}"' in html
    card.refresh_from_db()
    assert card.text == "Plus de baguette !"


def test_a_stale_save_shows_the_current_text_and_keeps_the_draft(
    owner_client, collaborator_client, journey_map
):
    card = card_of(journey_map)
    update = reverse("maps:item-update", args=[journey_map.pk, "card", card.pk])
    base = {"stage": card.stage_id, "lane": card.lane_id, "version": 1}
    owner_client.post(update, {**base, "text": "Texte de la propriétaire"}, **HTMX)

    response = collaborator_client.post(update, {**base, "text": "Mon brouillon"}, **HTMX)

    assert response.status_code == 409
    assert response["HX-Retarget"] == f"#card-{card.pk}"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert "Texte de la propriétaire" in html  # what is saved now
    assert "Mon brouillon" in html  # the draft, still in the form
    assert 'name="version" value="2"' in html
    card.refresh_from_db()
    assert card.text == "Texte de la propriétaire"


def test_an_invalid_save_answers_422_next_to_the_field(owner_client, journey_map):
    card = card_of(journey_map)
    response = owner_client.post(
        reverse("maps:item-update", args=[journey_map.pk, "card", card.pk]),
        {"text": "x" * 50_000, "stage": card.stage_id, "lane": card.lane_id, "version": 1},
        **HTMX,
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#card-{card.pk}"
    assert 'class="errorlist"' in response.content.decode()
    card.refresh_from_db()
    assert card.text == "Pas de pain ce soir !"


def test_an_invalid_new_card_comes_back_in_its_own_form(owner_client, journey_map):
    card = card_of(journey_map)
    form_id = f"new-card-{card.stage_id}-{card.lane_id}"
    response = owner_client.post(
        reverse("maps:item-create", args=[journey_map.pk, "card"]),
        {"text": "  ", "stage": card.stage_id, "lane": card.lane_id, "form_id": form_id},
        **HTMX,
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#{form_id}"
    assert f'id="{form_id}"' in response.content.decode()


def test_html_in_every_field_is_stored_as_text_and_escaped(owner_client, journey_map):
    attack = "<script>alert(1)</script>"
    stage = Stage.objects.filter(journey_map=journey_map).first()
    response = owner_client.post(
        reverse("maps:item-create", args=[journey_map.pk, "touchpoint"]),
        {
            "channel": attack,
            "action": attack,
            "feeling": attack[:60],
            "emotion": "-1",
            "stage": stage.pk,
        },
        **HTMX,
    )
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert Touchpoint.objects.filter(channel=attack).exists()


def test_a_touchpoint_change_redraws_the_curve(owner_client, journey_map):
    touchpoint = Touchpoint.objects.get(journey_map=journey_map)
    response = owner_client.post(
        reverse("maps:item-update", args=[journey_map.pk, "touchpoint", touchpoint.pk]),
        {
            "channel": "Bus",
            "emotion": "-2",
            "feeling": "agacée",
            "stage": touchpoint.stage_id,
            "version": 1,
        },
        **HTMX,
    )
    html = response.content.decode()
    assert 'id="emotion-curve"' in html
    assert "agacée" in html
    assert 'class="curve-point tone-negative"' in html


def test_deleting_a_stage_with_content_asks_first(owner_client, journey_map):
    stage = Stage.objects.get(journey_map=journey_map, name="Besoin")
    delete = reverse("maps:item-delete", args=[journey_map.pk, "stage", stage.pk])

    response = owner_client.post(delete, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#stage-{stage.pk}"
    assert "confirmed" in response.content.decode()
    assert Stage.objects.filter(pk=stage.pk).exists()

    response = owner_client.post(delete, {"confirmed": "1"}, **HTMX)
    assert 'id="map-grid"' in response.content.decode()
    assert not Stage.objects.filter(pk=stage.pk).exists()


def test_moving_a_card_between_stages_redraws_both_cells(owner_client, journey_map):
    card = card_of(journey_map)
    other = Stage.objects.get(journey_map=journey_map, name="Achat")
    response = owner_client.post(
        reverse("maps:item-update", args=[journey_map.pk, "card", card.pk]),
        {"text": card.text, "stage": other.pk, "lane": card.lane_id, "version": 1},
        **HTMX,
    )
    html = response.content.decode()
    assert f'id="cell-{card.stage_id}-{card.lane_id}"' in html
    assert f'id="cell-{other.pk}-{card.lane_id}"' in html


def test_move_buttons_reorder_lanes(owner_client, journey_map):
    thoughts = Lane.objects.get(journey_map=journey_map, title="Pensées")
    response = owner_client.post(
        reverse("maps:item-move", args=[journey_map.pk, "lane", thoughts.pk]),
        {"direction": "next"},
        **HTMX,
    )
    assert response.status_code == 200
    titles = list(
        Lane.objects.filter(journey_map=journey_map)
        .order_by("position")
        .values_list("title", flat=True)
    )
    assert titles == ["Irritants", "Pensées"]


def test_cancel_puts_the_item_back(owner_client, journey_map):
    card = card_of(journey_map)
    response = owner_client.get(
        reverse("maps:item-show", args=[journey_map.pk, "card", card.pk]), **HTMX
    )
    html = response.content.decode()
    assert f'id="card-{card.pk}"' in html
    assert "hx-swap-oob" not in html


@pytest.mark.parametrize("kind", ["stage", "touchpoint", "lane", "card", "action"])
def test_cancel_puts_back_every_kind_of_item(owner_client, journey_map, kind):
    Action.objects.create(journey_map=journey_map, title="Ouvrir plus tôt", position=0)
    item = ITEM_KINDS[kind].model.objects.filter(journey_map=journey_map).first()
    response = owner_client.get(
        reverse("maps:item-show", args=[journey_map.pk, kind, item.pk]), **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="{kind}-{item.pk}"' in html
    assert "hx-swap-oob" not in html


def test_each_kind_describes_its_item_in_one_line(journey_map):
    touchpoint = Touchpoint.objects.get(journey_map=journey_map)
    card = card_of(journey_map)
    card.figure = "3 sur 10"
    action = Action(title="Ouvrir plus tôt", owner="Julie", status="doing")
    assert ITEM_KINDS["touchpoint"].describe(touchpoint) == "Bus — Descend du bus (0 pressée)"
    assert ITEM_KINDS["card"].describe(card) == "3 sur 10 — Pas de pain ce soir !"
    assert ITEM_KINDS["action"].describe(action) == (
        f"Ouvrir plus tôt — Julie, {action.get_status_display()}"
    )
    stage = Stage.objects.filter(journey_map=journey_map).first()
    assert ITEM_KINDS["stage"].describe(stage) == str(stage)


def test_ids_of_another_map_are_404(owner_client, journey_map, workspace):
    other = JourneyMap.objects.create(
        workspace=workspace, title="Autre", journey_type=JourneyType.objects.first()
    )
    card = card_of(journey_map)
    for name in ["item-edit", "item-show"]:
        url = reverse(f"maps:{name}", args=[other.pk, "card", card.pk])
        assert owner_client.get(url, **HTMX).status_code == 404
    url = reverse("maps:item-delete", args=[other.pk, "card", card.pk])
    assert owner_client.post(url, **HTMX).status_code == 404
    assert Card.objects.filter(pk=card.pk).exists()


def test_unknown_ids_are_404(owner_client, journey_map):
    assert (
        owner_client.post(
            reverse("maps:item-update", args=[journey_map.pk, "card", 999999]),
            {"text": "x"},
            **HTMX,
        ).status_code
        == 404
    )
    assert (
        owner_client.post(
            reverse("maps:item-move", args=[journey_map.pk, "stage", 999999]), **HTMX
        ).status_code
        == 404
    )


def test_outsiders_cannot_edit_or_even_see(outsider_client, journey_map):
    card = card_of(journey_map)
    assert (
        outsider_client.get(
            reverse("maps:item-edit", args=[journey_map.pk, "card", card.pk]), **HTMX
        ).status_code
        == 404
    )
    assert (
        outsider_client.post(
            reverse("maps:item-update", args=[journey_map.pk, "card", card.pk]),
            {"text": "pirate", "version": 1},
            **HTMX,
        ).status_code
        == 404
    )
    card.refresh_from_db()
    assert card.text == "Pas de pain ce soir !"


def test_marketers_are_refused_edits(marketer_client, journey_map):
    card = card_of(journey_map)
    assert (
        marketer_client.get(
            reverse("maps:item-edit", args=[journey_map.pk, "card", card.pk]), **HTMX
        ).status_code
        == 403
    )
    assert (
        marketer_client.post(
            reverse("maps:item-delete", args=[journey_map.pk, "card", card.pk]), **HTMX
        ).status_code
        == 403
    )
    assert not MapEvent.objects.exists()


def test_writes_need_post(owner_client, journey_map):
    card = card_of(journey_map)
    url = reverse("maps:item-delete", args=[journey_map.pk, "card", card.pk])
    assert owner_client.get(url).status_code == 405


def test_without_htmx_a_write_returns_to_the_map(owner_client, journey_map):
    card = card_of(journey_map)
    response = owner_client.post(
        reverse("maps:item-update", args=[journey_map.pk, "card", card.pk]),
        {"text": "Sans JavaScript", "stage": card.stage_id, "lane": card.lane_id, "version": 1},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("maps:detail", args=[journey_map.pk])


def test_writes_require_the_csrf_token(owner, journey_map):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    stage = Stage.objects.filter(journey_map=journey_map).first()
    response = client.post(
        reverse("maps:item-update", args=[journey_map.pk, "stage", stage.pk]),
        {"name": "Sans jeton", "version": 1},
        **HTMX,
    )
    assert response.status_code == 403
    stage.refresh_from_db()
    assert stage.name == "Besoin"
