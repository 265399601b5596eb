from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from workspaces import access


def workspace_menu(request: HttpRequest) -> dict:
    """The header's workspace switcher and team link.

    Lazy, and without a query of its own for members of one workspace (the
    roles are read once per request anyway): every page shows the header.
    """

    def menu() -> dict:
        user = request.user
        current_id = access.current_workspace_id(user)
        several = len(access.workspace_ids(user)) > 1
        return {
            "current_id": current_id,
            "several": several,
            "choices": list(access.user_workspaces(user)) if several else [],
            "can_manage": access.can_manage_workspace_id(user, current_id),
        }

    return {"workspace_menu": SimpleLazyObject(menu)}


def membership(request) -> dict:
    """Whether the user belongs to a workspace: workshop guests do not, and see no
    navigation to lists that would be empty for them."""
    user = getattr(request, "user", None)
    return {"is_member": bool(user and user.is_authenticated and access.workspace_ids(user))}
