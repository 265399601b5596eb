"""``map_for``: the one way views load a map, with the access module as the judge."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from maps.views import lookup
from maps.views.lookup import map_for
from tests.conftest import client_for
from workspaces import access

VIEWS = Path(lookup.__file__).parent


def test_it_gives_the_map_to_whoever_may_do_what_they_need(journey_map, owner, marketer):
    assert map_for(owner, journey_map.pk, need="edit") == journey_map
    assert map_for(marketer, journey_map.pk) == journey_map
    assert map_for(marketer, journey_map.pk, need="export") == journey_map


def test_it_is_a_404_for_an_outsider_whatever_the_need(journey_map, outsider):
    for need in lookup.CHECKS:
        with pytest.raises(Http404):
            map_for(outsider, journey_map.pk, need=need)


def test_it_is_a_404_for_a_map_that_does_not_exist(owner):
    with pytest.raises(Http404):
        map_for(owner, 999_999)


@pytest.mark.parametrize("need", ["edit", "manage", "facilitate", "vote"])
def test_it_is_a_403_for_a_member_without_the_right(journey_map, marketer, need):
    with pytest.raises(PermissionDenied):
        map_for(marketer, journey_map.pk, need=need)


def test_every_need_is_a_check_of_the_access_module():
    for need, check in lookup.CHECKS.items():
        assert getattr(access, check.__name__) is check, need


def test_it_prefetches_what_the_page_shows(journey_map, owner, persona, django_assert_num_queries):
    journey_map.personas.add(persona)
    owner_map = map_for(owner, journey_map.pk, prefetch=("personas",))
    with django_assert_num_queries(0):
        assert list(owner_map.personas.all()) == [persona]
        assert owner_map.journey_type.slug and owner_map.workspace.name


def test_no_view_loads_a_map_on_its_own():
    """Every view goes through ``map_for``: no other module of ``maps/views`` queries maps."""
    offenders = []
    for path in sorted(VIEWS.glob("*.py")):
        if path.name == "lookup.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "objects"
                and isinstance(node.value, ast.Name)
                and node.value.id == "JourneyMap"
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


# Views that leave the check to the service still hide the map from outsiders, even
# when what they send is refused before anything is written.


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("maps:focus", {"target": "not-a-stage"}),
        ("maps:round-open", {"kind": "unknown"}),
        ("maps:timer", {"action": "start", "minutes": "many"}),
    ],
)
def test_an_outsider_sending_a_refused_control_gets_a_404(journey_map, outsider, name, data):
    response = client_for(outsider).post(reverse(name, args=[journey_map.pk]), data)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("maps:focus", {"target": "not-a-stage"}),
        ("maps:round-open", {"kind": "unknown"}),
    ],
)
def test_a_reader_sending_a_refused_control_gets_a_403(journey_map, marketer, name, data):
    response = client_for(marketer).post(reverse(name, args=[journey_map.pk]), data)
    assert response.status_code == 403
