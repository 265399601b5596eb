"""Invitations: nobody joins a workspace without accepting, and the form reveals no account."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from personas.models import Persona
from tests.conftest import client_for
from workspaces import access
from workspaces.models import Invitation, Membership, Role


def invite_url(workspace):
    return reverse("workspaces:invite", args=[workspace.pk])


def invitation_url(invitation):
    return reverse("workspaces:invitation", args=[invitation.token])


def link_in(email, path_start):
    line = next(line for line in email.body.splitlines() if path_start in line)
    return line.strip().split("testserver", 1)[1]


@pytest.fixture
def victim(outsider):
    """Someone with an account (and a workspace of their own) whom the admin does not know."""
    outsider.email = "victim@example.org"
    outsider.save()
    return outsider


def invite(admin_client, workspace, email, role=Role.FACILITATOR, **kwargs):
    return admin_client.post(invite_url(workspace), {"email": email, "role": role}, **kwargs)


# Inviting ------------------------------------------------------------------------


def test_inviting_an_existing_account_adds_nobody_until_they_accept(
    admin_client, workspace, victim
):
    response = invite(admin_client, workspace, "Victim@Example.org")
    assert response.status_code == 302
    assert not Membership.objects.filter(user=victim, workspace=workspace).exists()
    invitation = Invitation.objects.get(invitee=victim, workspace=workspace)
    assert invitation.role == Role.FACILITATOR
    (email,) = mail.outbox
    assert email.to == ["Victim@example.org"]
    assert "Boulangerie Martin" in email.subject
    assert invitation_url(invitation) in email.body
    assert "/password/reset/" not in email.body


def test_inviting_a_new_address_makes_an_account_that_chooses_a_password_then_accepts(
    admin_client, workspace, client
):
    invite(admin_client, workspace, "nell@example.org", role=Role.MARKETER)
    user = get_user_model().objects.get(email="nell@example.org")
    assert user.username == "nell" and not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()
    (email,) = mail.outbox
    # First the set-password link: Django's page, and it works.
    page = client.get(link_in(email, "/password/reset/"), follow=True)
    assert page.context["validlink"]
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "un-long-mot-de-passe", "new_password2": "un-long-mot-de-passe"},
    )
    user.refresh_from_db()
    assert user.check_password("un-long-mot-de-passe")
    # Then the invitation's link: the login page first, then the invitation.
    accept = link_in(email, "/workspaces/invitations/")
    login = client.get(accept)
    assert login["Location"].startswith(reverse("login"))
    response = client.post(
        login["Location"], {"username": "nell", "password": "un-long-mot-de-passe"}
    )
    assert response["Location"] == accept
    client.post(accept, {"answer": "accept"})
    assert Membership.objects.get(user=user, workspace=workspace).role == Role.MARKETER


def test_the_answer_is_the_same_whether_the_address_has_an_account_or_not(
    admin_client, workspace, victim
):
    def answer(email):
        response = invite(admin_client, workspace, email, follow=True)
        said = [str(message).replace(email, "EMAIL") for message in response.context["messages"]]
        return response.redirect_chain, said

    assert answer("victim@example.org") == answer("stranger@example.org")
    assert answer("victim@example.org")[1] == [
        "An invitation went to EMAIL. They join the workspace when they accept it."
    ]


def test_a_username_is_refused_without_saying_whether_it_exists(admin_client, workspace, victim):
    for who in ["outsider", "nobody"]:
        response = admin_client.post(invite_url(workspace), {"email": who, "role": Role.ADMIN})
        assert response.status_code == 422
        assert "Enter a valid email address" in response.content.decode()
    assert not Invitation.objects.exists()
    assert not Membership.objects.filter(user=victim, workspace=workspace).exists()


def test_inviting_a_member_twice_says_so(admin_client, workspace, marketer):
    marketer.email = "marketer@example.org"
    marketer.save()
    response = invite(admin_client, workspace, "marketer@example.org", role=Role.ADMIN)
    assert response.status_code == 422
    assert "already a member" in response.content.decode()
    assert Membership.objects.get(user=marketer).role == Role.MARKETER
    assert not Invitation.objects.exists()


def test_inviting_again_replaces_the_pending_invitation(admin_client, workspace, victim):
    invite(admin_client, workspace, "victim@example.org", role=Role.MARKETER)
    first = Invitation.objects.get()
    invite(admin_client, workspace, "victim@example.org", role=Role.ADMIN)
    second = Invitation.objects.get()
    assert (second.role, len(mail.outbox)) == (Role.ADMIN, 2)
    assert second.token != first.token
    assert client_for(victim).get(invitation_url(first)).status_code == 404


def test_a_taken_username_gets_a_number(admin_client, workspace, owner):
    invite(admin_client, workspace, "owner@elsewhere.example")
    assert get_user_model().objects.get(email="owner@elsewhere.example").username == "owner2"


def test_the_team_page_lists_pending_invitations_and_an_admin_cancels_one(
    admin_client, workspace, victim
):
    invite(admin_client, workspace, "victim@example.org")
    invitation = Invitation.objects.get()
    page = admin_client.get(reverse("workspaces:members", args=[workspace.pk])).content.decode()
    assert "victim@example.org" in page and "Invitations not answered yet" in page
    cancel = reverse("workspaces:invitation-cancel", args=[workspace.pk, invitation.pk])
    admin_client.post(cancel)
    assert not Invitation.objects.exists()
    assert client_for(victim).get(invitation_url(invitation)).status_code == 404


def test_an_invitation_cannot_be_cancelled_through_another_workspace(
    admin_client, workspace, other_workspace, victim
):
    foreign = Invitation.objects.create(
        workspace=other_workspace, invitee=victim, email="v@example.org", role=Role.ADMIN
    )
    cancel = reverse("workspaces:invitation-cancel", args=[workspace.pk, foreign.pk])
    assert admin_client.post(cancel).status_code == 404
    assert Invitation.objects.filter(pk=foreign.pk).exists()


# Answering -------------------------------------------------------------------------


@pytest.fixture
def invitation(workspace, admin, victim):
    return Invitation.objects.create(
        workspace=workspace,
        invitee=victim,
        email=victim.email,
        role=Role.MARKETER,
        invited_by=admin,
    )


def test_the_invitee_sees_the_invitation_on_the_map_list_and_on_my_workspaces(invitation, victim):
    client = client_for(victim)
    maps = client.get(reverse("maps:list")).content.decode()
    assert "An invitation to join a workspace is waiting" in maps
    mine = client.get(reverse("workspaces:mine")).content.decode()
    assert "Boulangerie Martin" in mine and "invited by admin" in mine
    page = client.get(invitation_url(invitation))
    assert page.status_code == 200
    assert "Join “Boulangerie Martin”?" in page.content.decode()


def test_accepting_adds_the_membership_with_its_role_and_uses_the_invitation_up(
    invitation, victim, workspace, journey_map
):
    client = client_for(victim)
    response = client.post(invitation_url(invitation), {"answer": "accept"})
    assert response["Location"] == reverse("workspaces:mine")
    assert Membership.objects.get(user=victim, workspace=workspace).role == Role.MARKETER
    assert not Invitation.objects.exists()
    assert client.get(reverse("maps:detail", args=[journey_map.pk])).status_code == 200


def test_declining_leaves_nothing(invitation, victim, workspace):
    client = client_for(victim)
    client.post(invitation_url(invitation), {"answer": "decline"})
    assert not Invitation.objects.exists()
    assert not Membership.objects.filter(user=victim, workspace=workspace).exists()


def test_an_answer_that_is_neither_is_refused(invitation, victim):
    response = client_for(victim).post(invitation_url(invitation), {"answer": "maybe"})
    assert response.status_code == 400
    assert Invitation.objects.exists()


def test_nobody_but_the_invitee_sees_or_answers_an_invitation(
    invitation, owner_client, admin_client, marketer_client, client, workspace, victim
):
    for other in (owner_client, admin_client, marketer_client):
        page = other.get(invitation_url(invitation))
        assert page.status_code == 403
        assert "sent to another account" in page.content.decode()
        assert "Boulangerie Martin" not in page.content.decode().split("<main", 1)[1]
        assert other.post(invitation_url(invitation), {"answer": "accept"}).status_code == 403
    assert (
        owner_client.get(reverse("workspaces:invitation", args=["no-such-token"])).status_code
        == 404
    )
    assert client.get(invitation_url(invitation))["Location"].startswith(reverse("login"))
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert not Membership.objects.filter(user=victim, workspace=workspace).exists()


def test_an_expired_invitation_is_not_listed_and_cannot_be_accepted(invitation, victim, workspace):
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    client = client_for(victim)
    assert "Boulangerie Martin" not in client.get(reverse("workspaces:mine")).content.decode()
    response = client.post(invitation_url(invitation), {"answer": "accept"})
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    assert not Membership.objects.filter(user=victim, workspace=workspace).exists()


def test_accepting_leaves_the_current_workspace_where_it_was(
    invitation, victim, workspace, other_workspace
):
    # The inviting workspace is older (a lower id) than the invitee's own.
    assert workspace.pk < other_workspace.pk
    client = client_for(victim)
    client.post(invitation_url(invitation), {"answer": "accept"})
    access.forget(victim)
    assert access.current_workspace(victim) == other_workspace
    # So their next persona lands in their own workspace, not the inviter's.
    Membership.objects.filter(user=victim, workspace=workspace).update(role=Role.FACILITATOR)
    response = client.post(reverse("personas:create"), {"name": "Ludovic", "segment": "b2c"})
    assert response.status_code == 302
    assert Persona.objects.get(name="Ludovic").workspace == other_workspace


def test_an_email_that_cannot_be_sent_keeps_the_invitation_and_says_so(
    admin_client, workspace, victim, monkeypatch
):
    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("workspaces.invitations.send_mail", refuse)
    response = invite(admin_client, workspace, "victim@example.org", follow=True)
    (said,) = [str(message) for message in response.context["messages"]]
    assert "could not be sent" in said and "“My workspaces”" in said
    assert Invitation.objects.filter(invitee=victim).exists()
