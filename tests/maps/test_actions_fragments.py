"""What every open tab receives when the action plan, or a card it answers, changes."""

import json

import pytest

from maps import fragments, live, services
from maps.models import Action, Card, Lane, LaneKind, Stage


@pytest.fixture
def pain_point(journey_map):
    return Card.objects.create(
        journey_map=journey_map,
        stage=Stage.objects.get(journey_map=journey_map, name="Achat"),
        lane=Lane.objects.get(journey_map=journey_map, kind=LaneKind.PAIN_POINTS),
        text="Minimum carte à 5 €",
    )


@pytest.fixture
def sent(monkeypatch):
    messages = []
    monkeypatch.setattr(live, "send", lambda map_id, message: messages.append(message))
    return messages


def add_action(user, journey_map, **fields):
    data = {"title": "Carte dès 1 €", "impact": 3, "effort": 1, "status": "todo"} | fields
    return services.item_create(user=user, map_id=journey_map.pk, kind_name="action", data=data)


def edit_card(user, card, text):
    card.refresh_from_db()
    return services.item_update(
        user=user,
        map_id=card.journey_map_id,
        kind_name="card",
        item_id=card.pk,
        data={"text": text, "stage": card.stage_id, "lane": card.lane_id, "version": card.version},
    )


def test_a_new_action_reaches_every_tab_as_the_plan_section(
    journey_map, owner, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_action(owner, journey_map, owner="Julie")

    html = json.loads(sent[0]["text"])["html"]
    assert '<section id="action-plan"' in html
    assert 'hx-swap-oob="true"' in html
    assert "Carte dès 1 €" in html and "Julie" in html
    # Rendered once for every tab: no token, nothing of the author's.
    assert "csrfmiddlewaretoken" not in html


def test_an_action_from_a_card_also_redraws_that_card_with_its_badge(
    journey_map, owner, pain_point
):
    event = add_action(owner, journey_map, source_card=pain_point.pk)

    assert fragments.parts_of(event) == {("actions",), ("card", pain_point.pk)}
    html = fragments.render_event(event)
    assert f'id="card-{pain_point.pk}"' in html
    assert "→ action" in html


def test_editing_an_action_leaves_the_cards_alone(journey_map, owner, pain_point):
    add_action(owner, journey_map, source_card=pain_point.pk)
    action = Action.objects.get()

    event = services.item_update(
        user=owner,
        map_id=journey_map.pk,
        kind_name="action",
        item_id=action.pk,
        data={
            "title": "Carte dès 1 €",
            "impact": 3,
            "effort": 1,
            "status": "done",
            "source_card": pain_point.pk,
            "version": 1,
        },
    )

    assert fragments.parts_of(event) == {("actions",)}


def test_deleting_the_last_action_of_a_card_removes_its_badge(journey_map, owner, pain_point):
    add_action(owner, journey_map, source_card=pain_point.pk)

    event = services.item_delete(
        user=owner, map_id=journey_map.pk, kind_name="action", item_id=Action.objects.get().pk
    )

    html = fragments.render_event(event)
    assert f'id="card-{pain_point.pk}"' in html
    assert "→ action" not in html
    assert "Aucune action pour l’instant" in html


def test_rewording_a_card_redraws_the_plan_that_quotes_it(journey_map, owner, pain_point):
    add_action(owner, journey_map, source_card=pain_point.pk)

    html = fragments.render_event(edit_card(owner, pain_point, "Minimum carte à 10 €"))

    assert 'id="action-plan"' in html
    assert html.count("Minimum carte à 10 €") == 2  # the card, and the action quoting it


def test_rewording_a_card_no_action_answers_leaves_the_plan_alone(journey_map, owner, pain_point):
    add_action(owner, journey_map)

    html = fragments.render_event(edit_card(owner, pain_point, "Minimum carte à 10 €"))

    assert 'id="action-plan"' not in html


def test_deleting_a_card_redraws_the_plan_without_its_quote(journey_map, owner, pain_point):
    add_action(owner, journey_map, source_card=pain_point.pk)

    event = services.item_delete(
        user=owner, map_id=journey_map.pk, kind_name="card", item_id=pain_point.pk
    )

    html = fragments.render_event(event)
    assert 'id="action-plan"' in html
    assert "Minimum carte à 5 €" not in html


def test_a_tab_that_missed_actions_catches_up_with_the_plan(journey_map, owner):
    add_action(owner, journey_map, title="Première")
    add_action(owner, journey_map, title="Seconde")

    message = live.catch_up(journey_map, since=0)

    assert message["html"].count('id="action-plan"') == 1
    assert "Première" in message["html"] and "Seconde" in message["html"]


def test_a_tab_that_missed_too_much_gets_the_plan_with_the_whole_map(journey_map, owner):
    add_action(owner, journey_map, title="Première")

    message = live.catch_up(journey_map, since=-1)

    assert 'id="map-grid"' in message["html"]
    assert "Première" in message["html"]
