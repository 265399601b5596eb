"""Leaving a workspace: any member, after a confirmation; never its last admin."""

from django.urls import reverse

from tests.conftest import client_for, make_user
from workspaces.models import Membership, Role


def leave_url(workspace):
    return reverse("workspaces:leave", args=[workspace.pk])


def test_my_workspaces_lists_mine_with_a_leave_link(marketer_client, workspace, other_workspace):
    page = marketer_client.get(reverse("workspaces:mine")).content.decode()
    assert "Boulangerie Martin" in page and leave_url(workspace) in page
    assert "Concurrent" not in page


def test_the_header_links_to_my_workspaces(marketer_client):
    page = marketer_client.get(reverse("maps:list")).content.decode()
    assert f'class="who" href="{reverse("workspaces:mine")}"' in page


def test_a_member_leaves_after_a_confirmation(marketer_client, marketer, workspace, journey_map):
    page = marketer_client.get(leave_url(workspace))
    assert "Leave “Boulangerie Martin”?" in page.content.decode()
    assert Membership.objects.filter(user=marketer).exists()
    response = marketer_client.post(leave_url(workspace))
    assert response["Location"] == reverse("workspaces:mine")
    assert not Membership.objects.filter(user=marketer).exists()
    assert marketer_client.get(reverse("maps:detail", args=[journey_map.pk])).status_code == 404


def test_the_last_admin_cannot_leave_and_is_told_why(admin_client, admin, workspace):
    response = admin_client.post(leave_url(workspace))
    assert response.status_code == 409
    assert "You are the last admin of this workspace" in response.content.decode()
    assert Membership.objects.filter(user=admin, workspace=workspace).exists()


def test_an_admin_leaves_when_another_admin_remains(admin_client, admin, workspace):
    make_user("second", workspace, Role.ADMIN)
    admin_client.post(leave_url(workspace))
    assert not Membership.objects.filter(user=admin, workspace=workspace).exists()


def test_nobody_leaves_a_workspace_they_are_not_in(outsider_client, workspace, guest):
    assert outsider_client.post(leave_url(workspace)).status_code == 404
    assert client_for(guest).post(leave_url(workspace)).status_code == 404


def test_leaving_the_current_workspace_falls_back_to_another(owner, workspace, other_workspace):
    Membership.objects.create(workspace=other_workspace, user=owner, role=Role.MARKETER)
    client = client_for(owner)
    client.post(reverse("workspaces:switch"), {"workspace": workspace.pk})
    client.post(leave_url(workspace))
    page = client.get(reverse("workspaces:mine")).content.decode()
    assert leave_url(other_workspace) in page and leave_url(workspace) not in page
    assert client.get(reverse("maps:list")).status_code == 200
