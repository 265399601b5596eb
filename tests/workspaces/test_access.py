import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from maps.models import JourneyType
from tests.conftest import make_user
from workspaces import access
from workspaces.models import Membership, Role, Workspace


def test_members_see_their_workspace_maps_only(owner, outsider, journey_map):
    assert list(access.visible_maps(owner)) == [journey_map]
    assert list(access.visible_maps(outsider)) == []
    assert list(access.visible_maps(AnonymousUser())) == []


def test_facilitators_edit_marketers_read(owner, marketer, outsider, journey_map):
    assert access.can_edit_map(owner, journey_map)
    assert access.can_view_map(marketer, journey_map)
    assert not access.can_edit_map(marketer, journey_map)
    assert not access.can_view_map(outsider, journey_map)


def test_a_locked_map_is_read_only_for_everyone(owner, journey_map):
    journey_map.locked = True
    assert access.can_view_map(owner, journey_map)
    assert not access.can_edit_map(owner, journey_map)


def test_roles_are_read_once_per_user(owner, journey_map, django_assert_num_queries):
    with django_assert_num_queries(1):
        for _ in range(5):
            access.can_edit_map(owner, journey_map)


# Workspaces, switcher and management ---------------------------------------------


def test_the_current_workspace_is_the_first_one_unless_chosen(owner, workspace):
    second = Workspace.objects.create(name="Atelier vélo")
    Membership.objects.create(workspace=second, user=owner, role=Role.MARKETER)
    assert access.current_workspace(owner) == workspace
    access.choose_workspace(owner, second.pk)
    assert access.current_workspace(owner) == second
    assert access.current_workspace_id(owner) == second.pk


def test_the_default_workspace_is_the_first_joined_not_the_lowest_id(workspace, outsider):
    # ``workspace`` is older than the outsider's own; joining it later does not make it
    # the default, so nothing the outsider creates lands there unless they pick it.
    assert workspace.pk < outsider.memberships.get().workspace_id
    Membership.objects.create(workspace=workspace, user=outsider, role=Role.FACILITATOR)
    access.forget(outsider)
    assert access.current_workspace(outsider) != workspace


def test_choosing_a_workspace_one_is_not_in_changes_nothing(owner, workspace, other_workspace):
    access.choose_workspace(owner, other_workspace.pk)
    assert access.current_workspace(owner) == workspace
    assert access.current_workspace_id(AnonymousUser()) is None


def test_only_admins_manage_a_workspace(workspace, owner, marketer, outsider):
    admin = make_user("admin", workspace, Role.ADMIN)
    assert access.check_manage_workspace(admin, workspace) == workspace
    assert access.can_manage_workspace(admin, workspace)
    assert not access.can_manage_workspace(owner, workspace)
    for member in (owner, marketer):
        with pytest.raises(PermissionDenied):
            access.check_manage_workspace(member, workspace)
    with pytest.raises(Http404):
        access.check_manage_workspace(outsider, workspace)
    with pytest.raises(Http404):
        access.check_manage_workspace(admin, None)


def test_a_workspace_sees_the_built_in_journey_types_and_its_own_only(
    owner, outsider, workspace, other_workspace
):
    built_in = JourneyType.objects.filter(workspace__isnull=True).count()
    mine = JourneyType.objects.create(slug="mine", name="Mine", definition=".", workspace=workspace)
    theirs = JourneyType.objects.create(
        slug="theirs", name="Theirs", definition=".", workspace=other_workspace
    )
    seen = set(access.visible_journey_types(owner, workspace))
    assert mine in seen and theirs not in seen and len(seen) == built_in + 1
    # Asking about a workspace one is not in shows the built-in ones only.
    assert theirs not in set(access.visible_journey_types(owner, other_workspace))
    assert mine not in set(access.visible_journey_types(outsider, workspace))
