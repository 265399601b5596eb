"""Django admin for journey types, maps and their content.

The admin is a back office for superusers, not a second editor, but a change
of a map made here takes the same path as any other (``maps.services``,
"Changes made in the Django admin"): the map row is locked before the write,
the revision is bumped (so a cached PDF is not served again), a ``MapEvent``
of kind ``admin.changed`` is logged, and once committed every open tab
redraws the whole map and re-checks its access. Items also bump their
``version``, so that an editor form opened on the old text reports a conflict
instead of overwriting it. Routing the admin through the path rather than
making it read-only keeps the back office useful (fix a typo on a client's
map, unlock a map, delete spam) without a way around the revision.

Snapshots and the trash are in ``maps.admin_history``. Every list is searchable and
filterable, and every foreign key is joined
(``list_select_related``) or picked by autocomplete / raw id, so pages stay
fast with thousands of maps and hundreds of thousands of cards.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from journeymap.admin_text import BoundedTextAdmin

# A map's history (snapshots, the trash) has an admin module of its own: importing it
# registers its pages.
from maps import (
    admin_history,  # noqa: F401
    events,
    live,
    services,
    share_links,
)
from maps.admin_bounds import WithinMapLimitsForm, WithinMapLimitsFormSet
from maps.models import (
    Action,
    Card,
    JourneyMap,
    JourneyType,
    Lane,
    MapEvent,
    Round,
    ShareLink,
    Stage,
    Touchpoint,
)


class VersionedAdmin(BoundedTextAdmin, admin.ModelAdmin):
    """Bumps ``version`` on every real change, of the object and of its inline items."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        if change and form.has_changed():
            obj.version += 1
        super().save_model(request, obj, form, change)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        # commit=False returns only new and changed items, so untouched rows keep their version.
        items = formset.save(commit=False)
        for item in items:
            if item.pk:
                item.version += 1
            self.prepare_inline_item(form.instance, item)
            item.save()
        for item in formset.deleted_objects:
            item.delete()
        formset.save_m2m()

    def prepare_inline_item(self, parent: Any, item: Any) -> None:
        """Hook for inline items that need more than their foreign key to the parent."""


class ChangePathAdmin(VersionedAdmin):
    """Maps and their content: every save and delete goes through the map's change path.

    ``save_model`` locks the map(s) before writing; ``save_related`` (called after
    it, once the inlines are saved) records the change when something did change.
    """

    def maps_of(self, obj: Any) -> set[int]:
        """The maps the object belongs to now and, if it was saved before, belonged to."""
        if isinstance(obj, JourneyMap):
            return {obj.pk} - {None}
        ids = {obj.journey_map_id}
        if obj.pk:
            saved = type(obj).objects.filter(pk=obj.pk).values_list("journey_map_id", flat=True)
            ids |= set(saved)
        return ids - {None}

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        map_ids = self.maps_of(obj)
        services.lock_maps(map_ids)
        super().save_model(request, obj, form, change)
        obj._admin_map_ids = map_ids | self.maps_of(obj)

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if change and not form.has_changed() and not any(f.has_changed() for f in formsets):
            return
        changed = [name for name in form.changed_data if name != "version"]
        payload = {
            "model": obj._meta.model_name,
            "id": obj.pk,
            "change": "changed" if change else "added",
            "fields": changed,
        }
        services.admin_changed(user=request.user, map_ids=obj._admin_map_ids, payload=payload)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        map_id = obj.pk if self.model is JourneyMap else obj.journey_map_id
        self.delete_with(
            request,
            {map_id},
            [obj.pk],
            lambda: super(ChangePathAdmin, self).delete_model(request, obj),
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        field = "pk" if self.model is JourneyMap else "journey_map_id"
        self.delete_with(
            request,
            set(queryset.values_list(field, flat=True)),
            sorted(queryset.values_list("pk", flat=True)),
            lambda: super(ChangePathAdmin, self).delete_queryset(request, queryset),
        )

    def delete_with(self, request: HttpRequest, map_ids: set[int], ids: list, delete) -> None:
        with transaction.atomic():
            if self.model is JourneyMap:
                delete()
                services.admin_deleted_maps(map_ids)
                return
            services.lock_maps(map_ids)
            delete()
            payload = {"model": self.model._meta.model_name, "ids": ids, "change": "deleted"}
            services.admin_changed(user=request.user, map_ids=map_ids, payload=payload)


# Journey types ----------------------------------------------------------------


class InUseFilter(admin.SimpleListFilter):
    """Unused types are the ones an admin may delete (maps protect theirs)."""

    title = _("in use")
    parameter_name = "in_use"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("Used by maps")), ("no", _("Unused"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        used = Exists(JourneyMap.objects.filter(journey_type=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(used)
        if self.value() == "no":
            return queryset.filter(~used)
        return queryset


@admin.register(JourneyType)
class JourneyTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "definition"]
    search_fields = ["name", "slug", "definition"]
    list_filter = [InUseFilter]
    prepopulated_fields = {"slug": ["name"]}


# Maps -------------------------------------------------------------------------


class JourneyMapAdminForm(ModelForm):
    # No Meta: the admin builds the form's fields from JourneyMapAdmin.fields.

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        workspace = cleaned.get("workspace")
        personas = cleaned.get("personas") or []
        # The app only offers the workspace's own personas; the admin keeps that rule.
        strangers = [p.name for p in personas if workspace and p.workspace_id != workspace.pk]
        if strangers:
            self.add_error(
                "personas",
                _("These personas belong to another workspace: %(names)s")
                % {"names": ", ".join(strangers)},
            )
        return cleaned


class StageInline(BoundedTextAdmin, admin.TabularInline):
    model = Stage
    formset = WithinMapLimitsFormSet
    extra = 0
    fields = ["name", "position", "version"]
    readonly_fields = ["version"]
    show_change_link = True


@admin.register(JourneyMap)
class JourneyMapAdmin(ChangePathAdmin):
    form = JourneyMapAdminForm
    list_display = ["title", "workspace", "journey_type", "revision", "locked", "updated_at"]
    list_select_related = ["workspace", "journey_type"]
    search_fields = ["title", "targets", "offers"]
    list_filter = ["workspace", "journey_type", "locked", "personas"]
    autocomplete_fields = ["workspace", "personas", "created_by"]
    readonly_fields = ["revision", "version", "created_at", "updated_at"]
    fields = [
        "workspace",
        "title",
        "journey_type",
        "targets",
        "offers",
        "personas",
        "locked",
        "created_by",
        "revision",
        "version",
        "created_at",
        "updated_at",
    ]
    inlines = [StageInline]


class MapItemAdmin(ChangePathAdmin):
    """Stages, lanes and actions: their map is chosen once; moving one would strand its cards."""

    form = WithinMapLimitsForm

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "journey_map"] if obj is not None else fields


# Stages and touchpoints -------------------------------------------------------


class TouchpointInline(BoundedTextAdmin, admin.TabularInline):
    model = Touchpoint
    formset = WithinMapLimitsFormSet
    fk_name = "stage"
    extra = 0
    fields = [
        "position",
        "channel",
        "action",
        "emotion",
        "feeling",
        "moment_of_truth",
        "evidence",
        "version",
    ]
    readonly_fields = ["version"]
    formfield_overrides = {
        # The default 10-row textarea makes a tabular inline unreadable.
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
    }


@admin.register(Stage)
class StageAdmin(MapItemAdmin):
    list_display = ["name", "journey_map", "position"]
    list_select_related = ["journey_map"]
    search_fields = ["name", "journey_map__title"]
    list_filter = ["journey_map__workspace"]
    autocomplete_fields = ["journey_map"]
    fields = ["journey_map", "name", "position", "version"]
    readonly_fields = ["version"]
    inlines = [TouchpointInline]

    def prepare_inline_item(self, parent: Stage, item: Touchpoint) -> None:
        item.journey_map_id = parent.journey_map_id


class StageItemForm(WithinMapLimitsForm):
    """Touchpoints and cards take their map from their stage; a card's lane must agree."""

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        stage, lane = cleaned.get("stage"), cleaned.get("lane")
        if stage and lane and stage.journey_map_id != lane.journey_map_id:
            self.add_error("lane", _("This lane belongs to another map than the stage."))
        return cleaned


class TouchpointAdminForm(StageItemForm):
    """Each persona's emotion is checked as the editor checks it: a persona of the map,
    an emotion from -2 to 2."""

    def clean_persona_emotions(self) -> dict:
        emotions = self.cleaned_data.get("persona_emotions") or {}
        if not isinstance(emotions, dict):
            raise forms.ValidationError(_('Write an object: {"persona id": emotion}.'))
        stage = self.cleaned_data.get("stage")
        on_map = (
            {str(pk) for pk in stage.journey_map.personas.values_list("pk", flat=True)}
            if stage
            else set()
        )
        for key, emotion in emotions.items():
            if key not in on_map:
                raise forms.ValidationError(
                    _("“%(key)s” is not the id of a persona of this map.") % {"key": key[:20]}
                )
            if not isinstance(emotion, int) or isinstance(emotion, bool) or not -2 <= emotion <= 2:
                raise forms.ValidationError(_("An emotion is a whole number from -2 to 2."))
        return emotions


class StageItemAdmin(ChangePathAdmin):
    form = StageItemForm

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        obj.journey_map_id = obj.stage.journey_map_id
        super().save_model(request, obj, form, change)


@admin.register(Touchpoint)
class TouchpointAdmin(StageItemAdmin):
    form = TouchpointAdminForm
    list_display = [
        "channel",
        "feeling",
        "emotion",
        "moment_of_truth",
        "evidence",
        "stage",
        "journey_map",
    ]
    list_select_related = ["stage", "journey_map"]
    search_fields = ["channel", "action", "feeling", "source", "journey_map__title"]
    list_filter = ["emotion", "moment_of_truth", "evidence", "journey_map__workspace"]
    raw_id_fields = ["stage"]
    fields = [
        "journey_map",
        "stage",
        "position",
        *Touchpoint.CONTENT_FIELDS,
        "version",
    ]
    readonly_fields = ["journey_map", "version"]
    show_full_result_count = False


# Lanes and cards --------------------------------------------------------------


@admin.register(Lane)
class LaneAdmin(MapItemAdmin):
    list_display = ["title", "kind", "journey_map", "position"]
    list_select_related = ["journey_map"]
    search_fields = ["title", "journey_map__title"]
    list_filter = ["kind", "journey_map__workspace"]
    autocomplete_fields = ["journey_map"]
    fields = ["journey_map", "kind", "title", "position", "version"]
    readonly_fields = ["version"]


class LaneKindFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The field's own name, "kind", says nothing on the card list.
        self.title = _("lane kind")


@admin.register(Card)
class CardAdmin(StageItemAdmin):
    list_display = [
        "__str__",
        "lane_kind",
        "cause",
        "value",
        "unit",
        "target",
        "evidence",
        "stage",
        "journey_map",
    ]
    list_select_related = ["journey_map", "stage", "lane"]
    search_fields = ["text", "figure", "source", "period"]
    list_filter = [
        ("lane__kind", LaneKindFilter),
        "cause",
        "evidence",
        "unit",
        "journey_map__workspace",
    ]
    raw_id_fields = ["stage", "lane"]
    fields = [
        "journey_map",
        "stage",
        "lane",
        "position",
        *Card.CONTENT_FIELDS,
        "version",
    ]
    readonly_fields = ["journey_map", "version"]
    show_full_result_count = False

    @admin.display(description=_("lane kind"), ordering="lane__kind")
    def lane_kind(self, card: Card) -> str:
        return card.lane.get_kind_display()


# Rounds -------------------------------------------------------------------------


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    """A workshop's record, to look at only: rounds open and close in the workshop
    (``maps.rounds``), and their ballots are secret, so none is listed here."""

    list_display = ["journey_map", "kind", "persona", "opened_at", "closed_at", "adopted_at"]
    list_select_related = ["journey_map", "persona"]
    search_fields = ["journey_map__title", "persona__name"]
    list_filter = ["kind", "persona", "journey_map__workspace"]
    fields = readonly_fields = (
        "journey_map",
        "kind",
        "persona",
        "lane_kinds",
        "dots_each",
        "stacking",
        "opened_by",
        "opened_at",
        "closed_at",
        "adopted_at",
    )
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    # Deleting stays allowed: a map deleted here takes its rounds with it. A round deleted
    # alone takes the change path, so that open tabs drop its results.
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            services.lock_maps({obj.journey_map_id})
            super().delete_model(request, obj)
            payload = {"model": "round", "ids": [obj.pk], "change": "deleted"}
            services.admin_changed(user=request.user, map_ids={obj.journey_map_id}, payload=payload)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():
            map_ids = set(queryset.values_list("journey_map_id", flat=True))
            ids = sorted(queryset.values_list("pk", flat=True))
            services.lock_maps(map_ids)
            super().delete_queryset(request, queryset)
            payload = {"model": "round", "ids": ids, "change": "deleted"}
            services.admin_changed(user=request.user, map_ids=map_ids, payload=payload)


# The action plan ----------------------------------------------------------------


@admin.register(Action)
class ActionAdmin(MapItemAdmin):
    list_display = ["title", "owner", "due_date", "impact", "effort", "status", "journey_map"]
    list_select_related = ["journey_map"]
    search_fields = ["title", "owner", "journey_map__title"]
    list_filter = ["status", "impact", "effort", "journey_map__workspace"]
    autocomplete_fields = ["journey_map"]
    fields = ["journey_map", *Action.CONTENT_FIELDS, "source_card", "position", "version"]
    # The card it answers is set from the map (same map only, checked by its form), not here.
    readonly_fields = ["source_card", "version"]
    show_full_result_count = False


# Events -----------------------------------------------------------------------


class EventSubjectFilter(admin.SimpleListFilter):
    """What an event changed, from its kind ("card.moved" → card).

    Fixed choices (``maps.events``) rather than Django's default for a text field,
    which would scan the whole event table for its distinct values on every page.
    """

    title = _("kind")
    parameter_name = "subject"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return list(events.SUBJECTS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(kind__startswith=f"{self.value()}.")
        return queryset


class EventCategoryFilter(admin.SimpleListFilter):
    """Content, structure, facilitation, votes, access or admin: the kinds of each."""

    title = _("category")
    parameter_name = "category"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return events.Category.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        category = self.value()
        if category:
            return queryset.filter(kind__in=events.kinds_in(category))
        return queryset


@admin.register(MapEvent)
class MapEventAdmin(admin.ModelAdmin):
    """The event log is written by ``maps.services`` only: read it here, never edit it.

    Deleting stays possible because Django asks every admin of a cascade for
    delete permission: refusing it here would forbid deleting a map.
    """

    list_display = ["journey_map", "revision", "kind_label", "actor", "created_at"]
    list_select_related = ["journey_map", "actor"]
    # "=kind" lets one type an exact kind ("card.moved") in the search box.
    search_fields = ["journey_map__title", "=kind"]
    list_filter = [EventSubjectFilter, EventCategoryFilter]
    ordering = ["-pk"]
    fields = readonly_fields = ("journey_map", "revision", "kind", "payload", "actor", "created_at")
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, event: MapEvent) -> str:
        return str(events.kind_of(event.kind).label)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Share links ------------------------------------------------------------------


class ShareLinkStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("active", _("active")), ("expired", _("expired")), ("revoked", _("revoked"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        now = timezone.now()
        live_links = queryset.filter(revoked_at=None)
        if self.value() == "active":
            return live_links.filter(Q(expires_at=None) | Q(expires_at__gt=now))
        if self.value() == "expired":
            return live_links.filter(expires_at__lte=now)
        if self.value() == "revoked":
            return queryset.exclude(revoked_at=None)
        return queryset


class HasPasswordFilter(admin.SimpleListFilter):
    title = _("has a password")
    parameter_name = "password"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.exclude(password="")
        if self.value() == "no":
            return queryset.filter(password="")
        return queryset


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    """Share links, to look at and revoke. None is added here: a link's address is shown
    once, to the facilitator who makes it in the app. Neither the token's hash nor the
    password's is ever shown. Revoking (the action, or deleting) closes the open pages."""

    list_display = [
        "label",
        "journey_map",
        "created_by",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "with_password",
        "allow_pdf",
    ]
    list_select_related = ["journey_map", "created_by"]
    search_fields = ["label", "journey_map__title"]
    list_filter = [ShareLinkStateFilter, HasPasswordFilter, "allow_pdf", "journey_map__workspace"]
    fields = readonly_fields = (
        "journey_map",
        "label",
        "created_by",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "with_password",
        "allow_pdf",
    )
    actions = ["revoke"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The list's action needs "change"; one link's page is to look at only (a change
        # made here would skip the open pages' re-check: edit links in the app).
        return obj is None and super().has_change_permission(request, obj)

    @admin.display(description=_("has a password"), boolean=True)
    def with_password(self, link: ShareLink) -> bool:
        return link.has_password

    @admin.action(description=_("Revoke"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = share_links.revoke(list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d link revoked.", "%(count)d links revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    # A deleted link's open pages close too, once the deletion is saved.
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            transaction.on_commit(partial(live.share_link_revoked, obj.pk))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():
            for link_id in queryset.values_list("pk", flat=True):
                transaction.on_commit(partial(live.share_link_revoked, link_id))
            super().delete_queryset(request, queryset)
