"""A member's own side of workspaces: the ones they belong to, the invitations
waiting for them, and leaving.

Permissions come from ``workspaces.access``; changes go through
``workspaces.services``.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from journeymap.requests import AuthenticatedHttpRequest
from workspaces import access, services
from workspaces.models import Invitation, Workspace


@login_required
@require_http_methods(["GET"])
def my_workspaces(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("workspace").order_by(
        "workspace__name", "pk"
    )
    invitations = (
        Invitation.objects.waiting_for(request.user)
        .select_related("workspace", "invited_by")
        .order_by("created_at", "pk")
    )
    context = {
        "memberships": memberships,
        "invitations": invitations,
        "current_id": access.current_workspace_id(request.user),
    }
    return render(request, "workspaces/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    found = Invitation.objects.select_related("workspace", "invited_by").filter(token=token)
    try:
        invitation = access.check_answer_invitation(request.user, found.first())
    except PermissionDenied as refused:
        # Nothing of the invitation itself: only why this account cannot answer it.
        return render(
            request, "workspaces/invitation_elsewhere.html", {"refusal": str(refused)}, status=403
        )
    context: dict[str, Any] = {"invitation": invitation}
    if request.method == "GET":
        status = 410 if invitation.is_expired else 200
        return render(request, "workspaces/invitation.html", context, status=status)
    answer = request.POST.get("answer")
    if answer == "decline":
        services.invitation_decline(user=request.user, token=token)
        messages.success(
            request,
            _("You declined the invitation to “%(name)s”.") % {"name": invitation.workspace.name},
        )
        return redirect("workspaces:mine")
    if answer != "accept":
        context["refusal"] = _("Choose “Accept” or “Decline”.")
        return render(request, "workspaces/invitation.html", context, status=400)
    try:
        membership = services.invitation_accept(user=request.user, token=token)
    except services.InvitationExpired as refused:
        context["refusal"] = str(refused)
        return render(request, "workspaces/invitation.html", context, status=410)
    messages.success(
        request,
        _(
            "You joined “%(name)s” as %(role)s. Your current workspace stays the same: "
            "open the new one below when you want to work in it."
        )
        % {"name": membership.workspace.name, "role": membership.get_role_display()},
    )
    return redirect("workspaces:mine")


@login_required
@require_http_methods(["GET", "POST"])
def workspace_leave(request: AuthenticatedHttpRequest, workspace_id: int) -> HttpResponse:
    workspace = access.check_member_of(
        request.user, Workspace.objects.filter(pk=workspace_id).first()
    )
    context = {"workspace": workspace, "role": access.role_in(request.user, workspace.pk)}
    if request.method == "POST":
        try:
            services.member_leave(user=request.user, workspace=workspace)
        except services.LastAdmin as refused:
            context["refusal"] = str(refused)
            return render(request, "workspaces/leave.html", context, status=409)
        messages.success(request, _("You left “%(name)s”.") % {"name": workspace.name})
        return redirect("workspaces:mine")
    return render(request, "workspaces/leave.html", context)
