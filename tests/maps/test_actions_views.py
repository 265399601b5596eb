"""The action plan's views: the section of the map, the plan page, "turn into an action"."""

import pytest
from django.urls import reverse

from maps.models import Action, Card, Lane, LaneKind, Stage
from tests.conftest import HTMX, client_for

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def pain_point(journey_map):
    return Card.objects.create(
        journey_map=journey_map,
        stage=Stage.objects.get(journey_map=journey_map, name="Achat"),
        lane=Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS),
        text="File d'attente de dix minutes",
    )


def action(journey_map, title, **fields):
    return Action.objects.create(journey_map=journey_map, title=title, **fields)


def create_url(journey_map):
    return reverse("maps:item-create", args=[journey_map.pk, "action"])


def new_data(**fields):
    return {"title": "Ouvrir une deuxième caisse", "impact": 3, "effort": 2, "status": "todo"} | (
        fields
    )


def test_adding_an_action_redraws_the_plan_section_out_of_band(owner_client, journey_map):
    response = owner_client.post(create_url(journey_map), new_data(owner="Julie"), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="action-plan"' in html
    assert 'hx-swap-oob="true"' in html
    assert "Ouvrir une deuxième caisse" in html
    assert "Julie" in html
    assert Action.objects.get().owner == "Julie"


def test_an_action_from_a_card_marks_the_card_and_quotes_it(owner_client, journey_map, pain_point):
    response = owner_client.post(
        create_url(journey_map), new_data(source_card=pain_point.pk), **HTMX
    )

    html = response.content.decode()
    assert f'id="card-{pain_point.pk}"' in html  # the card's badge
    assert "→ action" in html
    assert "File d&#x27;attente de dix minutes" in html  # quoted by the action


def test_an_invalid_action_comes_back_where_it_was_typed(owner_client, journey_map):
    response = owner_client.post(
        create_url(journey_map), new_data(title="", owner="Julie", form_id="new-action"), **HTMX
    )

    assert response.status_code == 422
    assert response["HX-Retarget"] == "#new-action"
    assert 'value="Julie"' in response.content.decode()
    assert not Action.objects.exists()


def test_a_card_of_another_map_is_refused_with_a_message(owner_client, journey_map, pain_point):
    from maps.models import JourneyMap

    other = JourneyMap.objects.create(
        workspace=journey_map.workspace, title="Autre", journey_type=journey_map.journey_type
    )
    response = owner_client.post(create_url(other), new_data(source_card=pain_point.pk), **HTMX)

    assert response.status_code == 422
    assert "Ce post-it n’est pas sur cette carte" in response.content.decode()
    assert not Action.objects.exists()


def test_the_edit_form_carries_the_version_and_the_card_it_answers(
    owner_client, journey_map, pain_point
):
    item = action(journey_map, "Deuxième caisse", source_card=pain_point)

    response = owner_client.get(
        reverse("maps:item-edit", args=[journey_map.pk, "action", item.pk]), **HTMX
    )

    html = response.content.decode()
    assert f'id="action-{item.pk}"' in html
    assert 'name="version" value="1"' in html
    assert f'name="source_card" value="{pain_point.pk}"' in html


def test_turning_a_card_into_an_action_opens_the_form_prefilled(
    owner_client, journey_map, pain_point
):
    response = owner_client.get(
        reverse("maps:action-new", args=[journey_map.pk]) + f"?card={pain_point.pk}", **HTMX
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="add-action"' in html and " open" in html
    assert 'value="File d&#x27;attente de dix minutes"' in html
    assert f'name="source_card" value="{pain_point.pk}"' in html
    assert "csrfmiddlewaretoken" in html


def test_a_card_of_another_map_does_not_prefill_the_form(
    owner_client, journey_map, pain_point, workspace
):
    from maps.models import JourneyMap

    other = JourneyMap.objects.create(
        workspace=workspace, title="Autre", journey_type=journey_map.journey_type
    )
    response = owner_client.get(
        reverse("maps:action-new", args=[other.pk]) + f"?card={pain_point.pk}", **HTMX
    )

    assert response.status_code == 200
    assert "File d" not in response.content.decode()


def test_without_htmx_the_new_action_form_is_a_page_of_its_own(
    owner_client, journey_map, pain_point
):
    response = owner_client.get(
        reverse("maps:action-new", args=[journey_map.pk]) + f"?card={pain_point.pk}"
    )

    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert 'value="File d&#x27;attente de dix minutes"' in response.content.decode()


def test_pain_points_and_opportunities_offer_to_become_actions_thoughts_do_not(
    owner_client, journey_map, pain_point
):
    thought = Card.objects.get(journey_map=journey_map, lane__kind=LaneKind.THOUGHTS)

    html = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()

    new_url = reverse("maps:action-new", args=[journey_map.pk])
    assert f"{new_url}?card={pain_point.pk}" in html
    assert f"{new_url}?card={thought.pk}" not in html


def test_the_map_page_shows_an_empty_plan_that_says_what_it_is_for(owner_client, journey_map):
    html = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()

    assert 'id="action-plan"' in html
    assert "Aucune action pour l’instant" in html
    assert 'id="new-action"' in html


def test_the_plan_page_lists_actions_by_priority(marketer_client, journey_map):
    action(journey_map, "Gros chantier", impact=3, effort=3)
    action(journey_map, "Victoire rapide", impact=3, effort=1)
    action(journey_map, "Peu utile", impact=1, effort=2)

    response = marketer_client.get(reverse("maps:actions", args=[journey_map.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(title) for title in ("Victoire rapide", "Gros chantier", "Peu utile")]
    assert positions == sorted(positions)


def test_the_plan_page_without_actions_points_to_the_map(owner_client, journey_map):
    response = owner_client.get(reverse("maps:actions", args=[journey_map.pk]))

    html = response.content.decode()
    assert "Aucune action pour l’instant" in html
    assert f"{reverse('maps:detail', args=[journey_map.pk])}#action-plan" in html


def test_hostile_text_is_escaped_on_the_map_and_on_the_plan_page(
    owner_client, journey_map, pain_point
):
    pain_point.text = HOSTILE
    pain_point.save()
    action(journey_map, HOSTILE, owner=HOSTILE, description=HOSTILE, source_card=pain_point)

    for url in (
        reverse("maps:detail", args=[journey_map.pk]),
        reverse("maps:actions", args=[journey_map.pk]),
    ):
        html = owner_client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert" in html


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("marketer", 403), ("outsider", 404), ("guest", 200)],
)
def test_who_may_add_an_action(request, journey_map, who, status):
    client = client_for(request.getfixturevalue(who))

    response = client.post(create_url(journey_map), new_data(), **HTMX)

    assert response.status_code == status
    assert Action.objects.exists() == (status == 200)


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("marketer", 200), ("outsider", 404), ("guest", 200)],
)
def test_who_may_read_the_plan_page(request, journey_map, who, status):
    client = client_for(request.getfixturevalue(who))

    assert client.get(reverse("maps:actions", args=[journey_map.pk])).status_code == status


def test_a_guest_cannot_edit_the_plan_once_the_workshop_has_ended(
    guest_client, journey_map, workshop, owner
):
    from maps.workshops import workshop_end

    item = action(journey_map, "Deuxième caisse")
    workshop_end(user=owner, map_id=journey_map.pk)

    edit = guest_client.get(reverse("maps:item-edit", args=[journey_map.pk, "action", item.pk]))
    page = guest_client.get(reverse("maps:actions", args=[journey_map.pk]))

    assert edit.status_code == 403
    assert page.status_code == 200


def test_cancelling_an_edit_puts_the_action_back_as_displayed(
    owner_client, journey_map, pain_point
):
    item = action(journey_map, "Deuxième caisse", owner="Julie", source_card=pain_point)

    response = owner_client.get(
        reverse("maps:item-show", args=[journey_map.pk, "action", item.pk]), **HTMX
    )

    html = response.content.decode()
    assert f'<article id="action-{item.pk}"' in html
    assert "hx-swap-oob" not in html
    assert "Julie" in html and "File d&#x27;attente" in html


def test_a_card_with_an_action_keeps_its_badge_after_a_cancelled_edit(
    owner_client, journey_map, pain_point
):
    action(journey_map, "Deuxième caisse", source_card=pain_point)

    response = owner_client.get(
        reverse("maps:item-show", args=[journey_map.pk, "card", pain_point.pk]), **HTMX
    )

    assert "→ action" in response.content.decode()


def test_an_overdue_action_says_so_until_it_is_done(owner_client, journey_map):
    action(journey_map, "En retard", due_date="2020-01-01")
    action(journey_map, "Faite", due_date="2020-01-01", status="done")

    html = owner_client.get(reverse("maps:actions", args=[journey_map.pk])).content.decode()

    assert html.count("badge-overdue") == 1


def test_a_stale_save_of_an_action_shows_what_is_saved_and_keeps_the_draft(
    owner_client, collaborator_client, journey_map
):
    item = action(journey_map, "Deuxième caisse")
    update = reverse("maps:item-update", args=[journey_map.pk, "action", item.pk])
    base = {"title": "Deuxième caisse", "impact": 2, "effort": 2, "version": 1}
    owner_client.post(update, {**base, "owner": "Julie", "status": "doing"}, **HTMX)

    response = collaborator_client.post(update, {**base, "owner": "Marc", "status": "todo"}, **HTMX)

    assert response.status_code == 409
    assert response["HX-Retarget"] == f"#action-{item.pk}"
    html = response.content.decode()
    assert "Deuxième caisse — Julie, En cours" in html
    assert 'value="Marc"' in html
    item.refresh_from_db()
    assert item.owner == "Julie"


def test_readers_are_not_told_to_add_actions_they_cannot_add(marketer_client, journey_map):
    html = marketer_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()

    # Hidden with the other edit controls: the page is read-only for them.
    assert 'class="map-page read-only"' in html
    assert '<span class="edit-control">Ajoutez-en une ici' in html
