"""The three-user base every test module builds on.

- ``owner``: facilitator of ``workspace``, who made the map and personas;
- ``collaborator``: another member of ``workspace`` (facilitator too);
- ``outsider``: facilitator of ``other_workspace``, who must see nothing of ``workspace``;
- ``marketer``: reads every map of ``workspace``, changes nothing.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from maps.models import Card, JourneyMap, JourneyType, Lane, LaneKind, Stage, Touchpoint
from personas.models import Persona
from workspaces.models import Membership, Role, Workspace

PASSWORD = "correct-horse-battery"
# A request as htmx sends it: ``client.get(url, **HTMX)``.
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    # Rate-limit counters (joins, join codes) and cached PDFs live in the cache, which
    # outlives a test's database: each test starts with none.
    from django.core.cache import cache

    cache.clear()


def make_user(username: str, workspace: Workspace, role: str):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(workspace=workspace, user=user, role=role)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def workspace(db) -> Workspace:
    return Workspace.objects.create(name="Boulangerie Martin")


@pytest.fixture
def other_workspace(db) -> Workspace:
    return Workspace.objects.create(name="Concurrent")


@pytest.fixture
def owner(workspace):
    return make_user("owner", workspace, Role.FACILITATOR)


@pytest.fixture
def collaborator(workspace):
    return make_user("collaborator", workspace, Role.FACILITATOR)


@pytest.fixture
def marketer(workspace):
    return make_user("marketer", workspace, Role.MARKETER)


@pytest.fixture
def outsider(other_workspace):
    return make_user("outsider", other_workspace, Role.FACILITATOR)


@pytest.fixture
def owner_client(owner) -> Client:
    return client_for(owner)


@pytest.fixture
def collaborator_client(collaborator) -> Client:
    return client_for(collaborator)


@pytest.fixture
def marketer_client(marketer) -> Client:
    return client_for(marketer)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return client_for(outsider)


@pytest.fixture
def persona(workspace) -> Persona:
    return Persona.objects.create(
        workspace=workspace, name="Nell", age=34, quote="Le pain, c'est sacré."
    )


@pytest.fixture
def journey_map(workspace, owner, persona) -> JourneyMap:
    """Two stages, two lanes, a touchpoint and a card: enough to edit."""
    journey_map = JourneyMap.objects.create(
        workspace=workspace,
        title="Nell achète une baguette",
        journey_type=JourneyType.objects.get(slug="integration"),
        created_by=owner,
    )
    journey_map.personas.add(persona)
    need = Stage.objects.create(journey_map=journey_map, name="Besoin", position=0)
    Stage.objects.create(journey_map=journey_map, name="Achat", position=1)
    Touchpoint.objects.create(
        journey_map=journey_map,
        stage=need,
        channel="Bus",
        action="Descend du bus",
        emotion=0,
        feeling="pressée",
        position=0,
    )
    thoughts = Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.THOUGHTS, title="Pensées", position=0
    )
    Lane.objects.create(
        journey_map=journey_map, kind=LaneKind.PAIN_POINTS, title="Irritants", position=1
    )
    Card.objects.create(
        journey_map=journey_map,
        stage=need,
        lane=thoughts,
        text="Pas de pain ce soir !",
        position=0,
    )
    return journey_map


@pytest.fixture
def workshop(journey_map, owner):
    from maps.workshops import workshop_start

    return workshop_start(user=owner, map_id=journey_map.pk)


@pytest.fixture
def guest(workshop):
    """Someone who joined ``journey_map``'s workshop through its link, without an account."""
    from django.contrib.auth.models import AnonymousUser

    from maps.workshops import guest_join

    _pass, user = guest_join(
        user=AnonymousUser(), token=workshop.token, data={"display_name": "Camille"}
    )
    return user


@pytest.fixture
def guest_client(guest) -> Client:
    return client_for(guest)
