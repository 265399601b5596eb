"""The persona library: list, create, read, edit and delete personas.

Every write goes through ``personas.services``; every permission through
``workspaces.access``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from journeymap.requests import HtmxHttpRequest
from maps.export import bounded
from maps.views.downloads import RETRY_AFTER, attachment
from personas import one_pager, photos, services
from personas.forms import FIELDSETS, PersonaEditForm, PersonaForm
from personas.models import TEXT_FIELDS, Persona, Segment
from workspaces import access

PAGE_SIZE = 24
# The "used in" filter's value for personas that no map uses yet.
UNUSED = "none"
# How many needs a card shows: enough to recognise the persona, not to read it.
CARD_NEEDS = 3
# Hyphen, asterisk, bullet, en dash.
BULLETS = "-*\u2022\u2013"
SEARCHED_FIELDS = ("name", "quote", *TEXT_FIELDS)


def _persona_or_404(user, persona_id: int) -> Persona:
    persona = Persona.objects.filter(pk=persona_id).first()
    if persona is None:
        raise Http404
    access.check_view_persona(user, persona)
    return persona


def needs_preview(needs: str, limit: int = CARD_NEEDS) -> list[str]:
    """The first few needs, one per line, without the bullets people type."""
    lines = (line.strip().lstrip(BULLETS).strip() for line in needs.splitlines())
    return [line for line in lines if line][:limit]


@login_required
@require_http_methods(["GET"])
@vary_on_headers("HX-Request")
def persona_list(request: HtmxHttpRequest) -> HttpResponse:
    workspace = access.current_workspace(request.user)
    # Several workspaces: the library shows the one picked with the switcher.
    personas = (
        access.visible_personas(request.user).filter(workspace=workspace).order_by("name", "pk")
    )
    has_any = personas.exists()
    maps = access.visible_maps(request.user).filter(workspace=workspace).order_by("title", "pk")
    query = request.GET.get("q", "").strip()[:200]
    if query:
        matches = Q()
        for name in SEARCHED_FIELDS:
            matches |= Q(**{f"{name}__icontains": query})
        personas = personas.filter(matches)
    segment = request.GET.get("segment", "")
    if segment not in Segment.values:
        segment = ""
    if segment:
        personas = personas.filter(segment=segment)
    used_in = request.GET.get("map", "")
    if used_in == UNUSED:
        personas = personas.filter(maps__isnull=True)
    elif used_in.isdigit() and maps.filter(pk=int(used_in)).exists():
        personas = personas.filter(maps__pk=int(used_in))
    else:
        used_in = ""
    page = Paginator(personas, PAGE_SIZE).get_page(request.GET.get("page"))
    for persona in page:
        persona.needs_preview = needs_preview(persona.needs)  # type: ignore[attr-defined]  # for the template
    context = {
        "page": page,
        "has_any": has_any,
        "query": query,
        "segment": segment,
        "segments": Segment.choices,
        "maps": maps,
        "used_in": used_in,
        "unused": UNUSED,
        "filtered": bool(query or segment or used_in),
        "can_create": access.can_create_persona(request.user, workspace),
    }
    template = "personas/persona_list.html"
    # A history restore needs the whole page, not the fragment.
    if request.htmx and not request.htmx.history_restore_request:
        results = render_to_string(f"{template}#persona-results", context, request)
        count = render_to_string(f"{template}#persona-count", {**context, "oob": True}, request)
        return HttpResponse(results + count)
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def persona_create(request: HttpRequest) -> HttpResponse:
    workspace = access.check_create_in(request.user, access.current_workspace(request.user))
    template = "personas/persona_form.html"
    if request.method == "POST":
        try:
            persona = services.persona_create(
                user=request.user, workspace=workspace, data=request.POST, files=request.FILES
            )
        except services.Invalid as refused:
            return render(request, template, {"form": refused.form}, status=422)
        messages.success(request, _("Persona “%(name)s” created.") % {"name": persona.name})
        return redirect(persona)
    return render(request, template, {"form": PersonaForm()})


def _sections(persona: Persona) -> list[tuple[str | Promise, list[tuple[str | Promise, str]]]]:
    """The fields grouped like the form's fieldsets; identity is in the page header."""
    field = Persona._meta.get_field
    return [
        # get_field() is typed for relations too; these are plain fields.
        (legend, [(field(name).verbose_name, getattr(persona, name)) for name in names])  # type: ignore[union-attr]
        for legend, names in FIELDSETS[1:]
    ]


def _maps_of(user, persona: Persona):
    """The maps the persona appears in that this person may see."""
    return (
        access.visible_maps(user)
        .filter(personas=persona)
        .select_related("journey_type")
        .order_by("title", "pk")
    )


def _detail_context(request: HttpRequest, persona: Persona) -> dict:
    return {
        "persona": persona,
        "sections": _sections(persona),
        "maps": _maps_of(request.user, persona),
        "can_edit": access.can_edit_persona(request.user, persona),
        "can_duplicate": access.can_duplicate_persona(request.user, persona),
    }


@login_required
@require_http_methods(["GET"])
def persona_detail(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = _persona_or_404(request.user, persona_id)
    return render(request, "personas/persona_detail.html", _detail_context(request, persona))


@login_required
@require_http_methods(["GET"])
def persona_one_pager(request: HttpRequest, persona_id: int) -> HttpResponse:
    """The persona on one A4 page, as a PDF download: whoever may read it may print it.

    One page renders in a second: made here, in a bounded child process, with no
    progress page. Refused (the server busy, the render stopped), the persona's page
    says why; a reload tries again.
    """
    persona = _persona_or_404(request.user, persona_id)
    sheet_url = request.build_absolute_uri(persona.get_absolute_url())
    try:
        with bounded.render_slot(request.user):
            content = one_pager.render_pdf(persona, _maps_of(request.user, persona), sheet_url)
    except bounded.RenderRefused as refused:
        context = {**_detail_context(request, persona), "refused": refused.message}
        response = render(request, "personas/persona_detail.html", context, status=refused.status)
        response["Retry-After"] = RETRY_AFTER
        return response
    return attachment(content, "application/pdf", one_pager.filename(persona))


@login_required
@require_POST
def persona_duplicate(request: HttpRequest, persona_id: int) -> HttpResponse:
    copy = services.persona_duplicate(user=request.user, persona_id=persona_id)
    messages.success(
        request, _("Copy created: “%(name)s”. Rename it and adapt it.") % {"name": copy.name}
    )
    return redirect("personas:edit", persona_id=copy.pk)


@login_required
@require_http_methods(["GET"])
def persona_photo(request: HttpRequest, persona_id: int, size: str) -> HttpResponse:
    """The photo's thumbnail, for members of the persona's workspace only."""
    persona = _persona_or_404(request.user, persona_id)
    if not persona.photo or size not in photos.THUMBNAILS:
        raise Http404
    try:
        name = persona.photo_thumbnail(size)
        assert name is not None  # the photo was checked above
        # Thumbnails are small: read whole, so the ASGI server need not stream a sync file.
        with default_storage.open(name, "rb") as thumbnail:
            response = HttpResponse(thumbnail.read(), content_type="image/jpeg")
    except FileNotFoundError:
        raise Http404 from None
    # The URL carries the photo's own name: a new photo gets a new URL, so this one never changes.
    patch_cache_control(response, private=True, max_age=30 * 24 * 3600, immutable=True)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def persona_edit(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = _persona_or_404(request.user, persona_id)
    access.check_edit_persona(request.user, persona)
    template = "personas/persona_form.html"
    if request.method == "GET":
        form = PersonaEditForm(instance=persona, initial={"version": persona.version})
        return render(request, template, {"form": form, "persona": persona})
    try:
        persona = services.persona_update(
            user=request.user, persona_id=persona.pk, data=request.POST, files=request.FILES
        )
    except services.Conflict as conflict:
        context = {
            "form": conflict.form,
            "persona": conflict.current,
            "conflict": conflict,
        }
        return render(request, template, context, status=409)
    except services.Invalid as refused:
        return render(request, template, {"form": refused.form, "persona": persona}, status=422)
    messages.success(request, _("Persona “%(name)s” saved.") % {"name": persona.name})
    return redirect(persona)


@login_required
@require_http_methods(["GET", "POST"])
def persona_delete(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = _persona_or_404(request.user, persona_id)
    access.check_edit_persona(request.user, persona)
    maps = access.visible_maps(request.user).filter(personas=persona).order_by("title", "pk")
    if request.method == "POST":
        map_count = maps.count()
        services.persona_delete(user=request.user, persona_id=persona.pk)
        message = _("Persona “%(name)s” deleted.") % {"name": persona.name}
        if map_count:
            message += " " + ngettext(
                "It was removed from %(count)d map.",
                "It was removed from %(count)d maps.",
                map_count,
            ) % {"count": map_count}
        messages.success(request, message)
        return redirect("personas:list")
    return render(request, "personas/persona_delete.html", {"persona": persona, "maps": maps})
