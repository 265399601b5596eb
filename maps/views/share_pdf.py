"""The map's PDF through a share link: prepared on demand, downloaded from the cache.

Checked on the server at every request, as the shared page is: the link must exist,
work (not revoked, not expired), be unlocked in this browser when it has a password,
and allow the PDF. The token names the link, and the link its one map.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from journeymap.requests import HtmxHttpRequest
from maps import share_links, share_pdf
from maps.export import bounded, jobs
from maps.models import JourneyMap, ShareLink
from maps.views.downloads import RETRY_AFTER, attachment, download_filename
from maps.views.share import ended_page
from workspaces import access


def _open_link(request: HtmxHttpRequest, token: str) -> tuple[ShareLink, JourneyMap]:
    try:
        link, journey_map = share_links.opened(token, request.session)  # 404, or LinkEnded
    except share_links.Locked as locked:
        raise PermissionDenied from locked
    if not link.allow_pdf:
        # Nothing here for this link: as for any address that does not exist.
        raise Http404
    return link, journey_map


@never_cache
@require_http_methods(["GET", "POST"])
def shared_pdf(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """GET: the PDF when it is ready, else the page that prepares it (its state alone
    when polled by htmx). POST: prepare it (or find it prepared), then that page."""
    try:
        link, journey_map = _open_link(request, token)
    except (access.LinkEnded, PermissionDenied, Http404) as stopped:
        if request.htmx:
            # The page's poll: 200, so that htmx swaps the notice in (it swaps no error).
            notice = {"refused": _("This link no longer offers the PDF."), "closed": True}
            return render(request, "maps/share_pdf.html#share-pdf-state", notice)
        if isinstance(stopped, access.LinkEnded):
            return ended_page(request, stopped.reason)
        raise
    context: dict = {"link": link, "journey_map": journey_map, "token": token}
    status = 200
    if request.method == "POST":
        try:
            share_pdf.start(link)
        except share_pdf.BeingPrepared:
            # Not a refusal: the page waits for the other visitor's render, as for its own.
            context["preparing"] = True
        except bounded.RenderRefused as refused:
            context["refused"] = refused.message
            status = refused.status
        else:
            return redirect("share-pdf", token)
    elif not request.htmx:
        rendered = share_pdf.cached(link)
        if rendered is not None:
            share_links.touch(link)
            return attachment(
                rendered.content, "application/pdf", download_filename(journey_map, "-a3.pdf")
            )
    if "refused" not in context:
        context.update(_state(link))
    template = "maps/share_pdf.html#share-pdf-state" if request.htmx else "maps/share_pdf.html"
    response = render(request, template, context, status=status)
    if status in {429, 503}:
        response["Retry-After"] = RETRY_AFTER
    return response


def _state(link: ShareLink) -> dict:
    """Ready, being prepared (by this visitor or another), failed, or not asked for yet."""
    if share_pdf.cached(link) is not None:
        return {"ready": True}
    export = share_pdf.current(link)
    if export is None:
        # Another visitor's start, an instant before it notes its render: wait for it.
        return {"preparing": True} if share_pdf.being_prepared(link) else {}
    if export.state == jobs.RUNNING:
        return {"export": export}
    if export.state == jobs.FAILED:
        return {"refused": export.message}
    return {}  # done for an older revision of the map, or cancelled: prepare it again
