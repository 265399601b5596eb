"""Importing a CSV of figures onto a map: upload, preview, confirm.

The upload is read and checked (``maps.figures_import``) and planned against the
map (``maps.figures_service.plan``); the page lists every row and what it will do,
or every refusal. A file with no refusal is kept in the session (its checked rows,
at most ``figures_import.MAX_ROWS``, with a random token the confirm form carries),
never taken back from the browser: confirming applies those rows in one change.
Uploading another file replaces it; confirming forgets it.
"""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maps import figures_import, figures_service
from maps.figures import format_figure
from maps.figures_import import FigureRow, FileRefused, Refusal
from maps.models import JourneyMap
from maps.views.downloads import attachment, download_filename
from maps.views.exports import BoundedUpload
from maps.views.lookup import map_for
from workspaces import access
from workspaces.access import MapLocked

SESSION_KEY = "figures_import"


class FiguresForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File of figures (.csv)"),
        help_text=gettext_lazy("UTF-8 text, cells separated by “;” or “,”, one figure a row."),
    )


def _map(request: HttpRequest, map_id: int) -> JourneyMap:
    """The map, if the user may import figures onto it (outsiders: 404; others: 403)."""
    journey_map = map_for(request.user, map_id, need="view")
    access.check_import_figures(request.user, journey_map)
    return journey_map


def _page(
    request: HttpRequest, journey_map: JourneyMap, status: int = 200, **context
) -> HttpResponse:
    context.setdefault("form", FiguresForm())
    context.update(
        journey_map=journey_map,
        columns=figures_import.column_names(),
        units=figures_import.unit_list(),
        max_rows=number_format(figures_import.MAX_ROWS, force_grouping=True),
        max_mb=figures_import.max_bytes() // (1024 * 1024),
    )
    return render(request, "maps/figures_import.html", context, status=status)


@csrf_exempt  # checked by _upload: the upload handler must be in place before the body is read
@login_required
@require_http_methods(["GET", "POST"])
def figures_import_view(request: HttpRequest, map_id: int) -> HttpResponse:
    bound = BoundedUpload(request, figures_import.max_bytes())
    request.upload_handlers = [bound, *request.upload_handlers]
    return _upload(request, map_id, bound)


@csrf_protect
def _upload(request: HttpRequest, map_id: int, bound: BoundedUpload) -> HttpResponse:
    journey_map = _map(request, map_id)
    if request.method == "GET":
        return _page(request, journey_map)
    form = FiguresForm(request.POST, request.FILES)
    if bound.too_large:
        form.is_valid()
        form.errors["file"] = form.error_class([figures_import.too_large_message()])
        return _page(request, journey_map, 422, form=form)
    if not form.is_valid():
        return _page(request, journey_map, 422, form=form)
    stages = list(journey_map.stages.order_by("position", "pk").values_list("pk", "name"))
    try:
        parsed = figures_import.parse(form.cleaned_data["file"].read(), stages)
    except FileRefused as refused:
        form.add_error("file", refused.message)
        return _page(request, journey_map, 422, form=form)
    plan = figures_service.plan(journey_map, parsed.rows)
    refusals = list(parsed.refusals)
    if plan.refusal:
        refusals.insert(0, Refusal(plan.refusal))
    context: dict[str, Any] = {
        "form": form,
        "plan": plan,
        "rows": _shown(plan),
        "refusals": refusals,
    }
    if refusals:
        request.session.pop(SESSION_KEY, None)
        return _page(request, journey_map, 422, **context)
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "map": journey_map.pk,
        "token": token,
        "rows": [row.to_data() for row in parsed.rows],
    }
    return _page(request, journey_map, token=token, **context)


def _shown(plan: figures_service.Plan) -> list[dict]:
    """Each row as the preview lists it: the figure as the map will show it, and what it
    does (adds a card, or updates one and from what)."""
    shown = []
    for planned in plan.rows:
        row, card = planned.row, planned.card
        was = ""
        if card is not None:
            was = format_figure(card.value, card.unit) if card.value is not None else card.figure
        shown.append(
            {
                "row": row,
                "figure": format_figure(row.value, row.unit),
                "target": "" if row.target is None else format_figure(row.target, row.unit),
                "updates": card is not None,
                "was": was,
            }
        )
    return shown


@login_required
@require_POST
def figures_confirm(request: HttpRequest, map_id: int) -> HttpResponse:
    journey_map = _map(request, map_id)
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if (
        pending.get("map") != journey_map.pk
        or not token
        or not secrets.compare_digest(str(pending.get("token", "")), token)
    ):
        problem = _(
            "This preview is no longer current (another file was uploaded, or it was "
            "imported already): upload the file again."
        )
        return _page(request, journey_map, 409, problem=problem)
    rows = [FigureRow.from_data(data) for data in pending["rows"]]
    try:
        event = figures_service.import_figures(user=request.user, map_id=map_id, rows=rows)
    except (figures_service.FiguresRefused, MapLocked) as refused:
        problem = str(getattr(refused, "message", refused))
        return _page(request, journey_map, 409, problem=problem)
    request.session.pop(SESSION_KEY, None)
    payload = event.payload
    messages.success(
        request,
        _("Figures imported: %(created)d cards added, %(updated)d updated. Undo takes it back.")
        % {"created": payload["created"], "updated": payload["updated"]},
    )
    return redirect(journey_map)


@login_required
@require_GET
def figures_example(request: HttpRequest, map_id: int) -> HttpResponse:
    """A file to start from, with the map's own stage names."""
    journey_map = _map(request, map_id)
    stages = list(journey_map.stages.order_by("position", "pk").values_list("name", flat=True))
    return attachment(
        figures_import.example_csv(stages),
        "text/csv; charset=utf-8",
        download_filename(journey_map, "-chiffres-exemple.csv"),
    )
