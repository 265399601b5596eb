"""Every permission of Parcours is decided here, and only here.

Views, services, fragments and (later) WebSocket consumers ask this module;
none of them looks at roles on its own. Outsiders get a 404 (the object's
existence is a secret), members without the right get a 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from workspaces.models import Membership, Role, Workspace

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from maps.models import JourneyMap
    from personas.models import Persona

    User = AbstractBaseUser | AnonymousUser

EDITOR_ROLES = {Role.ADMIN, Role.FACILITATOR}


class MapLocked(PermissionDenied):
    """The map is locked: nobody edits it until it is unlocked."""


def _role_cache(user: User) -> dict[int, str]:
    # One query per request, whatever the number of checks.
    if not user.is_authenticated:
        return {}
    cache = getattr(user, "_parcours_roles", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("workspace_id", "role"))
        user._parcours_roles = cache
    return cache


def role_in(user: User, workspace_id: int) -> str | None:
    return _role_cache(user).get(workspace_id)


def current_workspace(user: User) -> Workspace | None:
    """The workspace new personas and maps go to: the user's first one."""
    roles = _role_cache(user)
    if not roles:
        return None
    return Workspace.objects.filter(pk__in=roles).order_by("pk").first()


def workspace_ids(user: User) -> list[int]:
    return list(_role_cache(user))


# Maps -----------------------------------------------------------------------


def visible_maps(user: User) -> QuerySet[JourneyMap]:
    from maps.models import JourneyMap

    return JourneyMap.objects.filter(workspace_id__in=workspace_ids(user))


def can_view_map(user: User, journey_map: JourneyMap) -> bool:
    return role_in(user, journey_map.workspace_id) is not None


def can_edit_map(user: User, journey_map: JourneyMap) -> bool:
    return role_in(user, journey_map.workspace_id) in EDITOR_ROLES and not journey_map.locked


def can_create_map(user: User, workspace: Workspace | None) -> bool:
    return workspace is not None and role_in(user, workspace.pk) in EDITOR_ROLES


def check_view_map(user: User, journey_map: JourneyMap) -> None:
    if not can_view_map(user, journey_map):
        raise Http404


def check_edit_map(user: User, journey_map: JourneyMap) -> None:
    check_view_map(user, journey_map)
    if role_in(user, journey_map.workspace_id) not in EDITOR_ROLES:
        raise PermissionDenied(_("Your role lets you read this map, not change it."))
    if journey_map.locked:
        raise MapLocked(_("This map is locked: nobody can change it until it is unlocked."))


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


# Exports --------------------------------------------------------------------


def can_export_map(user: User, journey_map: JourneyMap) -> bool:
    # Every role may take a map out (PDF, JSON, CSV): whoever reads it may print it.
    return can_view_map(user, journey_map)


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
