"""A room joining at once, on PostgreSQL: the guest cap holds, nobody takes the last
place twice, and revoking after a join leaves nobody in."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from maps import workshops
from maps.models import Guest
from workspaces import access

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PHONES = 12


def join_at_once(token: str) -> list[str]:
    start = threading.Barrier(PHONES)
    outcomes: list[str] = []

    def phone(number: int) -> None:
        start.wait()
        try:
            workshops.guest_join(
                user=AnonymousUser(),
                token=token,
                data={"display_name": f"Participant {number}"},
                address=f"10.0.0.{number}",
            )
            outcomes.append("in")
        except workshops.JoinRefused as refused:
            outcomes.append(f"refused {refused.status}")
        finally:
            connection.close()

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(PHONES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_a_room_joining_at_once_never_passes_the_cap(settings, workshop):
    settings.PARCOURS_MAX_GUESTS_PER_WORKSHOP = 5
    outcomes = join_at_once(workshop.token)
    assert outcomes.count("in") == 5
    assert outcomes.count("refused 409") == PHONES - 5
    assert Guest.objects.count() == 5
    # Refused phones left no account behind.
    assert get_user_model().objects.filter(username__startswith="guest-").count() == 5


def test_revoking_every_guest_shuts_out_everyone_who_joined(journey_map, owner, workshop):
    outcomes = join_at_once(workshop.token)
    assert outcomes.count("in") == PHONES
    workshops.guests_revoke(user=owner, map_id=journey_map.pk)
    for guest in Guest.objects.select_related("user"):
        if guest.user is not None:
            access.forget(guest.user)
            assert not access.can_view_map(guest.user, journey_map)
