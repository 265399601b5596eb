"""Joining a workshop is limited: per client address, per workshop, and in number."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from maps.models import Guest


def join(workshop, name: str, address: str = "10.0.0.7", client: Client | None = None):
    client = client or Client()
    return client.post(
        reverse("workshop-join", args=[workshop.token]),
        {"display_name": name},
        REMOTE_ADDR=address,
    )


def test_one_address_joins_only_so_many_times_in_a_while(settings, workshop):
    settings.PARCOURS_JOINS_PER_ADDRESS = (3, 600)
    for number in range(3):
        assert join(workshop, f"Personne {number}").status_code == 302
    users = get_user_model().objects.count()
    refused = join(workshop, "Encore une")
    assert refused.status_code == 429
    assert 'class="alert alert-error"' in refused.text
    assert get_user_model().objects.count() == users
    # Someone on another network still gets in.
    assert join(workshop, "Ailleurs", address="10.0.0.8").status_code == 302


def test_a_workshop_takes_only_so_many_joins_a_minute(settings, workshop):
    settings.PARCOURS_JOINS_PER_WORKSHOP = (2, 60)
    assert join(workshop, "Un", address="10.0.0.1").status_code == 302
    assert join(workshop, "Deux", address="10.0.0.2").status_code == 302
    assert join(workshop, "Trois", address="10.0.0.3").status_code == 429
    assert Guest.objects.count() == 2


def test_a_full_workshop_says_so(settings, workshop):
    settings.PARCOURS_MAX_GUESTS_PER_WORKSHOP = 2
    join(workshop, "Un", address="10.0.0.1")
    join(workshop, "Deux", address="10.0.0.2")
    refused = join(workshop, "Trois", address="10.0.0.3")
    assert refused.status_code == 409
    assert "2" in refused.text
    assert Guest.objects.count() == 2


def test_a_guest_coming_back_is_not_counted_again(settings, workshop):
    settings.PARCOURS_JOINS_PER_ADDRESS = (1, 600)
    settings.PARCOURS_MAX_GUESTS_PER_WORKSHOP = 1
    client = Client()
    assert join(workshop, "Camille", client=client).status_code == 302
    # Their phone opens the link again (a member of nothing, a guest already): straight in.
    assert client.get(reverse("workshop-join", args=[workshop.token])).status_code == 302
    assert Guest.objects.count() == 1


def test_a_guest_coming_back_with_a_new_link_is_not_counted_again(
    settings, journey_map, owner, workshop
):
    from maps import workshops

    settings.PARCOURS_JOINS_PER_ADDRESS = (1, 600)
    settings.PARCOURS_MAX_GUESTS_PER_WORKSHOP = 1
    client = Client()
    assert join(workshop, "Camille", client=client).status_code == 302
    renewed = workshops.workshop_renew_link(user=owner, map_id=journey_map.pk)
    assert join(renewed, "Camille", client=client).status_code == 302
    assert Guest.objects.count() == 1


def test_a_forged_forwarded_for_header_does_not_dodge_the_limit(settings, workshop):
    settings.PARCOURS_JOINS_PER_ADDRESS = (2, 600)
    for number in range(3):
        response = Client().post(
            reverse("workshop-join", args=[workshop.token]),
            {"display_name": f"Faux {number}"},
            REMOTE_ADDR="10.0.0.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    assert response.status_code == 429
    assert Guest.objects.count() == 2
