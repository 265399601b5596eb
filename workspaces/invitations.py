"""The email an invited person gets.

It links to the invitation's page, where they accept or decline. An account
made for the invitation has no password yet: its email also carries a
set-password link made by Django's password-reset machinery (the same token
and confirm page as a reset).
"""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from journeymap.requests import AuthenticatedHttpRequest
from workspaces.forms import INVITATION_DAYS
from workspaces.models import Invitation


def set_password_url(request: HttpRequest, user) -> str:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def send_invitation(request: AuthenticatedHttpRequest, invitation: Invitation) -> None:
    invitee = invitation.invitee
    context = {
        "inviter": request.user.get_full_name() or request.user.get_username(),
        "workspace": invitation.workspace.name,
        "role": invitation.get_role_display(),
        "username": invitee.get_username(),
        "days": INVITATION_DAYS,
        "set_password_link": (
            None if invitee.has_usable_password() else set_password_url(request, invitee)
        ),
        "link": request.build_absolute_uri(
            reverse("workspaces:invitation", args=[invitation.token])
        ),
    }
    subject = _("You are invited to the workspace “%(workspace)s” on Parcours") % context
    body = render_to_string("workspaces/invitation_email.txt", context, request)
    send_mail(subject, body, None, [invitation.email])
