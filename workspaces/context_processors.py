from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from workspaces import access


def workspace_menu(request: HttpRequest) -> dict:
    """The header's workspace switcher and admin links, computed only if a page shows them."""

    def menu() -> dict:
        user = request.user
        current = access.current_workspace(user)
        return {
            "current": current,
            "choices": list(access.user_workspaces(user)),
            "can_manage": access.can_manage_workspace(user, current),
        }

    return {"workspace_menu": SimpleLazyObject(menu)}
