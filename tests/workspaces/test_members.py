from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import client_for, make_user
from workspaces.models import Membership, Role


def members_url(workspace):
    return reverse("workspaces:members", args=[workspace.pk])


def test_it_lists_the_members_with_their_roles(admin_client, workspace, owner, marketer):
    page = admin_client.get(members_url(workspace)).content.decode()
    for name in ["admin", "owner", "marketer"]:
        assert name in page
    assert 'value="marketer" selected' in page


def test_it_is_for_admins_only(owner_client, marketer_client, outsider_client, workspace):
    assert owner_client.get(members_url(workspace)).status_code == 403
    assert marketer_client.get(members_url(workspace)).status_code == 403
    assert outsider_client.get(members_url(workspace)).status_code == 404


def test_the_header_links_admins_to_their_team(admin_client, owner_client, workspace):
    assert members_url(workspace) in admin_client.get(reverse("maps:list")).content.decode()
    assert members_url(workspace) not in owner_client.get(reverse("maps:list")).content.decode()


def test_it_never_shows_members_of_another_workspace(admin_client, workspace, outsider):
    assert "outsider" not in admin_client.get(members_url(workspace)).content.decode()


# Roles ------------------------------------------------------------------------


def role_url(workspace, membership):
    return reverse("workspaces:member-role", args=[workspace.pk, membership.pk])


def test_an_admin_changes_a_role(admin_client, workspace, marketer):
    membership = Membership.objects.get(user=marketer)
    response = admin_client.post(
        role_url(workspace, membership), {f"m{membership.pk}-role": Role.FACILITATOR}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.FACILITATOR


def test_the_last_admin_cannot_step_down(admin_client, workspace, admin):
    membership = Membership.objects.get(user=admin)
    response = admin_client.post(
        role_url(workspace, membership), {f"m{membership.pk}-role": Role.MARKETER}, follow=True
    )
    assert "at least one admin" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_an_admin_can_step_down_when_another_admin_remains(admin_client, workspace, admin):
    make_user("second", workspace, Role.ADMIN)
    membership = Membership.objects.get(user=admin)
    admin_client.post(role_url(workspace, membership), {f"m{membership.pk}-role": Role.MARKETER})
    membership.refresh_from_db()
    assert membership.role == Role.MARKETER


def test_an_unknown_role_is_refused(admin_client, workspace, marketer):
    membership = Membership.objects.get(user=marketer)
    admin_client.post(role_url(workspace, membership), {f"m{membership.pk}-role": "king"})
    membership.refresh_from_db()
    assert membership.role == Role.MARKETER


def test_a_membership_of_another_workspace_cannot_be_changed_through_mine(
    admin_client, workspace, outsider
):
    foreign = Membership.objects.get(user=outsider)
    response = admin_client.post(role_url(workspace, foreign), {f"m{foreign.pk}-role": "marketer"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == Role.FACILITATOR


# Removing -----------------------------------------------------------------------


def remove_url(workspace, membership):
    return reverse("workspaces:member-remove", args=[workspace.pk, membership.pk])


def test_removing_asks_first_then_removes(admin_client, workspace, marketer):
    membership = Membership.objects.get(user=marketer)
    page = admin_client.get(remove_url(workspace, membership))
    assert "Remove marketer" in page.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    admin_client.post(remove_url(workspace, membership))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    # The account stays: it may belong to other workspaces.
    assert get_user_model().objects.filter(pk=marketer.pk).exists()


def test_the_last_admin_cannot_be_removed(admin_client, workspace, admin):
    membership = Membership.objects.get(user=admin)
    response = admin_client.post(remove_url(workspace, membership))
    assert response.status_code == 409
    assert "at least one admin" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_removed_member_sees_nothing_of_the_workspace_any_more(
    admin_client, workspace, marketer, journey_map
):
    admin_client.post(remove_url(workspace, Membership.objects.get(user=marketer)))
    response = client_for(marketer).get(reverse("maps:detail", args=[journey_map.pk]))
    assert response.status_code == 404
