from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Workspace(models.Model):
    """A team: it owns personas and maps, and its members have a role in it."""

    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    FACILITATOR = "facilitator", _("Facilitator")
    MARKETER = "marketer", _("Marketer")


class Membership(models.Model):
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("workspace")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.workspace} ({self.get_role_display()})"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


def invitation_expiry():
    return timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


class InvitationQuerySet(models.QuerySet):
    def waiting_for(self, user) -> InvitationQuerySet:
        """The invitations this user may still accept."""
        return self.filter(invitee=user, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An offer to join a workspace: nobody becomes a member without accepting it.

    It names the account it was sent to (found by its email address, or made for
    it with no password), so that only that account sees and answers it; the
    email carries a link to it. Accepting makes the membership; declining,
    cancelling or expiring leaves nothing.
    """

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("workspace")
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("invited account"),
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "invitee"], name="one_invitation_per_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.workspace} ({self.get_role_display()})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
