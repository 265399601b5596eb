"""The workspace's own pages: its members, their roles, its journey types, the switcher.

Every permission comes from ``workspaces.access`` (admins only, 404 for
strangers); every change goes through ``workspaces.services``.
"""

import logging
import smtplib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from journeymap.requests import AuthenticatedHttpRequest
from workspaces import access, services
from workspaces.forms import InviteForm, JourneyTypeForm, RoleForm
from workspaces.invitations import send_invitation
from workspaces.middleware import SESSION_KEY
from workspaces.models import Membership, Workspace

logger = logging.getLogger(__name__)


def _managed_workspace(user, workspace_id: int) -> Workspace:
    return access.check_manage_workspace(user, Workspace.objects.filter(pk=workspace_id).first())


def _membership_or_404(user, workspace: Workspace, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_related("user", "workspace")
        .filter(pk=membership_id, workspace=workspace)
        .first()
    )
    if membership is None:
        raise Http404
    return access.check_manage_membership(user, membership)


@login_required
@require_POST
def workspace_switch(request: HttpRequest) -> HttpResponse:
    try:
        workspace_id = int(request.POST.get("workspace", ""))
    except ValueError:
        raise Http404 from None
    workspace = access.check_switch_to(request.user, workspace_id)
    request.session[SESSION_KEY] = workspace.pk
    messages.success(request, _("You are now working in “%(name)s”.") % {"name": workspace.name})
    # Back to the list the user was on: an object of the old workspace would be a 404 now.
    if request.POST.get("next", "").startswith(reverse("personas:list")):
        return redirect("personas:list")
    return redirect("maps:list")


@login_required
@require_http_methods(["GET"])
def member_list(request: HttpRequest, workspace_id: int) -> HttpResponse:
    workspace = _managed_workspace(request.user, workspace_id)
    memberships = workspace.memberships.select_related("user").order_by("user__username", "pk")
    rows = [
        (membership, RoleForm(initial={"role": membership.role}, prefix=f"m{membership.pk}"))
        for membership in memberships
    ]
    invitations = workspace.invitations.select_related("invited_by").order_by("email", "pk")
    context = {"workspace": workspace, "rows": rows, "invitations": invitations}
    return render(request, "workspaces/member_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_invite(request: AuthenticatedHttpRequest, workspace_id: int) -> HttpResponse:
    workspace = _managed_workspace(request.user, workspace_id)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.member_invite(
                user=request.user,
                workspace=workspace,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except services.AlreadyMember as refused:
            form.add_error("email", str(refused))
        else:
            # The same words whether the address had an account or not.
            try:
                send_invitation(request, invitation)
            except (OSError, smtplib.SMTPException):
                logger.exception("Invitation email to workspace %s failed", workspace.pk)
                messages.warning(
                    request,
                    _(
                        "The invitation to %(email)s is saved, but the email could not be sent. "
                        "Invite them again once email works (that sends it again), or ask them "
                        "to log in and open “My workspaces”."
                    )
                    % {"email": invitation.email},
                )
            else:
                messages.success(
                    request,
                    _(
                        "An invitation went to %(email)s. They join the workspace when they "
                        "accept it."
                    )
                    % {"email": invitation.email},
                )
            return redirect("workspaces:members", workspace_id=workspace.pk)
    status = 422 if form.errors else 200
    return render(
        request,
        "workspaces/member_invite.html",
        {"workspace": workspace, "form": form},
        status=status,
    )


@login_required
@require_POST
def invitation_cancel(
    request: AuthenticatedHttpRequest, workspace_id: int, invitation_id: int
) -> HttpResponse:
    workspace = _managed_workspace(request.user, workspace_id)
    if not workspace.invitations.filter(pk=invitation_id).exists():
        raise Http404
    invitation = services.invitation_cancel(user=request.user, invitation_id=invitation_id)
    messages.success(
        request,
        _("The invitation to %(email)s is cancelled.") % {"email": invitation.email},
    )
    return redirect("workspaces:members", workspace_id=workspace.pk)


@login_required
@require_POST
def member_role(
    request: AuthenticatedHttpRequest, workspace_id: int, membership_id: int
) -> HttpResponse:
    workspace = _managed_workspace(request.user, workspace_id)
    membership = _membership_or_404(request.user, workspace, membership_id)
    form = RoleForm(request.POST, prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles in the list."))
        return redirect("workspaces:members", workspace_id=workspace.pk)
    try:
        membership = services.member_set_role(
            user=request.user, membership_id=membership.pk, role=form.cleaned_data["role"]
        )
    except services.LastAdmin as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": membership.user.get_username(), "role": membership.get_role_display()},
        )
    return redirect("workspaces:members", workspace_id=workspace.pk)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(
    request: AuthenticatedHttpRequest, workspace_id: int, membership_id: int
) -> HttpResponse:
    workspace = _managed_workspace(request.user, workspace_id)
    membership = _membership_or_404(request.user, workspace, membership_id)
    context: dict[str, Any] = {"workspace": workspace, "membership": membership}
    if request.method == "POST":
        try:
            services.member_remove(user=request.user, membership_id=membership.pk)
        except services.LastAdmin as refused:
            context["refusal"] = str(refused)
            return render(request, "workspaces/member_remove.html", context, status=409)
        messages.success(
            request,
            _("%(name)s no longer has access to “%(workspace)s”.")
            % {"name": membership.user.get_username(), "workspace": workspace.name},
        )
        if membership.user_id == request.user.pk:
            return redirect("maps:list")
        return redirect("workspaces:members", workspace_id=workspace.pk)
    return render(request, "workspaces/member_remove.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def journey_types(request: AuthenticatedHttpRequest, workspace_id: int) -> HttpResponse:
    workspace = _managed_workspace(request.user, workspace_id)
    form = JourneyTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        journey_type = services.journey_type_create(
            user=request.user, workspace=workspace, **form.cleaned_data
        )
        messages.success(request, _("Journey type “%(name)s” added.") % {"name": journey_type.name})
        return redirect("workspaces:journey-types", workspace_id=workspace.pk)
    context = {
        "workspace": workspace,
        "form": form,
        "types": access.visible_journey_types(request.user, workspace),
    }
    return render(
        request, "workspaces/journey_types.html", context, status=422 if form.errors else 200
    )
