"""Changes to a workspace's members and journey types.

Each function checks access through ``workspaces.access`` and works inside
one transaction; the rule that a workspace keeps at least one admin is
enforced here, with the admins' rows locked, so two admins demoting each other
at the same moment cannot both succeed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from journeymap.changes import ChangeRefused
from workspaces import access
from workspaces.models import Membership, Role, Workspace

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from maps.models import JourneyType


class LastAdmin(ChangeRefused):
    """The change would leave the workspace without an admin."""

    def __init__(self):
        super().__init__(_("A workspace needs at least one admin: make someone else admin first."))


class AlreadyMember(ChangeRefused):
    pass


@dataclass(frozen=True)
class Invitation:
    membership: Membership
    new_account: bool


def member_invite(
    *, user: AbstractBaseUser, workspace: Workspace, who: str, existing, role: str
) -> Invitation:
    """Adds ``existing`` (a user) or a new account for the email ``who`` to the workspace."""
    access.check_manage_workspace(user, workspace)
    with transaction.atomic():
        new_account = existing is None
        if new_account:
            existing = get_user_model().objects.create_user(
                username=_free_username(who), email=who, password=None
            )
        elif Membership.objects.filter(workspace=workspace, user=existing).exists():
            raise AlreadyMember(
                _("%(name)s is already a member of this workspace.")
                % {"name": existing.get_username()}
            )
        membership = Membership.objects.create(workspace=workspace, user=existing, role=role)
    return Invitation(membership, new_account)


def member_set_role(*, user: AbstractBaseUser, membership_id: int, role: str) -> Membership:
    with transaction.atomic():
        membership = _locked(membership_id)
        access.check_manage_membership(user, membership)
        if membership.role == Role.ADMIN and role != Role.ADMIN:
            _keep_an_admin(membership)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def member_remove(*, user: AbstractBaseUser, membership_id: int) -> Membership:
    """The account stays (it may belong to other workspaces); only the membership goes."""
    with transaction.atomic():
        membership = _locked(membership_id)
        access.check_manage_membership(user, membership)
        if membership.role == Role.ADMIN:
            _keep_an_admin(membership)
        membership.delete()
    return membership


def journey_type_create(
    *, user: AbstractBaseUser, workspace: Workspace, name: str, definition: str
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


def _keep_an_admin(leaving: Membership) -> None:
    admins = list(
        Membership.objects.select_for_update()
        .filter(workspace_id=leaving.workspace_id, role=Role.ADMIN)
        .values_list("pk", flat=True)
    )
    if admins == [leaving.pk]:
        raise LastAdmin


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
