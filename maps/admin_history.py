"""Django admin of a map's history: its snapshots and its trash.

Both are looked at here, never edited: a snapshot's compressed state and a
trash entry's packed rows are what restores and undos read back, so the
admin shows a summary of them instead (how many items of each kind). It
follows the app's rules rather than Django's defaults:

- a snapshot is deleted here under the app's rule (``snapshots.deletable``:
  only one taken by hand; the automatic ones are what a workshop left and what
  undoing a restore needs), except when a map or workspace deleted here takes
  its snapshots with it;
- "Restore" puts trash entries back through ``services.trash_restore``, as the
  trash panel does (one change each: revision, event, live push), and says
  which were refused and why;
- deleting a trash entry destroys work for good: Django's confirmation page
  asks first, and the deletion is logged on the map (``admin.changed``), as
  emptying the trash is. An undo of the deletion that had put the item there
  is then refused ("no longer in the trash"), as after emptying the trash.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from maps import map_state, services, snapshots, trash
from maps.item_kinds import ITEM_KINDS
from maps.models import TRASH_DAYS, JourneyMap, Snapshot, TrashedItem
from workspaces import access

# Parents first: a stage restored in the same action as one of its cards comes back
# before the card needs it.
RESTORE_ORDER = {"stage": 0, "lane": 1, "touchpoint": 2, "card": 3, "action": 4}


def counted(counts: dict[str, int]) -> str:
    """ "2 stages, 5 cards": the kinds a state or a trash entry holds, none left out."""
    words = {
        "stage": lambda n: ngettext("%(count)d stage", "%(count)d stages", n),
        "touchpoint": lambda n: ngettext("%(count)d touchpoint", "%(count)d touchpoints", n),
        "lane": lambda n: ngettext("%(count)d lane", "%(count)d lanes", n),
        "card": lambda n: ngettext("%(count)d card", "%(count)d cards", n),
        "action": lambda n: ngettext("%(count)d action", "%(count)d actions", n),
        "vote": lambda n: ngettext("%(count)d vote", "%(count)d votes", n),
    }
    parts = [words[kind](n) % {"count": n} for kind, n in counts.items() if n and kind in words]
    return ", ".join(parts) or str(_("nothing"))


def kind_name(kind: str) -> str:
    known = ITEM_KINDS.get(kind)
    return str(known.model._meta.verbose_name) if known else kind


class MapOfWorkspaceFilter(admin.SimpleListFilter):
    """The maps of the workspace chosen in the workspace filter, which comes first: every
    map of the site would make a list thousands long."""

    title = _("map")
    parameter_name = "map"
    SHOWN = 200

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        workspace = request.GET.get("journey_map__workspace__id__exact", "")
        if not workspace.isdigit():
            return []
        maps = JourneyMap.objects.filter(workspace_id=workspace).order_by("title", "pk")
        return list(maps.values_list("pk", "title")[: self.SHOWN])

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value() or ""
        return queryset.filter(journey_map_id=value) if value.isdigit() else queryset


def on_own_pages(request: HttpRequest, model_admin: admin.ModelAdmin) -> bool:
    """Whether the request is one of this model's admin pages, rather than the deletion
    of a map or a workspace, which asks every related admin for delete permission."""
    match = request.resolver_match
    opts = model_admin.opts
    prefix = f"{opts.app_label}_{opts.model_name}_"
    return match is not None and (match.url_name or "").startswith(prefix)


# Snapshots ----------------------------------------------------------------------


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["name", "journey_map", "reason", "created_by", "created_at", "size_shown"]
    list_select_related = ["journey_map", "created_by"]
    search_fields = ["name", "journey_map__title"]
    list_filter = ["reason", "journey_map__workspace", MapOfWorkspaceFilter]
    fields = readonly_fields = (
        "journey_map",
        "name",
        "reason",
        "revision",
        "workshop",
        "created_by",
        "created_at",
        "size_shown",
        "contents",
    )
    actions = ["delete_selected"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The state is tens of kilobytes a row: a list page never reads it.
        return super().get_queryset(request).defer("state")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # taken by the app, under the map's lock

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        if obj is None or not on_own_pages(request, self):
            return True
        return snapshots.deletable(obj)

    @admin.display(description=_("size"), ordering="size")
    def size_shown(self, snapshot: Snapshot) -> str:
        return filesizeformat(snapshot.size)

    @admin.display(description=_("what it holds"))
    def contents(self, snapshot: Snapshot) -> str:
        state = snapshots.load(snapshot)
        return f"{state.get('title', '')} — {counted(map_state.counts(state))}"

    @admin.action(description=_("Delete selected %(verbose_name_plural)s"), permissions=["delete"])
    def delete_selected(self, request: HttpRequest, queryset: QuerySet):
        if not all(snapshots.deletable(snapshot) for snapshot in queryset):
            self.message_user(
                request,
                _(
                    "Only a snapshot taken by hand can be deleted: the others are what a "
                    "workshop or a restore left behind. Nothing was deleted."
                ),
                messages.ERROR,
            )
            return None
        return django_delete_selected(self, request, queryset)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            services.lock_maps({obj.journey_map_id})
            snapshots.check_deletable(obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():
            services.lock_maps(set(queryset.values_list("journey_map_id", flat=True)))
            for snapshot in queryset:
                snapshots.check_deletable(snapshot)
            super().delete_queryset(request, queryset)


# The trash ----------------------------------------------------------------------


class TrashKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [(name, kind.model._meta.verbose_name) for name, kind in ITEM_KINDS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(kind=self.value()) if self.value() else queryset


class RestorableFilter(admin.SimpleListFilter):
    """Entries older than ``TRASH_DAYS`` wait for the nightly prune and restore no more."""

    title = _("restorable")
    parameter_name = "restorable"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("Yes")), ("no", _("No (expired)"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        since = timezone.now() - timedelta(days=TRASH_DAYS)
        if self.value() == "yes":
            return queryset.filter(deleted_at__gte=since)
        if self.value() == "no":
            return queryset.filter(deleted_at__lt=since)
        return queryset


@admin.register(TrashedItem)
class TrashedItemAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "kind_shown",
        "journey_map",
        "content_count",
        "deleted_by_name",
        "deleted_at",
        "restorable",
    ]
    list_select_related = ["journey_map"]
    search_fields = ["label", "journey_map__title", "deleted_by_name"]
    list_filter = [
        TrashKindFilter,
        RestorableFilter,
        "journey_map__workspace",
        MapOfWorkspaceFilter,
    ]
    fields = readonly_fields = (
        "journey_map",
        "kind_shown",
        "label",
        "contents",
        "revision",
        "deleted_by",
        "deleted_by_name",
        "deleted_at",
        "expires_at",
    )
    actions = ["restore"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).defer("data")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only a deletion on the map fills the trash

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The list's "Restore" needs "change"; an entry's page is to look at only.
        return obj is None and super().has_change_permission(request, obj)

    @admin.display(description=_("kind"), ordering="kind")
    def kind_shown(self, entry: TrashedItem) -> str:
        return kind_name(entry.kind)

    @admin.display(description=_("restorable"), boolean=True)
    def restorable(self, entry: TrashedItem) -> bool:
        return entry.expires_at > timezone.now()

    @admin.display(description=_("what it held"))
    def contents(self, entry: TrashedItem) -> str:
        data = entry.data
        return counted(
            {
                "touchpoint": len(data.get("touchpoints", [])),
                "card": len(data.get("cards", [])),
                "vote": len(data.get("votes", [])),
            }
        )

    @admin.action(description=_("Restore"), permissions=["change"])
    def restore(self, request: HttpRequest, queryset: QuerySet) -> None:
        entries = sorted(
            queryset.only("pk", "journey_map_id", "kind", "label", "revision"),
            key=lambda entry: (RESTORE_ORDER.get(entry.kind, len(RESTORE_ORDER)), -entry.revision),
        )
        restored = 0
        for entry in entries:
            reason = self.restore_one(request, entry)
            if reason is None:
                restored += 1
                continue
            self.message_user(
                request,
                _("“%(label)s” was not restored: %(reason)s")
                % {"label": entry.label, "reason": reason},
                messages.ERROR,
            )
        if restored:
            self.message_user(
                request,
                ngettext(
                    "%(count)d item restored to its map.",
                    "%(count)d items restored to their maps.",
                    restored,
                )
                % {"count": restored},
                messages.SUCCESS,
            )

    def restore_one(self, request: HttpRequest, entry: TrashedItem) -> str | None:
        """Restore one entry as the app does; why it was refused, or None."""
        try:
            services.trash_restore(
                user=request.user,
                map_id=entry.journey_map_id,
                trash_id=entry.pk,
                check=access.check_admin_site,
            )
        except trash.RestoreRefused as refusal:
            return refusal.message
        except Http404:
            return str(
                ngettext(
                    "it is no longer in the trash (restored meanwhile, or deleted more "
                    "than %(days)d day ago).",
                    "it is no longer in the trash (restored meanwhile, or deleted more "
                    "than %(days)d days ago).",
                    TRASH_DAYS,
                )
                % {"days": TRASH_DAYS}
            )
        except PermissionDenied as denied:
            return str(denied)
        return None

    # Deleting an entry is forgetting it for good: logged on its map, as emptying is.
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_with(request, {obj.journey_map_id: [obj.pk]}, obj.delete)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        by_map: dict[int, list[int]] = {}
        for map_id, entry_id in queryset.order_by("pk").values_list("journey_map_id", "pk"):
            by_map.setdefault(map_id, []).append(entry_id)
        self.delete_with(request, by_map, queryset.delete)

    def delete_with(self, request: HttpRequest, by_map: dict[int, list[int]], delete) -> None:
        """Each map's event names its own entries."""
        with transaction.atomic():
            services.lock_maps(by_map)
            delete()
            for map_id, ids in by_map.items():
                payload = {"model": "trasheditem", "ids": ids, "change": "deleted"}
                services.admin_changed(user=request.user, map_ids={map_id}, payload=payload)
