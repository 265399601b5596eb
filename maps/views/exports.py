"""Taking maps out (PDF, JSON, CSV) and bringing a JSON map in."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from journeymap.requests import HtmxHttpRequest
from maps import services
from maps.export import bounded, cache, csv_cards, jobs, json_format
from maps.export.options import PdfOptions, PdfOptionsForm
from maps.export.preview import fit_previews
from maps.models import JourneyMap
from maps.views.downloads import RETRY_AFTER, attachment, download_filename
from maps.views.lookup import map_for
from workspaces import access


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def export_options(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """The export page; posted, it starts the PDF's render (or finds it cached), and the
    page follows it (``export_progress``) until it offers the download."""
    journey_map = map_for(request.user, map_id, need="export", prefetch=("personas",))
    data: QueryDict | None
    if request.method == "POST":
        data = request.POST
    else:  # the download link of a PDF no longer cached comes back here with its choices
        data = request.GET if "paper" in request.GET else None
    form = PdfOptionsForm(data, snapshots=_snapshots(journey_map), fits=fit_previews(journey_map))
    context = _page_context(journey_map, form)
    status, retry = 200, False
    if request.method == "POST":
        if form.is_valid():
            try:
                export = jobs.start(journey_map, form.options(), request.user)
            except bounded.RenderRefused as refused:
                context["refused"] = refused.message
                # htmx swaps only 2xx, 409 and 422 (base.html): the form shows the reason.
                status = 200 if request.htmx else refused.status
                retry = refused.status != 422
            else:
                context.update(_outcome(journey_map, export))
                status = 202 if export.state == jobs.RUNNING else 200
        else:
            status = 422
    template = "maps/export.html#export-form" if request.htmx else "maps/export.html"
    response = render(request, template, context, status=status)
    if retry:
        response["Retry-After"] = RETRY_AFTER
    return response


@login_required
@require_GET
def export_progress(request: HtmxHttpRequest, map_id: int, export_id: str) -> HttpResponse:
    """Where a PDF export stands: polled by the export page until it is over."""
    journey_map = map_for(request.user, map_id, need="export")
    return _export_answer(request, journey_map, _find(journey_map, export_id, request.user))


@login_required
@require_POST
def export_cancel(request: HtmxHttpRequest, map_id: int, export_id: str) -> HttpResponse:
    journey_map = map_for(request.user, map_id, need="export")
    export = _find(journey_map, export_id, request.user)
    if export is not None:
        export = jobs.cancel(export.id, request.user)
    return _export_answer(request, journey_map, export)


def _find(journey_map: JourneyMap, export_id: str, user) -> jobs.Export | None:
    export = jobs.find(export_id, user)
    return export if export is not None and export.map_id == journey_map.pk else None


def _export_answer(
    request: HtmxHttpRequest, journey_map: JourneyMap, export: jobs.Export | None
) -> HttpResponse:
    """The export's state: the fragment the page swaps in, or the whole page."""
    if export is None:
        context = {"refused": _("This export is no longer known: prepare the PDF again.")}
        status = 200 if request.htmx else 410
    else:
        context = _outcome(journey_map, export)
        status = 200
    if request.htmx:
        return render(request, "maps/export.html#export-outcome", context, status=status)
    initial = export.query if export is not None else None
    form = PdfOptionsForm(
        initial=initial, snapshots=_snapshots(journey_map), fits=fit_previews(journey_map)
    )
    context.update(_page_context(journey_map, form))
    return render(request, "maps/export.html", context, status=status)


def _page_context(journey_map: JourneyMap, form: PdfOptionsForm) -> dict:
    return {
        "journey_map": journey_map,
        "form": form,
        "has_stages": journey_map.stages.exists(),
    }


def _outcome(journey_map: JourneyMap, export: jobs.Export) -> dict:
    """What the export page shows of an export: progress, the download, or why not."""
    context: dict = {"export": export}
    if export.state == jobs.DONE:
        context["ready"] = {
            "url": f"{reverse('maps:export-pdf', args=[journey_map.pk])}?"
            f"{urlencode(export.query, doseq=True)}",
            "pages": export.pages,
            "size": export.size,
            "from_cache": export.from_cache,
            "paper": export.query["paper"],
        }
    elif export.state in {jobs.FAILED, jobs.CANCELLED}:
        context["refused"] = (
            _("The export was cancelled.") if export.state == jobs.CANCELLED else export.message
        )
        context["cancelled"] = export.state == jobs.CANCELLED
    else:
        context["progress_url"] = reverse("maps:export-progress", args=[journey_map.pk, export.id])
        context["cancel_url"] = reverse("maps:export-cancel", args=[journey_map.pk, export.id])
    return context


@login_required
@require_GET
def export_pdf(request: HttpRequest, map_id: int) -> HttpResponse:
    """A PDF the export page prepared, from the cache; never rendered here."""
    journey_map = map_for(request.user, map_id, need="export", prefetch=("personas",))
    form = PdfOptionsForm(
        request.GET if "paper" in request.GET else None, snapshots=_snapshots(journey_map)
    )
    if form.is_bound and not form.is_valid():
        context = {"journey_map": journey_map, "form": form}
        return render(request, "maps/export.html", context, status=422)
    options = form.options() if form.is_bound else PdfOptions()
    rendered = cache.cached_pdf(journey_map, options)
    if rendered is None:
        # Never prepared, or the map changed since: the export page, choices kept.
        if not form.is_bound:
            form = PdfOptionsForm(initial=options.query(), snapshots=_snapshots(journey_map))
        context = _page_context(journey_map, form)
        context["refused"] = _(
            "This PDF is not prepared, or the map changed since: prepare it again."
        )
        return render(request, "maps/export.html", context, status=409)
    suffix = f"-{options.paper.lower()}-{options.layout}.pdf"
    return attachment(rendered.content, "application/pdf", download_filename(journey_map, suffix))


def _snapshots(journey_map: JourneyMap):
    """The snapshots a PDF may say what changed since."""
    return journey_map.snapshots.order_by("-created_at", "-pk")


@login_required
@require_GET
def export_json(request: HttpRequest, map_id: int) -> HttpResponse:
    journey_map = map_for(request.user, map_id, need="export", prefetch=("personas",))
    # Off by default: ``?snapshots=1`` adds the map's snapshots (schema 3).
    with_snapshots = request.GET.get("snapshots") == "1"
    return attachment(
        json_format.dumps(journey_map, snapshots=with_snapshots),
        "application/json; charset=utf-8",
        download_filename(journey_map, ".parcours.json"),
    )


@login_required
@require_GET
def export_csv(request: HttpRequest, map_id: int) -> HttpResponse:
    journey_map = map_for(request.user, map_id, need="export", prefetch=("personas",))
    return attachment(
        csv_cards.cards_csv(journey_map),
        "text/csv; charset=utf-8",
        download_filename(journey_map, "-post-it.csv"),
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
