"""Snapshots and the trash in the Django admin: looked at, never edited; snapshots
deleted under the app's rule; trash entries restored through the app's service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from maps import history, live, services, snapshots, undo
from maps.event_text import Names
from maps.models import (
    Card,
    JourneyMap,
    MapEvent,
    Snapshot,
    SnapshotReason,
    Stage,
    TrashedItem,
)
from maps.workshops import workshop_end, workshop_start

SNAPSHOTS = "admin:maps_snapshot_changelist"
TRASH = "admin:maps_trasheditem_changelist"


def delete_card(user, card) -> TrashedItem:
    event = services.item_delete(
        user=user, map_id=card.journey_map_id, kind_name="card", item_id=card.pk
    )
    return TrashedItem.objects.get(pk=event.payload["trash"])


def delete_stage(user, stage) -> TrashedItem:
    event = services.item_delete(
        user=user, map_id=stage.journey_map_id, kind_name="stage", item_id=stage.pk, confirmed=True
    )
    return TrashedItem.objects.get(pk=event.payload["trash"])


def restore_action(admin_client, *entries):
    return admin_client.post(
        reverse(TRASH),
        {"action": "restore", "_selected_action": [entry.pk for entry in entries]},
        follow=True,
    )


# Snapshots ------------------------------------------------------------------------


@pytest.fixture
def by_hand(journey_map, owner):
    return snapshots.take(journey_map, name="Avant l'atelier", user=owner)


@pytest.fixture
def automatic(journey_map, owner):
    workshop_start(user=owner, map_id=journey_map.pk)
    workshop_end(user=owner, map_id=journey_map.pk)
    return Snapshot.objects.get(reason=SnapshotReason.WORKSHOP)


def test_the_snapshot_list_says_who_took_it_when_and_its_size(admin_client, by_hand):
    html = admin_client.get(reverse(SNAPSHOTS)).content.decode()
    assert "Avant l&#x27;atelier" in html
    assert "Nell achète une baguette" in html
    assert "owner" in html
    assert "Pris à la main" in html
    assert "octets" in html  # filesizeformat, in French


def test_a_snapshot_page_sums_up_the_state_and_never_shows_it(admin_client, by_hand):
    url = reverse("admin:maps_snapshot_change", args=[by_hand.pk])
    html = admin_client.get(url).content.decode()
    assert "Nell achète une baguette — 2 étapes, 1 point de contact, 2 lignes, 1 post-it" in html
    assert 'name="state"' not in html
    assert 'name="name"' not in html  # read-only
    assert admin_client.post(url, {"name": "Autre"}).status_code == 403
    assert Snapshot.objects.get(pk=by_hand.pk).name == "Avant l'atelier"
    assert admin_client.get(reverse("admin:maps_snapshot_add")).status_code == 403


def test_a_snapshot_taken_by_hand_is_deleted_in_the_admin(admin_client, by_hand):
    url = reverse("admin:maps_snapshot_delete", args=[by_hand.pk])
    assert admin_client.get(url).status_code == 200  # the confirmation page
    admin_client.post(url, {"post": "yes"})
    assert not Snapshot.objects.filter(pk=by_hand.pk).exists()


def test_an_automatic_snapshot_is_not_deleted_in_the_admin(admin_client, automatic):
    change = admin_client.get(reverse("admin:maps_snapshot_change", args=[automatic.pk]))
    delete_url = reverse("admin:maps_snapshot_delete", args=[automatic.pk])
    assert delete_url not in change.content.decode()
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Snapshot.objects.filter(pk=automatic.pk).exists()


def test_the_bulk_delete_refuses_a_selection_holding_an_automatic_snapshot(
    admin_client, by_hand, automatic
):
    response = admin_client.post(
        reverse(SNAPSHOTS),
        {
            "action": "delete_selected",
            "_selected_action": [by_hand.pk, automatic.pk],
            "post": "yes",
        },
        follow=True,
    )
    assert "Seul un instantané pris à la main peut être supprimé" in response.content.decode()
    assert Snapshot.objects.count() == 2
    # Those taken by hand alone go, after Django's confirmation.
    admin_client.post(
        reverse(SNAPSHOTS),
        {"action": "delete_selected", "_selected_action": [by_hand.pk], "post": "yes"},
    )
    assert list(Snapshot.objects.all()) == [automatic]


def test_a_map_deleted_in_the_admin_takes_its_snapshots_and_trash_with_it(
    admin_client, journey_map, owner, automatic
):
    delete_card(owner, journey_map.cards.get())
    url = reverse("admin:maps_journeymap_delete", args=[journey_map.pk])
    confirmation = admin_client.get(url)
    assert confirmation.context["perms_lacking"] == set()
    admin_client.post(url, {"post": "yes"})
    assert not JourneyMap.objects.filter(pk=journey_map.pk).exists()
    assert not Snapshot.objects.exists()
    assert not TrashedItem.objects.exists()


# The trash ------------------------------------------------------------------------


def test_a_trash_entry_page_sums_up_what_it_held_and_is_read_only(admin_client, journey_map, owner):
    entry = delete_stage(owner, journey_map.stages.get(name="Besoin"))
    html = admin_client.get(reverse("admin:maps_trasheditem_change", args=[entry.pk])).content
    page = html.decode()
    assert "1 point de contact, 1 post-it" in page
    assert "Besoin" in page and "owner" in page
    assert '"touchpoints"' not in page  # the packed rows are not shown
    assert admin_client.get(reverse("admin:maps_trasheditem_add")).status_code == 403


def test_restoring_in_the_admin_is_a_change_of_the_map_as_in_the_app(
    admin_client, admin_user, journey_map, owner, monkeypatch, django_capture_on_commit_callbacks
):
    card = journey_map.cards.get()
    entry = delete_card(owner, card)
    revision = JourneyMap.objects.get(pk=journey_map.pk).revision
    pushed = []
    monkeypatch.setattr(live, "publish_event", pushed.append)

    with django_capture_on_commit_callbacks(execute=True):
        response = restore_action(admin_client, entry)

    assert "1 élément restauré sur sa carte." in response.content.decode()
    assert Card.objects.get(pk=card.pk).text == "Pas de pain ce soir !"
    assert not TrashedItem.objects.filter(pk=entry.pk).exists()
    event = MapEvent.objects.get(journey_map=journey_map, revision=revision + 1)
    assert (event.kind, event.actor, event.payload["from_trash"]) == (
        "card.restored",
        admin_user,
        entry.pk,
    )
    assert pushed == [event]


def test_a_stage_and_its_card_selected_together_both_come_back(admin_client, journey_map, owner):
    card = journey_map.cards.get()
    card_entry = delete_card(owner, card)
    stage_entry = delete_stage(owner, Stage.objects.get(pk=card.stage_id))

    response = restore_action(admin_client, card_entry, stage_entry)

    assert "2 éléments restaurés sur leurs cartes." in response.content.decode()
    assert Card.objects.get(pk=card.pk).stage_id == stage_entry.item_id


def test_a_refused_restore_says_why_and_keeps_the_entry(admin_client, journey_map, owner):
    card = journey_map.cards.get()
    card_entry = delete_card(owner, card)
    delete_stage(owner, Stage.objects.get(pk=card.stage_id))
    revision = JourneyMap.objects.get(pk=journey_map.pk).revision

    response = restore_action(admin_client, card_entry)

    page = response.content.decode()
    assert "« Pas de pain ce soir ! » n’a pas été restauré" in page
    assert "Son étape a disparu : restaurez d’abord l’étape." in page
    assert "restauré sur" not in page
    assert TrashedItem.objects.filter(pk=card_entry.pk).exists()
    assert JourneyMap.objects.get(pk=journey_map.pk).revision == revision


def test_an_expired_entry_is_not_restored(admin_client, journey_map, owner):
    entry = delete_card(owner, journey_map.cards.get())
    TrashedItem.objects.filter(pk=entry.pk).update(deleted_at=entry.deleted_at - timedelta(days=31))

    page = restore_action(admin_client, entry).content.decode()

    assert "n’est plus dans la corbeille" in page
    assert not Card.objects.exists()


def test_deleting_an_entry_in_the_admin_is_logged_and_its_undo_refused(
    admin_client, journey_map, owner
):
    card = journey_map.cards.get()
    entry = delete_card(owner, card)
    url = reverse("admin:maps_trasheditem_delete", args=[entry.pk])
    assert admin_client.get(url).status_code == 200  # Django's confirmation first

    admin_client.post(url, {"post": "yes"})

    assert not TrashedItem.objects.filter(pk=entry.pk).exists()
    logged = MapEvent.objects.filter(journey_map=journey_map).latest("revision")
    assert logged.kind == "admin.changed"
    assert history.sentence(logged, Names()) == (
        "a supprimé définitivement 1 élément de la corbeille dans l’administration"
    )
    # Undoing the owner's deletion cannot bring back what is no longer in the trash.
    with pytest.raises(undo.UndoRefused, match="plus dans la corbeille"):
        undo.undo_event(
            user=owner,
            map_id=journey_map.pk,
            revision=MapEvent.objects.get(kind="card.deleted").revision,
        )
    assert not Card.objects.exists()


def test_restoring_from_the_admin_needs_its_permission_on_deleted_items(journey_map, owner):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.core.exceptions import PermissionDenied

    from workspaces import access

    entry = delete_card(owner, journey_map.cards.get())
    viewer = get_user_model().objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_trasheditem"))
    # A facilitator of the map is not the admin's staff; staff who may only look, neither.
    for user in (owner, viewer):
        with pytest.raises(PermissionDenied):
            access.check_admin_site(user, journey_map)
    client = Client()
    client.force_login(viewer)
    page = client.get(reverse(TRASH))
    assert page.status_code == 200
    assert 'value="restore"' not in page.content.decode()
    client.post(reverse(TRASH), {"action": "restore", "_selected_action": [entry.pk]})
    assert TrashedItem.objects.filter(pk=entry.pk).exists()


def test_a_bulk_delete_logs_on_each_map_its_own_entries(
    admin_client, journey_map, owner, workspace
):
    from maps.sample import build_map

    other = build_map(workspace, stages=1, lanes=1, cards=2)
    mine = delete_card(owner, journey_map.cards.get())
    theirs = [delete_card(owner, card) for card in other.cards.all()]
    admin_client.post(
        reverse(TRASH),
        {
            "action": "delete_selected",
            "_selected_action": [mine.pk, *(entry.pk for entry in theirs)],
            "post": "yes",
        },
    )
    assert not TrashedItem.objects.exists()
    logged = MapEvent.objects.filter(kind="admin.changed")
    assert {(e.journey_map_id, tuple(e.payload["ids"])) for e in logged} == {
        (journey_map.pk, (mine.pk,)),
        (other.pk, tuple(entry.pk for entry in theirs)),
    }
