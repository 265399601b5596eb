"""Guest accounts go once their access has expired; what they did stays readable."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from maps import round_results, services, workshops
from maps.export.pdf import participants
from maps.models import Card, Guest, MapEvent, Presence, Round, RoundKind, Vote, Workshop


def expire_grace(journey_map) -> None:
    journey_map.workshops.filter(ended_at__isnull=False).update(
        guests_until=timezone.now() - timedelta(minutes=1)
    )


@pytest.fixture
def contribution(journey_map, guest):
    """Camille changed a card and dotted it in a round that has closed."""
    card = Card.objects.get(journey_map=journey_map)
    services.item_update(
        user=guest,
        map_id=journey_map.pk,
        kind_name="card",
        item_id=card.pk,
        data={"text": "Vu par Camille", "stage": card.stage_id, "lane": card.lane_id, "version": 1},
    )
    voting = Round.objects.create(
        journey_map=journey_map, kind=RoundKind.DOTS, lane_kinds=["thoughts"], dots_each=3
    )
    Vote.objects.create(round=voting, voter=guest, card=card, value=2)
    voting.closed_at = timezone.now()
    voting.save()
    return voting


def test_guests_are_kept_while_their_workshop_is_open_or_in_its_grace_period(
    journey_map, owner, guest
):
    assert workshops.prune_guests() == 0
    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    assert workshops.prune_guests() == 0
    assert get_user_model().objects.filter(pk=guest.pk).exists()


def test_the_command_deletes_guests_whose_access_has_expired_and_keeps_their_history(
    journey_map, owner, guest, contribution
):
    Presence.objects.create(
        journey_map=journey_map,
        channel_name="x",
        user=guest,
        name="Camille",
        seen_at=timezone.now(),
    )
    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    expire_grace(journey_map)
    out = StringIO()
    call_command("prune_guests", stdout=out)
    assert "1 " in out.getvalue()
    assert not get_user_model().objects.filter(pk=guest.pk).exists()
    # The history still reads.
    event = MapEvent.objects.get(kind="card.updated")
    assert event.actor is None
    assert event.actor_name == "Camille"
    assert Guest.objects.get().display_name == "Camille"
    assert Guest.objects.get().user is None
    assert [line.dots for line in round_results.dot_results(contribution)] == [2]
    assert "Camille" in participants(journey_map)
    assert not Presence.objects.exists()


def test_guests_shut_out_by_a_new_link_are_deleted_when_the_workshop_ends(
    journey_map, owner, guest, django_capture_on_commit_callbacks
):
    workshops.workshop_renew_link(user=owner, map_id=journey_map.pk)
    with django_capture_on_commit_callbacks(execute=True):
        workshops.workshop_end(user=owner, map_id=journey_map.pk)
    # Ending ran the clean-up: the shut-out guest had no valid pass left.
    assert not get_user_model().objects.filter(pk=guest.pk).exists()


def test_revoking_every_guest_cleans_up_at_once(
    journey_map, owner, guest, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workshops.guests_revoke(user=owner, map_id=journey_map.pk)
    assert not get_user_model().objects.filter(pk=guest.pk).exists()


def test_members_and_accounts_that_joined_as_guests_are_never_deleted(
    journey_map, owner, outsider, workshop
):
    workshops.guest_join(user=outsider, token=workshop.token, data={"display_name": "Voisin"})
    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    expire_grace(journey_map)
    assert workshops.prune_guests() == 0
    assert get_user_model().objects.filter(pk__in=[owner.pk, outsider.pk]).count() == 2


def test_a_guest_of_a_later_workshop_is_kept(journey_map, owner, guest):
    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    expire_grace(journey_map)
    second = workshops.workshop_start(user=owner, map_id=journey_map.pk)
    newcomer = workshops.guest_join(
        user=AnonymousUser(), token=second.token, data={"display_name": "Léa"}
    )[1]
    workshops.prune_guests()
    assert not get_user_model().objects.filter(pk=guest.pk).exists()
    assert get_user_model().objects.filter(pk=newcomer.pk).exists()
    assert Workshop.objects.count() == 2


def test_an_open_rounds_progress_survives_a_pruned_voter(journey_map, owner, guest):
    card = Card.objects.get(journey_map=journey_map)
    voting = Round.objects.create(
        journey_map=journey_map, kind=RoundKind.DOTS, lane_kinds=["thoughts"], dots_each=1
    )
    Vote.objects.create(round=voting, voter=guest, card=card, value=1)
    workshops.workshop_end(user=owner, map_id=journey_map.pk)
    expire_grace(journey_map)
    workshops.prune_guests()
    assert round_results.progress(voting).voters == 1
    assert round_results.finished_voters(voting) == []
