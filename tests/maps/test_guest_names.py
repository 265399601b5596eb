"""A guest's display name cannot pass for someone else's, nor hide characters."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import translation

from maps import workshops
from maps.models import Guest


@pytest.fixture(autouse=True)
def in_english():
    # The messages are checked in their source language.
    with translation.override("en"):
        yield


def join(workshop, name: str, user=None):
    return workshops.guest_join(
        user=user or AnonymousUser(), token=workshop.token, data={"display_name": name}
    )


def refusal(workshop, name: str) -> str:
    with pytest.raises(workshops.Invalid) as refused:
        join(workshop, name)
    return " ".join(refused.value.form.errors["display_name"])


@pytest.mark.parametrize(
    "name",
    [
        "Camille\u202e",  # right-to-left override
        "Ca\u200bmille",  # zero-width space
        "\u2066Camille\u2069",  # isolates
        "Camille\u200d",  # zero-width joiner
        "\ufeffCamille",  # byte-order mark
        "Cami\x07lle",  # control character
        "Camille\ue000",  # private use
    ],
)
def test_invisible_and_control_characters_are_refused(workshop, name):
    assert "invisible or control characters" in refusal(workshop, name)
    assert not Guest.objects.exists()


@pytest.mark.parametrize(
    "name", ["owner", "OWNER", "  o w n e r ", "Ｏｗｎｅｒ", "Marie Dupont", "marie-dupont"]
)
def test_a_guest_cannot_take_a_members_name(workshop, owner, name):
    owner.first_name, owner.last_name = "Marie", "Dupont"
    owner.save()
    assert "already goes by this name" in refusal(workshop, name)


def test_a_guest_cannot_take_another_guests_name(workshop, guest):
    assert "already goes by this name" in refusal(workshop, "camille")


def test_a_guest_may_keep_their_own_name_when_they_join_again(workshop, guest):
    _pass, user = join(workshop, "Camille", user=guest)
    assert user == guest


def test_a_guest_shut_out_by_a_new_link_no_longer_holds_their_name(
    journey_map, owner, workshop, guest
):
    renewed = workshops.workshop_renew_link(user=owner, map_id=journey_map.pk)
    _pass, user = join(renewed, "Camille")
    assert user != guest


@pytest.mark.parametrize("name", ["Zoé Lefèvre", "Ana-María O'Neil", "李小龍", "Dévora 🙂"])
def test_ordinary_names_of_every_script_are_welcome(workshop, name):
    guest, _user = join(workshop, name)
    assert guest.display_name == name


def test_a_name_without_a_letter_or_digit_is_refused(workshop):
    assert "at least one letter or digit" in refusal(workshop, "!!!")


def test_the_join_page_explains_a_refused_name(journey_map, owner, workshop):
    response = Client().post(
        reverse("workshop-join", args=[workshop.token]), {"display_name": "Owner"}
    )
    assert response.status_code == 422
    assert 'class="errorlist"' in response.text
