"""Changes to a workspace's members and journey types.

Each function checks access through ``workspaces.access`` and works inside
one transaction; the rule that a workspace keeps at least one admin is
enforced here, with the admins' rows locked, so two admins demoting each other
at the same moment cannot both succeed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from journeymap.changes import ChangeRefused
from workspaces import access
from workspaces.models import Invitation, Membership, Role, Workspace

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from maps.models import JourneyType


class LastAdmin(ChangeRefused):
    """The change would leave the workspace without an admin."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message or _("A workspace needs at least one admin: make someone else admin first.")
        )


class AlreadyMember(ChangeRefused):
    pass


class InvitationExpired(ChangeRefused):
    def __init__(self):
        super().__init__(
            _("This invitation has expired: ask an admin of the workspace to invite you again.")
        )


def member_invite(*, user: User, workspace: Workspace, email: str, role: str) -> Invitation:
    """Invites the account that uses ``email``, or a new account made for it.

    Nobody joins here: the invitee accepts or declines (``invitation_accept``).
    The answer is the same whether an account existed or not, so the form tells
    nothing about who has an account. Inviting again replaces the pending
    invitation (new link, new role, new expiry).
    """
    access.check_manage_workspace(user, workspace)
    email = get_user_model().objects.normalize_email(email.strip())
    with transaction.atomic():
        invitee = (
            get_user_model().objects.filter(email__iexact=email).order_by("pk").first()
            # No account: one without a password, which its owner sets from the email.
            or get_user_model().objects.create_user(
                username=_free_username(email), email=email, password=None
            )
        )
        if Membership.objects.filter(workspace=workspace, user=invitee).exists():
            raise AlreadyMember(
                _("%(email)s is already a member of this workspace.") % {"email": email}
            )
        Invitation.objects.filter(workspace=workspace, invitee=invitee).delete()
        return Invitation.objects.create(
            workspace=workspace, invitee=invitee, email=email, role=role, invited_by=user
        )


def invitation_accept(*, user: User, token: str) -> Membership:
    """The invitee joins with the invitation's role; the invitation is used up.

    Accepting is consent to membership, not to working there: the user's current
    workspace stays the one they had (``access.current_workspace``) until they pick
    the new one.
    """
    with transaction.atomic():
        invitation = _invitation(user, token)
        if invitation.is_expired:
            raise InvitationExpired
        membership, _created = Membership.objects.get_or_create(
            workspace=invitation.workspace, user=user, defaults={"role": invitation.role}
        )
        invitation.delete()
    access.forget(user)
    return membership


def invitation_decline(*, user: User, token: str) -> Invitation:
    with transaction.atomic():
        invitation = _invitation(user, token)
        invitation.delete()
    return invitation


def invitation_cancel(*, user: User, invitation_id: int) -> Invitation:
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("workspace")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:
            raise Http404
        access.check_cancel_invitation(user, invitation)
        invitation.delete()
    return invitation


def member_leave(*, user: User, workspace: Workspace) -> Membership:
    """The user leaves a workspace they belong to, unless they are its last admin."""
    access.check_member_of(user, workspace)
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("workspace")
            .filter(workspace=workspace, user=user)
            .first()
        )
        if membership is None:
            raise Http404
        if membership.role == Role.ADMIN:
            _keep_an_admin(membership, leaving_self=True)
        membership.delete()
    access.forget(user)
    return membership


def member_set_role(*, user: User, membership_id: int, role: str) -> Membership:
    with transaction.atomic():
        membership = _locked(membership_id)
        access.check_manage_membership(user, membership)
        if membership.role == Role.ADMIN and role != Role.ADMIN:
            _keep_an_admin(membership)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def member_remove(*, user: User, membership_id: int) -> Membership:
    """The account stays (it may belong to other workspaces); only the membership goes."""
    with transaction.atomic():
        membership = _locked(membership_id)
        access.check_manage_membership(user, membership)
        if membership.role == Role.ADMIN:
            _keep_an_admin(membership)
        membership.delete()
    return membership


def journey_type_create(
    *, user: User, workspace: Workspace, name: str, definition: str
) -> JourneyType:
    from maps.models import JourneyType

    access.check_manage_workspace(user, workspace)
    with transaction.atomic():
        base = slugify(name)[:40] or "type"
        slug = f"{base}-{workspace.pk}"
        suffix = 2
        while JourneyType.objects.filter(slug=slug).exists():
            slug = f"{base}-{workspace.pk}-{suffix}"
            suffix += 1
        position = JourneyType.objects.count()
        return JourneyType.objects.create(
            slug=slug, name=name, definition=definition, position=position, workspace=workspace
        )


def _keep_an_admin(leaving: Membership, *, leaving_self: bool = False) -> None:
    admins = list(
        Membership.objects.select_for_update()
        .filter(workspace_id=leaving.workspace_id, role=Role.ADMIN)
        .values_list("pk", flat=True)
    )
    if admins == [leaving.pk] and leaving_self:
        raise LastAdmin(
            _(
                "You are the last admin of this workspace: make another member admin "
                "before you leave, so that someone can still manage it."
            )
        )
    if admins == [leaving.pk]:
        raise LastAdmin


def _invitation(user: User, token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("workspace")
        .filter(token=token)
        .first()
    )
    return access.check_answer_invitation(user, invitation)


def _locked(membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("workspace", "user")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def _free_username(email: str) -> str:
    """A username from the email's local part, numbered if taken: “nell”, “nell2”…"""
    user_model = get_user_model()
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0])[:140] or "member"
    name, number = base, 2
    while user_model.objects.filter(username__iexact=name).exists():
        name = f"{base}{number}"
        number += 1
    return name
