"""The history page: what it lists, its filters and pages, and undoing one change from it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maps import history, services
from maps.models import Card, JourneyMap, JourneyType, MapEvent, Stage

pytestmark = pytest.mark.django_db


def url(journey_map, **query) -> str:
    base = reverse("maps:history", args=[journey_map.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def edit_card(journey_map, user, text: str) -> MapEvent:
    card = Card.objects.get(journey_map=journey_map)
    return services.item_update(
        user=user,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data={"text": text, "stage": card.stage_id, "lane": card.lane_id, "version": card.version},
    )


def lines(response) -> list[history.Line]:
    return response.context["page"].lines


def test_changes_read_newest_first_with_who_when_and_their_kind(journey_map, owner, owner_client):
    edit_card(journey_map, owner, "Plus de pain")
    stage = Stage.objects.get(journey_map=journey_map, name="Achat")
    services.item_delete(user=owner, map_id=journey_map.pk, kind_name="stage", item_id=stage.pk)
    response = in_english(owner_client).get(url(journey_map))
    assert response.status_code == 200
    assert [line.text for line in lines(response)] == [
        "deleted the stage “Achat”",
        "rewrote the card “Pas de pain ce soir !” as “Plus de pain”",
    ]
    html = response.content.decode()
    assert [line.event.actor_name for line in lines(response)] == ["owner", "owner"]
    deleted = MapEvent.objects.get(journey_map=journey_map, kind="stage.deleted")
    assert f'<time datetime="{timezone.localtime(deleted.created_at).isoformat()}"' in html
    assert "Structure" in html and "Content" in html


def test_user_text_in_a_sentence_is_escaped(journey_map, owner, owner_client):
    edit_card(journey_map, owner, "<script>alert('x')</script>")
    html = owner_client.get(url(journey_map)).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert" not in html


def test_each_line_names_the_workshop_it_happened_in(journey_map, owner, owner_client):
    edit_card(journey_map, owner, "Avant l'atelier")
    from maps.workshops import workshop_end, workshop_start

    workshop = workshop_start(user=owner, map_id=journey_map.pk)
    edit_card(journey_map, owner, "Pendant l'atelier")
    workshop_end(user=owner, map_id=journey_map.pk)
    edit_card(journey_map, owner, "Après l'atelier")
    response = in_english(owner_client).get(url(journey_map))
    label = history.event_text.workshop_label(workshop.started_at)
    assert [line.workshop for line in lines(response)] == ["", label, label, label, ""]


# Filters -------------------------------------------------------------------------


@pytest.fixture
def busy_map(journey_map, owner, collaborator, workshop):
    """Changes by two people, of three kinds, on two days."""
    edit_card(journey_map, owner, "Par la propriétaire")
    edit_card(journey_map, collaborator, "Par le collègue")
    services.item_create(
        user=collaborator,
        map_id=journey_map.pk,
        kind_name="stage",
        data={"name": "Livraison"},
    )
    last_week = timezone.now() - timedelta(days=7)
    MapEvent.objects.filter(journey_map=journey_map, kind="workshop.started").update(
        created_at=last_week
    )
    return journey_map


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ({"person": "collaborator"}, ["stage.created", "card.updated"]),
        ({"kind": "content"}, ["card.updated", "card.updated"]),
        ({"kind": "facilitation"}, ["workshop.started"]),
        ({"person": "owner", "kind": "structure"}, []),
        ({"to": (timezone.now() - timedelta(days=6)).date().isoformat()}, ["workshop.started"]),
        (
            {"from": (timezone.now() - timedelta(days=1)).date().isoformat()},
            ["stage.created", "card.updated", "card.updated"],
        ),
        ({"kind": "nonsense", "from": "yesterday"}, None),  # ignored: everything
    ],
)
def test_filters_narrow_the_history(busy_map, owner_client, query, kinds):
    response = owner_client.get(url(busy_map, **query))
    assert response.status_code == 200
    shown = [line.event.kind for line in lines(response)]
    if kinds is None:
        assert len(shown) == 4
    else:
        assert shown == kinds


def test_the_person_filter_offers_everyone_named_in_the_history(busy_map, owner_client):
    response = owner_client.get(url(busy_map))
    assert response.context["people"] == ["collaborator", "owner"]


# Empty states ----------------------------------------------------------------------


def test_a_map_without_changes_says_so(journey_map, owner_client):
    html = in_english(owner_client).get(url(journey_map)).content.decode()
    assert "Nothing has changed yet." in html
    assert "Clear the filters" not in html


def test_filters_that_match_nothing_offer_to_clear_them(busy_map, owner_client):
    html = in_english(owner_client).get(url(busy_map, person="nobody")).content.decode()
    assert "No change matches these filters." in html
    assert f'href="{url(busy_map)}">Clear the filters' in html


# Pages -----------------------------------------------------------------------------


def fill(journey_map: JourneyMap, count: int, actor) -> None:
    """``count`` events of a realistic mix, as fast as the database takes them."""
    card = Card.objects.get(journey_map=journey_map)
    stage = journey_map.stages.first()
    start = journey_map.revision
    payloads = [
        (
            "card.updated",
            {
                "id": card.pk,
                "stage_id": stage.pk,
                "lane_id": card.lane_id,
                "text": "B",
                "before": {"text": "A"},
            },
        ),
        (
            "card.moved",
            {
                "id": card.pk,
                "stage_id": stage.pk,
                "lane_id": card.lane_id,
                "order": [card.pk],
                "before_order": [card.pk],
            },
        ),
        ("stage.deleted", {"id": 999, "name": "Livraison", "content": 4}),
        ("vote.cast", {"round": 1}),
        ("card.created", {"id": card.pk, "stage_id": stage.pk, "text": "C"}),
    ]
    MapEvent.objects.bulk_create(
        MapEvent(
            journey_map=journey_map,
            revision=start + n + 1,
            kind=payloads[n % len(payloads)][0],
            payload=payloads[n % len(payloads)][1],
            actor=actor,
            actor_name=actor.username,
            # Every fifth event is an undo of the one before it.
            reverts=start + n if n % len(payloads) == 4 else None,
        )
        for n in range(count)
    )
    JourneyMap.objects.filter(pk=journey_map.pk).update(revision=start + count)
    journey_map.refresh_from_db()


def test_pages_of_fifty_go_back_and_forth(journey_map, owner, owner_client):
    fill(journey_map, 120, owner)
    first = owner_client.get(url(journey_map))
    revisions = [line.event.revision for line in lines(first)]
    assert revisions == list(range(120, 70, -1))
    page = first.context["page"]
    assert page.newer is None and page.older == 71
    second = owner_client.get(url(journey_map, before=page.older))
    assert [line.event.revision for line in lines(second)] == list(range(70, 20, -1))
    third = owner_client.get(url(journey_map, before=second.context["page"].older))
    assert [line.event.revision for line in lines(third)] == list(range(20, 0, -1))
    assert third.context["page"].older is None
    back = owner_client.get(url(journey_map, after=third.context["page"].newer))
    assert [line.event.revision for line in lines(back)] == list(range(70, 20, -1))
    assert back.context["page"].newer == 70


def test_paging_keeps_the_filters(journey_map, owner, owner_client):
    fill(journey_map, 300, owner)
    response = owner_client.get(url(journey_map, kind="votes"))
    older = response.context["page"].older
    assert f"?kind=votes&amp;before={older}" in response.content.decode()


def test_the_page_costs_the_same_queries_for_a_small_and_a_big_map(
    journey_map, owner, owner_client, workspace, django_assert_num_queries
):
    fill(journey_map, 60, owner)
    with CaptureQueriesContext(connection) as small:
        assert owner_client.get(url(journey_map)).status_code == 200
    big = JourneyMap.objects.create(
        workspace=workspace,
        title="Grande carte",
        journey_type=JourneyType.objects.get(slug="integration"),
        created_by=owner,
    )
    for other in journey_map.stages.all():
        Stage.objects.create(journey_map=big, name=other.name, position=other.position)
    card = Card.objects.get(journey_map=journey_map)
    lane = journey_map.lanes.first()
    lane.pk = None
    lane.journey_map = big
    lane.save()
    Card.objects.create(journey_map=big, stage=big.stages.first(), lane=lane, text=card.text)
    fill(big, 3000, owner)
    with django_assert_num_queries(len(small)):
        assert owner_client.get(url(big)).status_code == 200
    with django_assert_num_queries(len(small)):
        assert owner_client.get(url(big, before=1500, kind="content")).status_code == 200
    # Nothing to name on this page (no move, no undo): the same queries still.
    with django_assert_num_queries(len(small)):
        assert owner_client.get(url(big, kind="votes")).status_code == 200


# Undo ------------------------------------------------------------------------------


def test_a_facilitator_gets_an_undo_button_on_changes_that_can_be_undone(
    journey_map, owner, owner_client, marketer_client, workshop
):
    event = edit_card(journey_map, owner, "Plus de pain")
    html = owner_client.get(url(journey_map)).content.decode()
    undo_url = reverse("maps:undo-event", args=[journey_map.pk, event.revision])
    assert f'action="{undo_url}"' in html
    # Starting a workshop is not undone: no button on its line.
    assert html.count('class="history-undo"') == 2 and html.count("history-undo-button") == 1
    assert undo_url not in marketer_client.get(url(journey_map)).content.decode()


def test_an_undo_goes_back_to_the_history_with_its_filters_and_says_what_happened(
    journey_map, owner, owner_client
):
    event = edit_card(journey_map, owner, "Plus de pain")
    journey_map.refresh_from_db()
    revision = journey_map.revision
    back = url(journey_map, kind="content", person="owner")
    response = owner_client.post(
        reverse("maps:undo-event", args=[journey_map.pk, event.revision]), {"next": back}
    )
    assert response.status_code == 302
    assert response["Location"] == back
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(said) == 1 and said[0].startswith("Annulé : ")
    journey_map.refresh_from_db()
    assert journey_map.revision == revision + 1
    assert MapEvent.objects.get(journey_map=journey_map, revision=revision + 1).reverts == (
        event.revision
    )
    assert Card.objects.get(journey_map=journey_map).text == "Pas de pain ce soir !"


def test_a_refused_undo_changes_nothing_and_says_why(
    journey_map, owner, collaborator, owner_client
):
    event = edit_card(journey_map, collaborator, "Plus de pain")
    edit_card(journey_map, owner, "Plus de pain du tout")
    journey_map.refresh_from_db()
    revision = journey_map.revision

    response = owner_client.post(reverse("maps:undo-event", args=[journey_map.pk, event.revision]))

    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["Cet élément a été modifié depuis : annulez d’abord cette modification-là."]
    journey_map.refresh_from_db()
    assert journey_map.revision == revision
    assert Card.objects.get(journey_map=journey_map).text == "Plus de pain du tout"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/maps/1/history/", "/maps/999/history/", "", "/\\x"],
)
def test_an_undo_never_sends_anywhere_but_this_maps_history(
    journey_map, owner, owner_client, next_url
):
    event = edit_card(journey_map, owner, "Plus de pain")
    response = owner_client.post(
        reverse("maps:undo-event", args=[journey_map.pk, event.revision]), {"next": next_url}
    )
    assert response["Location"] == url(journey_map)


def test_undo_is_a_post(journey_map, owner, owner_client):
    event = edit_card(journey_map, owner, "Plus de pain")
    response = owner_client.get(reverse("maps:undo-event", args=[journey_map.pk, event.revision]))
    assert response.status_code == 405


def test_the_map_page_links_to_its_history(journey_map, owner_client):
    html = owner_client.get(reverse("maps:detail", args=[journey_map.pk])).content.decode()
    assert f'href="{url(journey_map)}"' in html
