"""The trash: deleted items wait there with what they held, and come back where they were."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from maps import services, trash, workshops
from maps.models import (
    TRASH_DAYS,
    Action,
    Card,
    JourneyMap,
    Lane,
    MapEvent,
    Round,
    RoundKind,
    Stage,
    Touchpoint,
    TrashedItem,
    Vote,
)
from tests.conftest import HTMX


@pytest.fixture
def full_stage(journey_map, owner, guest):
    """« Achat », between « Besoin » and « Fidélité »: two touchpoints, three cards in two
    lanes, votes on a card and a touchpoint, and an action answering one of its cards."""
    _need, buy = journey_map.stages.order_by("position")
    Stage.objects.create(journey_map=journey_map, name="Fidélité", position=2)
    thoughts, pains = journey_map.lanes.order_by("position")
    queue = Touchpoint.objects.create(
        journey_map=journey_map, stage=buy, channel="Boutique", action="Fait la queue", position=0
    )
    Touchpoint.objects.create(
        journey_map=journey_map, stage=buy, channel="Caisse", action="Paie", position=1
    )
    waiting = Card.objects.create(
        journey_map=journey_map, stage=buy, lane=pains, text="La file est longue", position=0
    )
    Card.objects.create(
        journey_map=journey_map, stage=buy, lane=pains, text="Pas de monnaie", position=1
    )
    Card.objects.create(
        journey_map=journey_map, stage=buy, lane=thoughts, text="Ça sent bon", position=0
    )
    closed = timezone.now()
    dots = Round.objects.create(
        journey_map=journey_map,
        kind=RoundKind.DOTS,
        lane_kinds=["pain_points"],
        dots_each=3,
        closed_at=closed,
    )
    scores = Round.objects.create(journey_map=journey_map, kind=RoundKind.EMOTION, closed_at=closed)
    Vote.objects.create(round=dots, voter=guest, card=waiting, value=2)
    Vote.objects.create(round=scores, voter=owner, touchpoint=queue, value=-1)
    action = Action.objects.create(
        journey_map=journey_map, title="Ouvrir une seconde caisse", source_card=waiting
    )
    return buy, action


def contents(journey_map):
    """Everything a stage holds, as ids and places: what must come back the same."""
    return {
        "stages": list(journey_map.stages.order_by("position").values_list("pk", "name")),
        "touchpoints": sorted(
            Touchpoint.objects.filter(journey_map=journey_map).values_list(
                "pk", "stage_id", "position", "channel"
            )
        ),
        "cards": sorted(
            Card.objects.filter(journey_map=journey_map).values_list(
                "pk", "stage_id", "lane_id", "position", "text"
            )
        ),
        "votes": sorted(
            Vote.objects.filter(round__journey_map=journey_map).values_list(
                "round_id", "voter_id", "card_id", "touchpoint_id", "value"
            ),
            key=str,
        ),
        "answers": list(
            Action.objects.filter(journey_map=journey_map).values_list("pk", "source_card_id")
        ),
    }


def delete(user, journey_map, kind, item):
    return services.item_delete(
        user=user, map_id=journey_map.pk, kind_name=kind, item_id=item.pk, confirmed=True
    )


def entry_of(event) -> TrashedItem:
    return TrashedItem.objects.get(pk=event.payload["trash"])


# The service --------------------------------------------------------------------


def test_a_stage_comes_back_where_it_was_with_everything_it_held(
    journey_map, owner, collaborator, full_stage
):
    stage, action = full_stage
    before = contents(journey_map)
    event = delete(owner, journey_map, "stage", stage)
    assert event.payload["content"] == 5  # two touchpoints, three cards
    assert not Vote.objects.filter(card__isnull=False).exists()
    assert Action.objects.get(pk=action.pk).source_card_id is None  # the action stays

    restored = services.trash_restore(
        user=collaborator, map_id=journey_map.pk, trash_id=event.payload["trash"]
    )
    assert restored.kind == "stage.restored"
    assert restored.payload["id"] == stage.pk and restored.payload["content"] == 5
    assert contents(journey_map) == before
    assert not TrashedItem.objects.exists()


def test_a_card_comes_back_in_its_cell_between_its_neighbours(journey_map, owner, full_stage):
    stage, _action = full_stage
    first, second = Card.objects.filter(stage=stage, lane__kind="pain_points").order_by("position")
    Card.objects.create(
        journey_map=journey_map, stage=stage, lane=first.lane, text="Trop de choix", position=2
    )
    event = delete(owner, journey_map, "card", second)
    services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=event.payload["trash"])
    texts = list(
        Card.objects.filter(stage=stage, lane=first.lane)
        .order_by("position")
        .values_list("text", flat=True)
    )
    assert texts == ["La file est longue", "Pas de monnaie", "Trop de choix"]


def test_a_restored_item_whose_neighbours_are_gone_goes_last(journey_map, owner):
    need, buy = journey_map.stages.order_by("position")
    event = delete(owner, journey_map, "stage", need)
    delete(owner, journey_map, "stage", buy)
    last = Stage.objects.create(journey_map=journey_map, name="Après", position=0)
    services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=event.payload["trash"])
    assert list(journey_map.stages.order_by("position")) == [last, need]


def test_restoring_a_card_whose_lane_is_gone_is_refused(journey_map, owner):
    card = Card.objects.get(journey_map=journey_map)
    event = delete(owner, journey_map, "card", card)
    delete(owner, journey_map, "lane", card.lane)
    with pytest.raises(trash.RestoreRefused) as refused:
        services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=event.payload["trash"])
    assert "restaurez d’abord la ligne" in refused.value.message
    assert TrashedItem.objects.filter(pk=event.payload["trash"]).exists()


def test_restoring_into_a_full_map_is_refused(journey_map, owner, full_stage, settings):
    stage, _action = full_stage
    event = delete(owner, journey_map, "stage", stage)
    settings.PARCOURS_MAX_CARDS = 2  # the map holds one card; the stage brings three
    with pytest.raises(trash.RestoreRefused) as refused:
        services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=event.payload["trash"])
    assert "le maximum pour une carte" in refused.value.message
    assert not Stage.objects.filter(pk=stage.pk).exists()


def test_what_is_not_in_this_maps_trash_is_not_found(journey_map, owner, workspace):
    other = JourneyMap.objects.create(
        workspace=workspace, title="Autre", journey_type_id=journey_map.journey_type_id
    )
    elsewhere = Stage.objects.create(journey_map=other, name="Ailleurs", position=0)
    event = delete(owner, other, "stage", elsewhere)
    with pytest.raises(Http404):
        services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=event.payload["trash"])
    with pytest.raises(Http404):
        services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=999999)


def test_restoring_takes_the_right_to_edit_the_map(journey_map, owner, marketer):
    event = delete(owner, journey_map, "card", Card.objects.get(journey_map=journey_map))
    with pytest.raises(PermissionDenied):
        services.trash_restore(
            user=marketer, map_id=journey_map.pk, trash_id=event.payload["trash"]
        )


def test_a_draft_restores_the_item_with_the_persons_text(journey_map, owner, guest):
    card = Card.objects.get(journey_map=journey_map)
    event = delete(owner, journey_map, "card", card)
    draft = {"text": "Mon texte gardé", "stage": card.stage_id, "lane": card.lane_id, "version": 1}
    restored = services.trash_restore(
        user=guest, map_id=journey_map.pk, trash_id=event.payload["trash"], draft=draft
    )
    card.refresh_from_db()
    assert card.text == "Mon texte gardé" and restored.payload["text"] == "Mon texte gardé"


def test_only_facilitators_empty_the_trash(journey_map, owner, guest, marketer):
    delete(owner, journey_map, "card", Card.objects.get(journey_map=journey_map))
    for user in (guest, marketer):
        with pytest.raises(PermissionDenied):
            services.trash_empty(user=user, map_id=journey_map.pk)
    event = services.trash_empty(user=owner, map_id=journey_map.pk)
    assert event.kind == "trash.emptied" and event.payload == {"count": 1}
    assert not TrashedItem.objects.exists()


def age(entry: TrashedItem, days: float) -> None:
    TrashedItem.objects.filter(pk=entry.pk).update(deleted_at=timezone.now() - timedelta(days=days))


def test_what_is_older_than_thirty_days_is_pruned(journey_map, owner):
    need, buy = journey_map.stages.order_by("position")
    old = entry_of(delete(owner, journey_map, "stage", need))
    recent = entry_of(delete(owner, journey_map, "stage", buy))
    age(old, TRASH_DAYS + 1)
    age(recent, TRASH_DAYS - 1)
    assert list(trash.in_trash(journey_map)) == [recent]
    out = StringIO()
    call_command("prune_trash", stdout=out)
    assert "1 deleted item(s) forgotten." in out.getvalue()
    assert list(TrashedItem.objects.all()) == [recent]
    with pytest.raises(Http404):
        services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=old.pk)


def test_the_trash_is_pruned_beside_the_guests_when_a_workshop_ends(
    journey_map, owner, workshop, django_capture_on_commit_callbacks
):
    old = entry_of(delete(owner, journey_map, "card", Card.objects.get(journey_map=journey_map)))
    age(old, TRASH_DAYS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        workshops.workshop_end(user=owner, map_id=journey_map.pk)
    assert not TrashedItem.objects.exists()


# The views --------------------------------------------------------------------


def test_the_trash_page_lists_what_was_deleted_by_whom_and_until_when(
    owner_client, journey_map, owner, full_stage
):
    stage, _action = full_stage
    delete(owner, journey_map, "stage", stage)
    page = owner_client.get(reverse("maps:trash", args=[journey_map.pk])).content.decode()
    assert "Achat" in page
    assert "et ses 5 éléments" in page
    assert "Supprimé par owner" in page
    assert "restaurable jusqu’au" in page
    assert reverse("maps:trash-restore", args=[journey_map.pk, TrashedItem.objects.get().pk]) in (
        page
    )
    assert reverse("maps:trash-empty", args=[journey_map.pk]) in page


def test_an_empty_trash_says_so(owner_client, journey_map):
    page = owner_client.get(reverse("maps:trash", args=[journey_map.pk]), **HTMX)
    html = page.content.decode()
    assert 'id="trash-panel"' in html and "<html" not in html  # the panel alone
    assert "La corbeille est vide" in html
    assert "trash-empty-line" not in html


def test_readers_see_the_trash_without_restore_buttons(marketer_client, journey_map, owner):
    delete(owner, journey_map, "card", Card.objects.get(journey_map=journey_map))
    html = marketer_client.get(reverse("maps:trash", args=[journey_map.pk])).content.decode()
    assert "Pas de pain ce soir" in html
    assert "data-restore" not in html and "data-empty-trash" not in html


def test_guests_restore_but_do_not_empty(guest_client, journey_map, owner):
    delete(owner, journey_map, "card", Card.objects.get(journey_map=journey_map))
    html = guest_client.get(reverse("maps:trash", args=[journey_map.pk])).content.decode()
    assert "data-restore" in html and "data-empty-trash" not in html


def test_restoring_from_the_panel_answers_with_the_events_fragments(
    owner_client, journey_map, owner, full_stage
):
    stage, _action = full_stage
    event = delete(owner, journey_map, "stage", stage)
    response = owner_client.post(
        reverse("maps:trash-restore", args=[journey_map.pk, event.payload["trash"]]), **HTMX
    )
    assert response.status_code == 200
    restored = MapEvent.objects.get(kind="stage.restored")
    assert response["Parcours-Revision"] == str(restored.revision)
    html = response.content.decode()
    assert f'id="stage-{stage.pk}"' in html and "La file est longue" in html


def test_restoring_without_htmx_goes_back_to_the_trash_page(owner_client, journey_map, owner):
    event = delete(owner, journey_map, "card", Card.objects.get(journey_map=journey_map))
    response = owner_client.post(
        reverse("maps:trash-restore", args=[journey_map.pk, event.payload["trash"]])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("maps:trash", args=[journey_map.pk])
    assert Card.objects.filter(journey_map=journey_map).exists()


def test_a_refused_restore_says_why_in_the_panel(owner_client, journey_map, owner):
    card = Card.objects.get(journey_map=journey_map)
    event = delete(owner, journey_map, "card", card)
    delete(owner, journey_map, "lane", card.lane)
    response = owner_client.post(
        reverse("maps:trash-restore", args=[journey_map.pk, event.payload["trash"]]), **HTMX
    )
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#trash-panel"
    html = response.content.decode()
    assert 'role="alert"' in html and "restaurez d’abord la ligne" in html


def test_another_maps_trash_id_is_not_found(owner_client, journey_map, owner, workspace):
    other = JourneyMap.objects.create(
        workspace=workspace, title="Autre", journey_type_id=journey_map.journey_type_id
    )
    elsewhere = Stage.objects.create(journey_map=other, name="Ailleurs", position=0)
    event = delete(owner, other, "stage", elsewhere)
    url = reverse("maps:trash-restore", args=[journey_map.pk, event.payload["trash"]])
    assert owner_client.post(url, **HTMX).status_code == 404
    assert Stage.objects.filter(pk=elsewhere.pk).count() == 0


def test_emptying_asks_first_then_forgets(owner_client, journey_map, owner):
    delete(owner, journey_map, "card", Card.objects.get(journey_map=journey_map))
    url = reverse("maps:trash-empty", args=[journey_map.pk])
    question = owner_client.get(url, **HTMX).content.decode()
    assert 'role="alertdialog"' in question and "définitivement" in question
    assert TrashedItem.objects.count() == 1
    answer = owner_client.post(url, **HTMX)
    assert answer.status_code == 200 and "La corbeille est vide" in answer.content.decode()
    assert not TrashedItem.objects.exists()


def test_the_map_header_opens_the_trash(owner_client, journey_map):
    page = owner_client.get(journey_map.get_absolute_url()).content.decode()
    assert f'hx-get="{reverse("maps:trash", args=[journey_map.pk])}"' in page
    assert 'id="trash-dialog"' in page


# A draft is never lost ------------------------------------------------------------


def card_draft(card, text):
    return {"text": text, "stage": card.stage_id, "lane": card.lane_id, "version": card.version}


def test_saving_an_item_deleted_meanwhile_keeps_the_text(guest_client, journey_map, owner):
    card = Card.objects.get(journey_map=journey_map)
    delete(owner, journey_map, "card", card)
    response = guest_client.post(
        reverse("maps:item-update", args=[journey_map.pk, "card", card.pk]),
        card_draft(card, "Mon texte à moi"),
        **HTMX,
    )
    assert response.status_code == 409
    assert response["HX-Retarget"] == f"#card-{card.pk}"
    html = response.content.decode()
    assert "Supprimé entre-temps" in html and "Mon texte à moi" in html
    assert "draft-orphan" in html and "data-copy-draft" in html
    assert reverse("maps:trash-restore-draft", args=[journey_map.pk, "card", card.pk]) in html


def test_saving_an_item_that_never_was_is_still_a_404(guest_client, journey_map):
    url = reverse("maps:item-update", args=[journey_map.pk, "card", 999999])
    assert guest_client.post(url, {"text": "x"}, **HTMX).status_code == 404


def test_an_outsider_learns_nothing_from_a_deleted_item(outsider_client, journey_map, owner):
    card = Card.objects.get(journey_map=journey_map)
    delete(owner, journey_map, "card", card)
    for name in ("maps:item-update", "maps:trash-restore-draft"):
        url = reverse(name, args=[journey_map.pk, "card", card.pk])
        assert outsider_client.post(url, card_draft(card, "x"), **HTMX).status_code == 404


def test_restore_it_with_my_text(guest_client, journey_map, owner):
    card = Card.objects.get(journey_map=journey_map)
    delete(owner, journey_map, "card", card)
    response = guest_client.post(
        reverse("maps:trash-restore-draft", args=[journey_map.pk, "card", card.pk]),
        card_draft(card, "Repris avec mon texte"),
        **HTMX,
    )
    assert response.status_code == 200 and response["Parcours-Revision"]
    card.refresh_from_db()
    assert card.text == "Repris avec mon texte"
    assert "Repris avec mon texte" in response.content.decode()


def test_restore_with_my_text_when_someone_restored_it_already_saves_the_text(
    guest_client, journey_map, owner
):
    card = Card.objects.get(journey_map=journey_map)
    event = delete(owner, journey_map, "card", card)
    services.trash_restore(user=owner, map_id=journey_map.pk, trash_id=event.payload["trash"])
    response = guest_client.post(
        reverse("maps:trash-restore-draft", args=[journey_map.pk, "card", card.pk]),
        card_draft(card, "Mon texte quand même"),
        **HTMX,
    )
    assert response.status_code == 200
    card.refresh_from_db()
    assert card.text == "Mon texte quand même"


def test_restore_with_my_text_refused_keeps_the_form_and_says_why(guest_client, journey_map, owner):
    card = Card.objects.get(journey_map=journey_map)
    delete(owner, journey_map, "card", card)
    delete(owner, journey_map, "lane", Lane.objects.get(pk=card.lane_id))
    response = guest_client.post(
        reverse("maps:trash-restore-draft", args=[journey_map.pk, "card", card.pk]),
        card_draft(card, "Toujours là"),
        **HTMX,
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Toujours là" in html and "restaurez d’abord la ligne" in html
    assert not Card.objects.filter(pk=card.pk).exists()


def test_an_invalid_draft_restores_nothing(guest_client, journey_map, owner):
    card = Card.objects.get(journey_map=journey_map)
    delete(owner, journey_map, "card", card)
    response = guest_client.post(
        reverse("maps:trash-restore-draft", args=[journey_map.pk, "card", card.pk]),
        card_draft(card, ""),
        **HTMX,
    )
    assert response.status_code == 422
    assert "draft-orphan" in response.content.decode()
    assert not Card.objects.filter(pk=card.pk).exists()
    assert TrashedItem.objects.filter(item_id=card.pk, kind="card").exists()
