from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from workspaces import access

SESSION_KEY = "parcours_workspace"


class CurrentWorkspaceMiddleware:
    """Hands the workspace picked with the switcher (kept in the session) to ``access``.

    After AuthenticationMiddleware. A choice the user is no longer a member of
    is ignored by ``access.choose_workspace``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.session.get(SESSION_KEY)
        if chosen is not None and request.user.is_authenticated:
            access.choose_workspace(request.user, chosen)
        return self.get_response(request)
