"""The email an invited member gets.

A new account has no password: its email carries a set-password link made by
Django's password-reset machinery (the same token and confirm page as a reset),
so no invitation token of our own needs storing or expiring.
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

from workspaces.forms import INVITATION_DAYS
from workspaces.models import Membership


def set_password_url(request: HttpRequest, user) -> str:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def send_invitation(request: HttpRequest, membership: Membership, *, new_account: bool) -> None:
    user = membership.user
    context = {
        "inviter": request.user.get_full_name() or request.user.get_username(),
        "workspace": membership.workspace.name,
        "role": membership.get_role_display(),
        "username": user.get_username(),
        "new_account": new_account,
        "days": INVITATION_DAYS,
        "link": (
            set_password_url(request, user)
            if new_account
            else request.build_absolute_uri(reverse("home"))
        ),
    }
    subject = _("You are invited to the workspace “%(workspace)s” on Parcours") % context
    body = render_to_string("workspaces/invitation_email.txt", context, request)
    if user.email:
        send_mail(subject, body, None, [user.email])
