"""Every permission of Parcours is decided here, and only here.

Views, services, fragments and (later) WebSocket consumers ask this module;
none of them looks at roles on its own. Outsiders get a 404 (the object's
existence is a secret), members without the right get a 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.timezone import now
from django.utils.translation import gettext as _

from workspaces.models import Invitation, Membership, Role, Workspace

if TYPE_CHECKING:
    from django.contrib.auth import models as auth
    from django.contrib.auth.models import AnonymousUser

    from maps.models import Guest, JourneyMap, ShareLink
    from personas.models import Persona

    User = auth.User | AnonymousUser

EDITOR_ROLES = {Role.ADMIN, Role.FACILITATOR}


class MapLocked(PermissionDenied):
    """The map is locked: nobody edits it until it is unlocked."""


def _role_cache(user: User) -> dict[int, str]:
    # One query per request, whatever the number of checks.
    if not user.is_authenticated:
        return {}
    cache = getattr(user, "_parcours_roles", None)
    if cache is None:
        # In the order the user joined: the first is their default workspace.
        memberships = Membership.objects.filter(user=user).order_by("pk")
        cache = dict(memberships.values_list("workspace_id", "role"))
        user._parcours_roles = cache  # type: ignore[attr-defined]  # a per-request cache
    return cache


def role_in(user: User, workspace_id: int) -> str | None:
    return _role_cache(user).get(workspace_id)


def current_workspace(user: User) -> Workspace | None:
    """The workspace new personas and maps go to, and that the lists show.

    The one picked with the switcher (see ``choose_workspace``), else the first one
    the user joined. Never the most recent by default: a workspace the user was
    invited to does not take over where their next persona or map goes until
    they pick it.
    """
    workspace_id = current_workspace_id(user)
    if workspace_id is None:
        return None
    return Workspace.objects.filter(pk=workspace_id).first()


def current_workspace_id(user: User) -> int | None:
    """``current_workspace``'s id, from the roles already read: no query of its own."""
    roles = _role_cache(user)
    if not roles:
        return None
    chosen = getattr(user, "_parcours_current", None)
    return chosen if chosen in roles else next(iter(roles))


def workspace_ids(user: User) -> list[int]:
    return list(_role_cache(user))


def forget(user: User) -> None:
    """Drop what this user object remembers of roles and passes: a long-lived WebSocket
    asks again when a workshop or membership may have changed."""
    for name in ("_parcours_roles", "_parcours_guest_passes"):
        if hasattr(user, name):
            delattr(user, name)


# Guests ---------------------------------------------------------------------


def guest_pass(user: User, journey_map: JourneyMap) -> Guest | None:
    """The user's pass to this map as a workshop guest, if one is still valid.

    A pass stays valid after its workshop ended for the grace period the facilitator
    saw (``Workshop.guests_until``: the guest may still read the map), and is revoked
    when the facilitator replaces the workshop's join link or revokes every guest.
    """
    if not user.is_authenticated:
        return None
    passes = getattr(user, "_parcours_guest_passes", None)
    if passes is None:
        passes = user._parcours_guest_passes = {}  # type: ignore[attr-defined]  # per request
    if journey_map.pk not in passes:
        passes[journey_map.pk] = _valid_passes(journey_map).filter(user=user).first()
    return passes[journey_map.pk]


def guest_passes(users: Iterable[User], journey_map: JourneyMap) -> dict[int, Guest]:
    """Each user's ``guest_pass`` to the map, by user id, in one query (those who have one)."""
    passes: dict[int, Guest] = {}
    for guest in _valid_passes(journey_map).filter(user__in=[user.pk for user in users]):
        if guest.user_id is not None:
            passes.setdefault(guest.user_id, guest)  # the newest workshop's pass comes first
    return passes


def _valid_passes(journey_map: JourneyMap) -> QuerySet[Guest]:
    from maps.models import Guest

    return (
        Guest.objects.filter(workshop__journey_map_id=journey_map.pk, token=F("workshop__token"))
        .filter(Q(workshop__ended_at__isnull=True) | Q(workshop__guests_until__gt=now()))
        .select_related("workshop")
        .order_by("-workshop__started_at", "-pk")
    )


def _guest_may_edit(user: User, journey_map: JourneyMap) -> bool:
    guest = guest_pass(user, journey_map)
    return guest is not None and guest.workshop.is_open


# Maps -----------------------------------------------------------------------


def visible_maps(user: User) -> QuerySet[JourneyMap]:
    from maps.models import JourneyMap

    return JourneyMap.objects.filter(workspace_id__in=workspace_ids(user))


def can_view_map(user: User, journey_map: JourneyMap) -> bool:
    return (
        role_in(user, journey_map.workspace_id) is not None
        or guest_pass(user, journey_map) is not None
    )


def can_edit_map(user: User, journey_map: JourneyMap) -> bool:
    if journey_map.locked:
        return False
    if role_in(user, journey_map.workspace_id) in EDITOR_ROLES:
        return True
    return _guest_may_edit(user, journey_map)


def can_facilitate_map(user: User, journey_map: JourneyMap) -> bool:
    """Run the map's workshops: start and end them, share or revoke the link, lock the map."""
    return role_in(user, journey_map.workspace_id) in EDITOR_ROLES


def can_create_map(user: User, workspace: Workspace | None) -> bool:
    return workspace is not None and role_in(user, workspace.pk) in EDITOR_ROLES


def check_view_map(user: User, journey_map: JourneyMap) -> None:
    if not can_view_map(user, journey_map):
        raise Http404


def check_edit_map(user: User, journey_map: JourneyMap) -> None:
    check_view_map(user, journey_map)
    if role_in(user, journey_map.workspace_id) not in EDITOR_ROLES:
        if guest_pass(user, journey_map) is None:
            raise PermissionDenied(_("Your role lets you read this map, not change it."))
        if not _guest_may_edit(user, journey_map):
            raise PermissionDenied(
                _("The workshop has ended: you can read this map, not change it.")
            )
    if journey_map.locked:
        raise MapLocked(_("This map is locked: nobody can change it until it is unlocked."))


def can_restructure_map(user: User, journey_map: JourneyMap) -> bool:
    """Delete or reorder stages and lanes: the team's editors, and guests when the open
    workshop's facilitator allows it (``Workshop.guests_restructure``)."""
    if role_in(user, journey_map.workspace_id) in EDITOR_ROLES:
        return True
    guest = guest_pass(user, journey_map)
    return guest is not None and guest.workshop.is_open and guest.workshop.guests_restructure


def check_restructure_map(user: User, journey_map: JourneyMap) -> None:
    check_edit_map(user, journey_map)
    if not can_restructure_map(user, journey_map):
        raise PermissionDenied(
            _("Only the facilitator can delete or reorder stages and lanes in this workshop.")
        )


def check_vote_map(user: User, journey_map: JourneyMap) -> None:
    """Votes of a facilitated round: whoever may edit the map, even while it is locked
    (facilitators often lock the map so that people vote on it as it stands)."""
    check_view_map(user, journey_map)
    if role_in(user, journey_map.workspace_id) in EDITOR_ROLES:
        return
    if not _guest_may_edit(user, journey_map):
        raise PermissionDenied(_("Only the workshop's participants vote."))


def check_manage_map(user: User, journey_map: JourneyMap) -> None:
    """Title, scope and deletion: the map's facilitators, not its workshop guests."""
    check_edit_map(user, journey_map)
    if not can_facilitate_map(user, journey_map):
        raise PermissionDenied(_("Only the map's facilitators can change its title and scope."))


def check_facilitate_map(user: User, journey_map: JourneyMap) -> None:
    check_view_map(user, journey_map)
    if not can_facilitate_map(user, journey_map):
        raise PermissionDenied(_("Only the map's facilitators can run its workshops."))


def check_restore_map(user: User, journey_map: JourneyMap) -> None:
    """Putting a snapshot back in place: the facilitators', on an unlocked map (it changes
    every item, as any edit would)."""
    check_facilitate_map(user, journey_map)
    check_edit_map(user, journey_map)


def check_admin_site(user: User, journey_map: JourneyMap) -> None:
    """A change made from the Django admin (restoring from the trash there): its staff,
    with the admin's permission on deleted items, whatever their role in the workspace
    and whether or not the map is locked, as for every other change made there."""
    if not (user.is_active and user.is_staff and user.has_perm("maps.change_trasheditem")):
        raise PermissionDenied(_("Only the site's administrators restore from the admin."))


def check_import_figures(user: User, journey_map: JourneyMap) -> None:
    """A CSV of figures, many cards at once: the map's facilitators, on an unlocked map;
    not its workshop guests."""
    check_edit_map(user, journey_map)
    if not can_facilitate_map(user, journey_map):
        raise PermissionDenied(_("Only the map's facilitators can import figures."))


# Share links ----------------------------------------------------------------
# A share link is not a person: it reads one map, as it is now, and nothing else
# (not its history, trash, snapshots, exports, workspace or personas' library).


class LinkEnded(PermissionDenied):
    """The share link was revoked or has expired: the page says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "revoked" or "expired"


def can_share_map(user: User, journey_map: JourneyMap) -> bool:
    """Create, list and revoke the map's share links: its facilitators and admins."""
    return can_facilitate_map(user, journey_map)


def check_share_map(user: User, journey_map: JourneyMap) -> None:
    check_view_map(user, journey_map)
    if not can_share_map(user, journey_map):
        raise PermissionDenied(_("Only the map's facilitators can share it."))


def check_share_link(link: ShareLink | None) -> JourneyMap:
    """The one map a link reads, if the link exists and still works; 404 for an unknown
    token, ``LinkEnded`` for a revoked or expired one."""
    if link is None:
        raise Http404
    if link.revoked_at is not None:
        raise LinkEnded("revoked")
    if link.expired:
        raise LinkEnded("expired")
    return link.journey_map


def share_link_reaches(link: ShareLink, journey_map_id: int) -> bool:
    """A working link reads its own map, never another one."""
    return link.active and link.journey_map_id == journey_map_id


# Personas -------------------------------------------------------------------


def visible_personas(user: User) -> QuerySet[Persona]:
    from personas.models import Persona

    return Persona.objects.filter(workspace_id__in=workspace_ids(user))


def can_edit_persona(user: User, persona: Persona) -> bool:
    return role_in(user, persona.workspace_id) in EDITOR_ROLES


def can_create_persona(user: User, workspace: Workspace | None) -> bool:
    return workspace is not None and role_in(user, workspace.pk) in EDITOR_ROLES


def check_view_persona(user: User, persona: Persona) -> None:
    if role_in(user, persona.workspace_id) is None:
        raise Http404


def check_edit_persona(user: User, persona: Persona) -> None:
    check_view_persona(user, persona)
    if not can_edit_persona(user, persona):
        raise PermissionDenied(_("Your role lets you read personas, not change them."))


def check_create_in(user: User, workspace: Workspace | None) -> Workspace:
    """The workspace to create in, if the user may create personas and maps there."""
    if workspace is None:
        raise PermissionDenied(_("You are not a member of any workspace yet."))
    if role_in(user, workspace.pk) not in EDITOR_ROLES:
        raise PermissionDenied(_("Your role does not let you create here."))
    return workspace


# Workspaces, members and journey types ----------------------------------------
# Only admins manage a workspace: its members, their roles, its journey types
# and its persona library.


def user_workspaces(user: User) -> QuerySet[Workspace]:
    return Workspace.objects.filter(pk__in=workspace_ids(user)).order_by("name", "pk")


def choose_workspace(user: User, workspace_id: int | None) -> None:
    """Make ``workspace_id`` the user's current workspace for this request, if a member.

    ``workspaces.middleware`` calls it with the choice kept in the session, so
    that ``current_workspace`` follows the switcher.
    """
    if workspace_id is not None and role_in(user, workspace_id) is not None:
        user._parcours_current = workspace_id  # type: ignore[union-attr]  # per request


def check_switch_to(user: User, workspace_id: int) -> Workspace:
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None or role_in(user, workspace.pk) is None:
        raise Http404
    return workspace


def can_manage_workspace(user: User, workspace: Workspace | None) -> bool:
    return can_manage_workspace_id(user, workspace.pk if workspace else None)


def can_manage_workspace_id(user: User, workspace_id: int | None) -> bool:
    return workspace_id is not None and role_in(user, workspace_id) == Role.ADMIN


def check_manage_workspace(user: User, workspace: Workspace | None) -> Workspace:
    """The workspace, if the user is its admin: 404 for strangers, 403 for other members."""
    if workspace is None or role_in(user, workspace.pk) is None:
        raise Http404
    if role_in(user, workspace.pk) != Role.ADMIN:
        raise PermissionDenied(_("Only the admins of this workspace can manage it."))
    return workspace


def check_manage_membership(user: User, membership: Membership) -> Membership:
    check_manage_workspace(user, membership.workspace)
    return membership


def check_member_of(user: User, workspace: Workspace | None) -> Workspace:
    """The workspace, if the user is a member (any role): leaving it, for one."""
    if workspace is None or role_in(user, workspace.pk) is None:
        raise Http404
    return workspace


def check_answer_invitation(user: User, invitation: Invitation | None) -> Invitation:
    """Only the account an invitation was sent to sees and answers it.

    Another account holding the link (someone logged in as a colleague, or with a
    second account) is told so, and sees nothing of the invitation.
    """
    if invitation is None or not user.is_authenticated:
        raise Http404
    if invitation.invitee_id != user.pk:
        raise PermissionDenied(
            _(
                "This invitation was sent to another account. Log out, then log in with "
                "the account of the email address that received it."
            )
        )
    return invitation


def check_cancel_invitation(user: User, invitation: Invitation) -> Invitation:
    check_manage_workspace(user, invitation.workspace)
    return invitation


def can_duplicate_persona(user: User, persona: Persona) -> bool:
    return can_edit_persona(user, persona)


def visible_journey_types(user: User, workspace: Workspace | None):
    """The built-in journey types and the ones this workspace's admins added."""
    from maps.models import JourneyType

    types = JourneyType.objects.filter(workspace__isnull=True)
    if workspace is not None and role_in(user, workspace.pk) is not None:
        types = JourneyType.objects.filter(Q(workspace__isnull=True) | Q(workspace_id=workspace.pk))
    return types


# Exports --------------------------------------------------------------------


def can_export_map(user: User, journey_map: JourneyMap) -> bool:
    # Every member may take a map out (PDF, JSON, CSV). Workshop guests may not: the
    # export carries the personas, which are the team's, not the workshop's.
    return role_in(user, journey_map.workspace_id) is not None


def check_export_map(user: User, journey_map: JourneyMap) -> None:
    if not can_export_map(user, journey_map):
        raise Http404


def import_workspaces(user: User) -> QuerySet[Workspace]:
    """Workspaces a JSON map may be imported into: those where the user creates maps."""
    editable = [pk for pk, role in _role_cache(user).items() if role in EDITOR_ROLES]
    return Workspace.objects.filter(pk__in=editable).order_by("name", "pk")


def check_import_map(user: User) -> QuerySet[Workspace]:
    """The workspaces to offer on the import page; none is a refusal."""
    workspaces = import_workspaces(user)
    if not workspaces.exists():
        raise PermissionDenied(_("Your role does not let you create maps in any workspace."))
    return workspaces
