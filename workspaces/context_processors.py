from workspaces import access


def membership(request) -> dict:
    """Whether the user belongs to a workspace: workshop guests do not, and see no
    navigation to lists that would be empty for them."""
    user = getattr(request, "user", None)
    return {"is_member": bool(user and user.is_authenticated and access.workspace_ids(user))}
