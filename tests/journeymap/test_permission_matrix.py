"""Every URL of the project, requested by every role, with safe and unsafe methods.

The table below is the project's permission policy, one row per URL name. The
URL patterns are introspected: a view added without a row here fails
``test_every_url_pattern_is_in_the_matrix``, so no view escapes the matrix.

To add a role, add a column to ``EXPECTED``: one outcome per access level. To
add a view, add a ``Route``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from maps import rounds, services, share_links, share_pdf, snapshots
from maps.export.cache import cache_key
from maps.models import Card, JourneyType, LaneKind, MapEvent, Round, RoundKind, TrashedItem
from personas import photos
from tests.conftest import HTMX, client_for, make_user
from tests.personas.test_photos import jpeg_with_gps
from workspaces.models import Invitation, Membership, Role


class Level(Enum):
    """Who may use a URL with a given method."""

    PUBLIC = "anyone, logged in or not"
    LOGGED_IN = "any logged-in user"
    MEMBER = "members of the object's workspace"
    EDITOR = "its admins and facilitators"
    MAP_READER = "members of the map's workspace, and guests of its workshop"
    MAP_EDITOR = "the map's admins and facilitators, and guests of its open workshop"
    FACILITATOR = "the map's admins and facilitators; its guests are refused"
    # Deleting and reordering stages and lanes: guests only once the facilitator allows
    # it (``Workshop.guests_restructure``, off in the world's workshop).
    RESTRUCTURE = "the map's admins and facilitators; its guests when their workshop allows it"
    CREATE = "admins and facilitators of their current workspace"
    ADMIN = "its admins"
    INVITEE = "the account the invitation was sent to"
    STAFF = "Django staff (the admin site)"
    NOT_ALLOWED = "nobody: the method is refused"


class Outcome(Enum):
    ALLOWED = "allowed"
    LOGIN = "redirected to the login page"
    ADMIN_LOGIN = "redirected to the admin's login page"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    METHOD = "405"


A, L, F, N, M = Outcome.ALLOWED, Outcome.LOGIN, Outcome.FORBIDDEN, Outcome.NOT_FOUND, Outcome.METHOD
# The guest joined the map's workshop through its link: no workspace, one map.
ROLES = ["anonymous", "outsider", "marketer", "facilitator", "admin", "guest"]
EXPECTED: dict[Level, dict[str, Outcome]] = {
    Level.PUBLIC: dict.fromkeys(ROLES, A),
    Level.LOGGED_IN: {
        "anonymous": L,
        "outsider": A,
        "marketer": A,
        "facilitator": A,
        "admin": A,
        "guest": A,
    },
    Level.MEMBER: {
        "anonymous": L,
        "outsider": N,
        "marketer": A,
        "facilitator": A,
        "admin": A,
        "guest": N,
    },
    Level.EDITOR: {
        "anonymous": L,
        "outsider": N,
        "marketer": F,
        "facilitator": A,
        "admin": A,
        "guest": N,
    },
    Level.MAP_READER: {
        "anonymous": L,
        "outsider": N,
        "marketer": A,
        "facilitator": A,
        "admin": A,
        "guest": A,
    },
    Level.MAP_EDITOR: {
        "anonymous": L,
        "outsider": N,
        "marketer": F,
        "facilitator": A,
        "admin": A,
        "guest": A,
    },
    Level.FACILITATOR: {
        "anonymous": L,
        "outsider": N,
        "marketer": F,
        "facilitator": A,
        "admin": A,
        "guest": F,
    },
    Level.RESTRUCTURE: {
        "anonymous": L,
        "outsider": N,
        "marketer": F,
        "facilitator": A,
        "admin": A,
        "guest": F,
    },
    # The outsider is a facilitator too, in their own workspace: they create there.
    # The guest has no workspace to create in.
    Level.CREATE: {
        "anonymous": L,
        "outsider": A,
        "marketer": F,
        "facilitator": A,
        "admin": A,
        "guest": F,
    },
    Level.ADMIN: {
        "anonymous": L,
        "outsider": N,
        "marketer": F,
        "facilitator": F,
        "admin": A,
        "guest": N,
    },
    # The world's invitation is sent to the outsider.
    # Other accounts holding the link are told it is not theirs.
    Level.INVITEE: {
        "anonymous": L,
        "outsider": A,
        "marketer": F,
        "facilitator": F,
        "admin": F,
        "guest": F,
    },
    Level.STAFF: dict.fromkeys(ROLES, Outcome.ADMIN_LOGIN),
    Level.NOT_ALLOWED: {
        "anonymous": L,
        "outsider": M,
        "marketer": M,
        "facilitator": M,
        "admin": M,
        "guest": M,
    },
}
# Public views refuse a method without asking who is there.
PUBLIC_NOT_ALLOWED = dict.fromkeys(ROLES, M)


@dataclass(frozen=True)
class Route:
    name: str
    get: Level
    post: Level
    kwargs: dict[str, str] = field(default_factory=dict)
    # What the POST carries, when access is decided from it.
    data: dict[str, str] = field(default_factory=dict)


MAP = {"map_id": "map"}
PERSONA = {"persona_id": "persona"}
WORKSPACE = {"workspace_id": "workspace"}
MEMBER = {"workspace_id": "workspace", "membership_id": "membership"}
SNAPSHOT = {"map_id": "map", "snapshot_id": "snapshot"}
EXPORT = {"map_id": "map", "export_id": "=not-an-export"}


def item(kind: str) -> dict[str, str]:
    return {"map_id": "map", "kind": f"={kind}", "item_id": kind}


P, LI, ME, ED, CR, AD, NA = (
    Level.PUBLIC,
    Level.LOGGED_IN,
    Level.MEMBER,
    Level.EDITOR,
    Level.CREATE,
    Level.ADMIN,
    Level.NOT_ALLOWED,
)
MR, MED, FA, RE = Level.MAP_READER, Level.MAP_EDITOR, Level.FACILITATOR, Level.RESTRUCTURE
TRASHED = {"map_id": "map", "trash_id": "trash"}
ROUTES = [
    Route("home", get=P, post=P),
    Route("favicon", get=P, post=NA),
    Route("login", get=P, post=P),
    Route("logout", get=Level.NOT_ALLOWED, post=P),
    Route("set_language", get=P, post=P),
    Route("password_change", get=LI, post=LI),
    Route("password_change_done", get=LI, post=NA),
    Route("password_reset", get=P, post=P),
    Route("password_reset_done", get=P, post=NA),
    Route(
        "password_reset_confirm", get=P, post=P, kwargs={"uidb64": "=MQ", "token": "=not-a-token"}
    ),
    Route("password_reset_complete", get=P, post=NA),
    Route("maps:list", get=LI, post=NA),
    Route("maps:create", get=CR, post=CR),
    Route("maps:detail", get=MR, post=NA, kwargs=MAP),
    Route("maps:settings", get=FA, post=FA, kwargs=MAP),
    Route("maps:delete", get=FA, post=FA, kwargs=MAP),
    Route("maps:item-create", get=NA, post=MED, kwargs={"map_id": "map", "kind": "=card"}),
    Route("maps:item-show", get=MR, post=NA, kwargs=item("card")),
    Route("maps:item-edit", get=MED, post=NA, kwargs=item("touchpoint")),
    Route("maps:item-update", get=NA, post=MED, kwargs=item("stage")),
    Route("maps:item-move", get=NA, post=RE, kwargs=item("lane"), data={"direction": "=next"}),
    Route("maps:item-delete", get=NA, post=MED, kwargs=item("card")),
    Route("maps:catch-up", get=MR, post=NA, kwargs=MAP),
    Route("maps:criteria", get=MR, post=NA, kwargs=MAP),
    Route("maps:undo", get=NA, post=MED, kwargs=MAP),
    Route("maps:redo", get=NA, post=MED, kwargs=MAP),
    Route("maps:history", get=MR, post=NA, kwargs=MAP),
    Route("maps:undo-event", get=NA, post=FA, kwargs={**MAP, "revision": "revision"}),
    Route("maps:lock", get=NA, post=FA, kwargs=MAP, data={"locked": "=1"}),
    Route("maps:workshop", get=FA, post=FA, kwargs=MAP),
    Route("maps:workshop-qr", get=FA, post=NA, kwargs=MAP),
    Route("maps:workshop-link", get=NA, post=FA, kwargs=MAP),
    Route("maps:workshop-end", get=NA, post=FA, kwargs=MAP),
    Route("maps:workshop-guests", get=FA, post=NA, kwargs=MAP),
    Route("maps:workshop-revoke", get=NA, post=FA, kwargs=MAP),
    Route("maps:workshop-rights", get=NA, post=FA, kwargs=MAP, data={"guests_restructure": "=1"}),
    Route("maps:trash", get=MR, post=NA, kwargs=MAP),
    Route("maps:trash-empty", get=FA, post=FA, kwargs=MAP),
    Route("maps:trash-restore", get=NA, post=MED, kwargs=TRASHED),
    Route(
        "maps:trash-restore-draft",
        get=NA,
        post=MED,
        kwargs={"map_id": "map", "kind": "=card", "item_id": "trashed_card"},
        data={"text": "=Repris du brouillon", "version": "=1"},
    ),
    Route("maps:actions", get=MR, post=NA, kwargs=MAP),
    Route("maps:present", get=MR, post=NA, kwargs=MAP),
    Route("maps:present-deck", get=MR, post=NA, kwargs=MAP),
    Route("maps:snapshots", get=MR, post=FA, kwargs=MAP, data={"name": "=Avant"}),
    Route("maps:snapshot", get=MR, post=NA, kwargs=SNAPSHOT),
    Route("maps:snapshot-restore", get=FA, post=FA, kwargs=SNAPSHOT),
    Route("maps:snapshot-delete", get=FA, post=FA, kwargs=SNAPSHOT),
    Route("maps:diff", get=MR, post=NA, kwargs=MAP),
    Route("maps:action-new", get=MED, post=NA, kwargs=MAP),
    # Share links: made and revoked by the map's facilitators; the link itself opens
    # for anyone who holds it (its own checks: tests/maps/test_share_links.py).
    Route("maps:share", get=FA, post=FA, kwargs=MAP, data={"label": "=Comité"}),
    Route(
        "maps:share-edit",
        get=FA,
        post=FA,
        kwargs={**MAP, "link_id": "share_link"},
        data={"label": "=Comité"},
    ),
    Route("maps:share-revoke", get=FA, post=FA, kwargs={**MAP, "link_id": "share_link"}),
    Route("share-map", get=P, post=P, kwargs={"token": "share_token"}),
    Route("share-changes", get=P, post=NA, kwargs={"token": "share_token"}),
    # The world's link allows the PDF; what a link that does not, a revoked one or one
    # with a password gives: tests/maps/test_share_pdf.py.
    Route("share-pdf", get=P, post=P, kwargs={"token": "share_token"}),
    Route("share-present", get=P, post=NA, kwargs={"token": "share_token"}),
    Route("share-present-deck", get=P, post=NA, kwargs={"token": "share_token"}),
    Route("workshop-join", get=P, post=P, kwargs={"token": "token"}),
    Route("join", get=P, post=P),
    Route("maps:import", get=CR, post=CR),
    Route("maps:export", get=ME, post=ME, kwargs=MAP),
    Route("maps:export-pdf", get=ME, post=NA, kwargs=MAP),
    # An export no one started: members are told it is gone (410), others get the 404.
    Route("maps:export-progress", get=ME, post=NA, kwargs=EXPORT),
    Route("maps:export-cancel", get=NA, post=ME, kwargs=EXPORT),
    Route("maps:export-json", get=ME, post=NA, kwargs=MAP),
    Route("maps:export-csv", get=ME, post=NA, kwargs=MAP),
    # A CSV of figures onto the map: its facilitators, on an unlocked map; not its guests.
    Route("maps:figures-import", get=FA, post=FA, kwargs=MAP),
    Route("maps:figures-confirm", get=NA, post=FA, kwargs=MAP),
    Route("maps:figures-example", get=FA, post=NA, kwargs=MAP),
    Route("maps:timer", get=NA, post=FA, kwargs=MAP, data={"action": "=reset"}),
    Route("maps:focus", get=NA, post=FA, kwargs=MAP, data={"target": "="}),
    Route("maps:rounds", get=MR, post=NA, kwargs=MAP),
    Route("maps:round-open", get=NA, post=FA, kwargs=MAP, data={"kind": "=emotion"}),
    Route("maps:round-close", get=NA, post=FA, kwargs=MAP),
    Route("maps:round-adopt", get=NA, post=FA, kwargs={**MAP, "round_id": "round"}),
    Route("maps:round-dismiss", get=NA, post=FA, kwargs={**MAP, "round_id": "round"}),
    Route("maps:ballot", get=MR, post=NA, kwargs=MAP),
    Route("maps:vote", get=NA, post=MED, kwargs=MAP, data={"card": "card", "delta": "=1"}),
    Route("personas:list", get=LI, post=NA),
    Route("personas:create", get=CR, post=CR),
    Route("personas:detail", get=ME, post=NA, kwargs=PERSONA),
    Route("personas:edit", get=ED, post=ED, kwargs=PERSONA),
    Route("personas:delete", get=ED, post=ED, kwargs=PERSONA),
    Route("personas:duplicate", get=NA, post=ED, kwargs=PERSONA),
    Route("personas:photo", get=ME, post=NA, kwargs={**PERSONA, "size": "=card"}),
    # The one-page PDF: whoever may read the persona may print it.
    Route("personas:one-pager", get=ME, post=NA, kwargs=PERSONA),
    Route("workspaces:switch", get=NA, post=ME, data={"workspace": "workspace"}),
    Route("workspaces:members", get=AD, post=NA, kwargs=WORKSPACE),
    Route("workspaces:invite", get=AD, post=AD, kwargs=WORKSPACE),
    Route("workspaces:member-role", get=NA, post=AD, kwargs=MEMBER),
    Route("workspaces:member-remove", get=AD, post=AD, kwargs=MEMBER),
    Route("workspaces:journey-types", get=AD, post=AD, kwargs=WORKSPACE),
    Route("workspaces:mine", get=LI, post=NA),
    Route("workspaces:leave", get=ME, post=ME, kwargs=WORKSPACE),
    Route(
        "workspaces:invitation",
        get=Level.INVITEE,
        post=Level.INVITEE,
        kwargs={"token": "invitation_token"},
        data={"answer": "=decline"},
    ),
    Route(
        "workspaces:invitation-cancel",
        get=NA,
        post=AD,
        kwargs={"workspace_id": "workspace", "invitation_id": "invitation"},
    ),
]
# The Django admin is for staff only; none of the roles is staff. A sample of
# its URLs is requested; its whole namespace is covered by this one rule.
ADMIN_NAMESPACE = "admin"
ADMIN_SAMPLES = [
    ("admin:index", {}),
    ("admin:personas_persona_changelist", {}),
    ("admin:personas_persona_change", {"object_id": "persona"}),
    ("admin:maps_journeymap_change", {"object_id": "map"}),
    ("admin:maps_sharelink_changelist", {}),
    ("admin:maps_snapshot_changelist", {}),
    ("admin:maps_trasheditem_changelist", {}),
]


def url_names(resolvers=None, namespace: str = "") -> list[str]:
    """Every URL pattern's full name, unnamed ones as ``<unnamed: route>``."""
    names = []
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            names.append(f"{namespace}{entry.name or f'<unnamed: {entry.pattern}>'}")
    return names


def test_every_url_pattern_is_in_the_matrix():
    covered = {route.name for route in ROUTES}
    missing = [
        name
        for name in url_names()
        if name not in covered and not name.startswith(f"{ADMIN_NAMESPACE}:")
    ]
    assert missing == [], f"URL patterns without a row in the permission matrix: {missing}"


def test_the_matrix_lists_no_url_that_is_gone():
    existing = set(url_names())
    assert [route.name for route in ROUTES if route.name not in existing] == []


def test_every_level_has_an_outcome_for_every_role():
    for level, outcomes in EXPECTED.items():
        assert set(outcomes) == set(ROLES), level


# The requests -------------------------------------------------------------------


@pytest.fixture
def admin(workspace):
    return make_user("admin", workspace, Role.ADMIN)


@pytest.fixture
def world(
    settings, tmp_path, workspace, owner, marketer, outsider, admin, journey_map, persona, guest
):
    settings.MEDIA_ROOT = tmp_path
    persona.photo = photos.store(photos.process_bytes(jpeg_with_gps()).content)
    persona.save()
    # A card deleted by the facilitator: it waits in the map's trash.
    first = journey_map.cards.first()
    deleted = Card.objects.create(
        journey_map=journey_map, stage=first.stage, lane=first.lane, text="Supprimée", position=9
    )
    services.item_delete(user=owner, map_id=journey_map.pk, kind_name="card", item_id=deleted.pk)
    invitation = Invitation.objects.create(
        workspace=workspace, invitee=outsider, email="outsider@example.org", role=Role.MARKETER
    )
    share_link, share_token = share_links.link_create(
        user=owner,
        journey_map=journey_map,
        label="Comité",
        password="",
        expires_on=None,
        allow_pdf=True,
    )
    world = {
        "share_link": share_link.pk,
        "share_token": share_token,
        "invitation": invitation.pk,
        "invitation_token": invitation.token,
        "map": journey_map.pk,
        "persona": persona.pk,
        "workspace": workspace.pk,
        "membership": Membership.objects.get(user=marketer).pk,
        "stage": journey_map.stages.first().pk,
        "touchpoint": journey_map.touchpoints.first().pk,
        "lane": journey_map.lanes.first().pk,
        "card": journey_map.cards.first().pk,
        "trash": TrashedItem.objects.get(item_id=deleted.pk).pk,
        "trashed_card": deleted.pk,
        "token": journey_map.workshops.get().token,
        # Starting the workshop was a change: the history has a line to undo.
        "revision": MapEvent.objects.filter(journey_map=journey_map).latest("revision").revision,
        "snapshot": snapshots.take(journey_map, name="Avant l'atelier").pk,
        "round": Round.objects.create(
            journey_map=journey_map, kind=RoundKind.EMOTION, closed_at=timezone.now()
        ).pk,
        "users": {
            "anonymous": None,
            "outsider": outsider,
            "marketer": marketer,
            "facilitator": owner,
            "admin": admin,
            "guest": guest,
        },
    }
    # The link's PDF is ready: the matrix asks who reaches it, not the renderer
    # (its own bounds: tests/maps/test_share_pdf.py).
    journey_map.refresh_from_db()
    caches["default"].set(cache_key(journey_map, share_pdf.OPTIONS), (b"%PDF-1.7", 1), 60)
    return world


def value_of(value: str, world: dict):
    """``"map"`` is the map's pk; ``"=card"`` is the text "card"."""
    return value[1:] if value.startswith("=") else world[value]


def url_of(name: str, kwargs: dict[str, str], world: dict) -> str:
    return reverse(name, kwargs={key: value_of(value, world) for key, value in kwargs.items()})


def client_as(role: str, world: dict, **client_args) -> Client:
    user = world["users"][role]
    client = Client(**client_args)
    if user is not None:
        client.force_login(user)
    return client


def outcome_of(response) -> Outcome:
    status = response.status_code
    location = response.get("Location", "")
    if status == 302 and location.startswith(reverse("admin:login")):
        return Outcome.ADMIN_LOGIN
    # login_required's redirect says where to come back; logging out's does not.
    if status == 302 and location.startswith(f"{reverse('login')}?next="):
        return Outcome.LOGIN
    if status in {403, 404, 405}:
        return {403: F, 404: N, 405: M}[status]
    # Anything else passed the access checks: a page, a redirect, a form refused
    # as invalid (422) or conflicting (409).
    assert status < 500, f"server error {status}"
    return Outcome.ALLOWED


def expected(route: Route, method: str, role: str) -> Outcome:
    level = route.get if method == "get" else route.post
    if level is Level.NOT_ALLOWED and Level.PUBLIC in {route.get, route.post}:
        return PUBLIC_NOT_ALLOWED[role]
    return EXPECTED[level][role]


CASES = [
    pytest.param(route, method, role, id=f"{route.name}-{method}-{role}")
    for route in ROUTES
    for method in ("get", "post")
    for role in ROLES
]


@pytest.mark.parametrize(("route", "method", "role"), CASES)
def test_each_role_gets_what_the_matrix_says(world, route, method, role):
    url = url_of(route.name, route.kwargs, world)
    data = {key: value_of(value, world) for key, value in route.data.items()}
    response = getattr(client_as(role, world), method)(url, data if method == "post" else None)
    assert outcome_of(response) == expected(route, method, role), (
        f"{method.upper()} {url} as {role}: {response.status_code}"
    )


@pytest.mark.parametrize(
    ("name", "kwargs", "role"),
    [(name, kwargs, role) for name, kwargs in ADMIN_SAMPLES for role in ROLES],
)
def test_the_django_admin_is_for_staff_only(world, name, kwargs, role):
    response = client_as(role, world).get(url_of(name, kwargs, world))
    assert outcome_of(response) == EXPECTED[Level.STAFF][role]


def test_a_staff_member_reaches_the_django_admin(world):
    staff = get_user_model().objects.create_user("staff", is_staff=True, is_superuser=True)
    assert client_for(staff).get(reverse("admin:index")).status_code == 200


# CSRF: every unsafe request needs the token --------------------------------------

UNSAFE = [
    pytest.param(route, id=route.name) for route in ROUTES if route.post is not Level.NOT_ALLOWED
]


@pytest.mark.parametrize("route", UNSAFE)
def test_an_unsafe_request_without_the_csrf_token_is_refused(world, route):
    # The most powerful role: the refusal must come from CSRF, not from access.
    client = client_as("admin", world, enforce_csrf_checks=True)
    url = url_of(route.name, route.kwargs, world)
    assert client.post(url).status_code == 403
    assert client.post(url, **HTMX).status_code == 403


def test_an_htmx_post_with_the_token_header_passes(world):
    client = client_as("facilitator", world, enforce_csrf_checks=True)
    page = client.get(reverse("maps:detail", args=[world["map"]]))
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("maps:item-create", kwargs={"map_id": world["map"], "kind": "card"}),
        {"text": "Nouvelle carte"},
        headers={"X-CSRFToken": token},
        **HTMX,
    )
    assert response.status_code != 403


# History: a guest sees one map's changes, and never anyone's ballot -------------------


def test_a_guest_of_one_map_sees_nothing_of_another_maps_history(world, workspace, owner):
    other = services.map_create(
        user=owner,
        workspace=workspace,
        data={"title": "Une autre carte", "journey_type": JourneyType.objects.first().pk},
    )
    guest = client_as("guest", world)
    assert guest.get(reverse("maps:history", args=[other.pk])).status_code == 404
    assert guest.get(reverse("maps:history", args=[world["map"]])).status_code == 200


def test_the_history_says_who_voted_never_what(world, owner, journey_map, collaborator):
    touchpoint = journey_map.touchpoints.get()
    guest = world["users"]["guest"]
    world_round = Round.objects.get(pk=world["round"])
    world_round.dismissed = True
    world_round.save()
    rounds.round_open(user=owner, map_id=journey_map.pk, kind="emotion")
    rounds.score(user=guest, map_id=journey_map.pk, touchpoint_id=touchpoint.pk, value=-2)
    rounds.score(user=collaborator, map_id=journey_map.pk, touchpoint_id=touchpoint.pk, value=2)
    rounds.round_close(user=owner, map_id=journey_map.pk)
    pain = journey_map.lanes.get(kind=LaneKind.PAIN_POINTS)
    card = Card.objects.create(
        journey_map=journey_map, stage=touchpoint.stage, lane=pain, text="File d'attente"
    )
    rounds.round_open(
        user=owner,
        map_id=journey_map.pk,
        kind="dots",
        data={"lane_kinds": [LaneKind.PAIN_POINTS], "dots_each": 3, "stacking": True},
    )
    for _dot in range(3):
        rounds.dot(user=collaborator, map_id=journey_map.pk, card_id=card.pk, delta=1)
    response = client_as("guest", world).get(reverse("maps:history", args=[journey_map.pk]))
    votes = [line for line in response.context["page"].lines if line.event.kind == "vote.cast"]
    assert len(votes) == 5
    assert {line.text for line in votes} == {"a voté"}
    assert {line.event.actor_name for line in votes} == {"Camille", "collaborator"}
    html = response.content.decode()
    # The scores (−2, +2) and the dots (3 on one card) are nowhere on the page.
    for value in ("−2", "+2", "3 dots", "3 points"):
        assert value not in html


# Share links: the link of one map opens nothing of another -----------------------------


def test_a_share_link_of_one_map_reaches_nothing_of_another(world, workspace, owner):
    """A visitor who opened the world's link (and its PDF) holds a session that is no
    login: every URL of another map, with every method, stays closed to them."""
    other = services.map_create(
        user=owner,
        workspace=workspace,
        data={"title": "Une autre carte", "journey_type": JourneyType.objects.first().pk},
    )
    visitor = Client()
    assert visitor.get(reverse("share-map", args=[world["share_token"]])).status_code == 200
    assert visitor.get(reverse("share-pdf", args=[world["share_token"]])).status_code == 200
    elsewhere = {**world, "map": other.pk}
    checked = 0
    for route in ROUTES:
        if "map_id" not in route.kwargs:
            continue
        url = url_of(route.name, route.kwargs, elsewhere)
        for method in ("get", "post"):
            outcome = outcome_of(getattr(visitor, method)(url))
            assert outcome in {Outcome.LOGIN, Outcome.NOT_FOUND, Outcome.METHOD}, (
                f"{method.upper()} {url}: {outcome}"
            )
            checked += 1
    assert checked > 50
