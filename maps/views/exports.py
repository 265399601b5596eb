"""Taking maps out (PDF, JSON, CSV) and bringing a JSON map in."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from journeymap.requests import HtmxHttpRequest
from maps import services
from maps.export import bounded, cache, csv_cards, json_format
from maps.export.options import PdfOptions, PdfOptionsForm
from maps.models import JourneyMap
from maps.views.lookup import map_for
from workspaces import access

# Seconds: a render takes a few; the refusal says "in a moment".
RETRY_AFTER = "10"


def _attachment(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # None only for an inline response without a filename; the stubs cannot tell.
    header = content_disposition_header(True, filename)
    response["Content-Disposition"] = header  # type: ignore[assignment]
    # A map carries the team's personas: no shared cache or browser cache keeps a copy.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _filename(journey_map: JourneyMap, suffix: str) -> str:
    return f"{slugify(journey_map.title) or 'carte'}{suffix}"


def _download_url(journey_map: JourneyMap, options: PdfOptions) -> str:
    url = reverse("maps:export-pdf", args=[journey_map.pk])
    return f"{url}?{urlencode(options.query(), doseq=True)}"


@login_required
@require_GET
@vary_on_headers("HX-Request")
def export_options(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """The export page; submitted, it renders the PDF (or finds it cached) and offers it."""
    journey_map = map_for(request.user, map_id, need="export", prefetch=("personas",))
    submitted = "paper" in request.GET
    form = PdfOptionsForm(request.GET if submitted else None, snapshots=_snapshots(journey_map))
    context = {
        "journey_map": journey_map,
        "form": form,
        "has_stages": journey_map.stages.exists(),
    }
    status, retry = 200, False
    if submitted:
        if form.is_valid():
            options = form.options()
            try:
                rendered = cache.pdf_for(journey_map, options, user=request.user)
            except bounded.RenderRefused as refused:
                context["refused"] = refused.message
                # htmx swaps only 2xx, 409 and 422 (base.html): the form shows the reason.
                status = 200 if request.htmx else refused.status
                retry = refused.status != 422
            else:
                context["ready"] = {
                    "url": _download_url(journey_map, options),
                    "pages": rendered.pages,
                    "size": len(rendered.content),
                    "from_cache": rendered.from_cache,
                    "options": options,
                }
        else:
            status = 422
    template = "maps/export.html#export-form" if request.htmx else "maps/export.html"
    response = render(request, template, context, status=status)
    if retry:
        response["Retry-After"] = RETRY_AFTER
    return response


@login_required
@require_GET
def export_pdf(request: HttpRequest, map_id: int) -> HttpResponse:
    journey_map = map_for(request.user, map_id, need="export", prefetch=("personas",))
    form = PdfOptionsForm(
        request.GET if "paper" in request.GET else None, snapshots=_snapshots(journey_map)
    )
    if form.is_bound and not form.is_valid():
        context = {"journey_map": journey_map, "form": form}
        return render(request, "maps/export.html", context, status=422)
    options = form.options() if form.is_bound else PdfOptions()
    try:
        rendered = cache.pdf_for(journey_map, options, user=request.user)
    except bounded.RenderRefused as refused:
        # The export page, with the reason where the PDF would have been offered.
        context = {
            "journey_map": journey_map,
            "form": form
            if form.is_bound
            else PdfOptionsForm(initial=options.query(), snapshots=_snapshots(journey_map)),
            "has_stages": journey_map.stages.exists(),
            "refused": refused.message,
        }
        response = render(request, "maps/export.html", context, status=refused.status)
        if refused.status != 422:
            response["Retry-After"] = RETRY_AFTER
        return response
    suffix = f"-{options.paper.lower()}-{options.layout}.pdf"
    return _attachment(rendered.content, "application/pdf", _filename(journey_map, suffix))


def _snapshots(journey_map: JourneyMap):
    """The snapshots a PDF may say what changed since."""
    return journey_map.snapshots.order_by("-created_at", "-pk")


@login_required
@require_GET
def export_json(request: HttpRequest, map_id: int) -> HttpResponse:
    journey_map = map_for(request.user, map_id, need="export", prefetch=("personas",))
    # Off by default: ``?snapshots=1`` adds the map's snapshots (schema 3).
    with_snapshots = request.GET.get("snapshots") == "1"
    return _attachment(
        json_format.dumps(journey_map, snapshots=with_snapshots),
        "application/json; charset=utf-8",
        _filename(journey_map, ".parcours.json"),
    )


@login_required
@require_GET
def export_csv(request: HttpRequest, map_id: int) -> HttpResponse:
    journey_map = map_for(request.user, map_id, need="export", prefetch=("personas",))
    return _attachment(
        csv_cards.cards_csv(journey_map),
        "text/csv; charset=utf-8",
        _filename(journey_map, "-post-it.csv"),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Map file (.json)"),
        help_text=gettext_lazy("A file exported from Parcours with “Export to JSON”."),
    )
    workspace: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Import into"), queryset=None, empty_label=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workspace"].queryset = access.import_workspaces(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > json_format.max_bytes():
            raise forms.ValidationError(json_format.too_large_message())
        return upload


class BoundedUpload(FileUploadHandler):
    """Keeps no more of an uploaded file than a map file may weigh: past that, the rest of
    the file is skipped (read off the connection, never stored) and the form says why."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers store the file


@csrf_exempt  # checked by _map_import: the upload handler must be in place before the body is read
@login_required
@require_http_methods(["GET", "POST"])
def map_import(request: HttpRequest) -> HttpResponse:
    bound = BoundedUpload(request, json_format.max_bytes())
    request.upload_handlers = [bound, *request.upload_handlers]
    return _map_import(request, bound)


@csrf_protect
def _map_import(request: HttpRequest, bound: BoundedUpload) -> HttpResponse:
    workspaces = access.check_import_map(request.user)
    if request.method == "GET":
        current = access.current_workspace(request.user)
        initial = current if current and current in workspaces else workspaces.first()
        form = ImportForm(user=request.user, initial={"workspace": initial})
        return render(request, "maps/export_import.html", {"form": form})
    form = ImportForm(request.POST, request.FILES, user=request.user)
    if bound.too_large:
        form.is_valid()
        form.errors["file"] = form.error_class([json_format.too_large_message()])
    elif form.is_valid():
        try:
            journey_map = services.map_import(
                user=request.user,
                workspace=form.cleaned_data["workspace"],
                raw=form.cleaned_data["file"].read(),
            )
        except json_format.ImportRefused as refused:
            form.add_error("file", str(refused))
        else:
            messages.success(
                request, _("Map imported: “%(title)s”.") % {"title": journey_map.title}
            )
            return redirect(journey_map)
    return render(request, "maps/export_import.html", {"form": form}, status=422)
