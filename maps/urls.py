from django.urls import path, register_converter

from maps.item_kinds import ITEM_KINDS
from maps.views import (
    actions,
    criteria,
    exports,
    facilitation,
    figures,
    history,
    items,
    live,
    pages,
    presentation,
    share,
    snapshots,
    trash,
    undo,
    workshops,
)


class ItemKindConverter:
    regex = "|".join(ITEM_KINDS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ItemKindConverter, "kind")

app_name = "maps"
urlpatterns = [
    path("", pages.map_list, name="list"),
    path("new/", pages.map_create, name="create"),
    path("<int:map_id>/", pages.map_detail, name="detail"),
    path("<int:map_id>/settings/", pages.map_settings, name="settings"),
    path("<int:map_id>/delete/", pages.map_delete, name="delete"),
    path("<int:map_id>/changes/", live.catch_up, name="catch-up"),
    path("<int:map_id>/criteria/", criteria.method_criteria, name="criteria"),
    path("<int:map_id>/undo/", undo.undo_last, name="undo"),
    path("<int:map_id>/redo/", undo.redo_last, name="redo"),
    path("<int:map_id>/history/", history.map_history, name="history"),
    path("<int:map_id>/history/<int:revision>/undo/", history.undo_event, name="undo-event"),
    path("<int:map_id>/lock/", workshops.map_lock, name="lock"),
    path("<int:map_id>/workshop/", workshops.workshop_panel, name="workshop"),
    path("<int:map_id>/workshop/qr.svg", workshops.workshop_qr, name="workshop-qr"),
    path("<int:map_id>/workshop/link/", workshops.workshop_renew_link, name="workshop-link"),
    path("<int:map_id>/workshop/end/", workshops.workshop_end, name="workshop-end"),
    path("<int:map_id>/workshop/guests/", workshops.workshop_guests, name="workshop-guests"),
    path("<int:map_id>/workshop/revoke/", workshops.guests_revoke, name="workshop-revoke"),
    path("<int:map_id>/workshop/rights/", workshops.workshop_rights, name="workshop-rights"),
    path("<int:map_id>/trash/", trash.trash_panel, name="trash"),
    path("<int:map_id>/trash/empty/", trash.trash_empty, name="trash-empty"),
    path("<int:map_id>/trash/<int:trash_id>/restore/", trash.trash_restore, name="trash-restore"),
    path(
        "<int:map_id>/trash/<kind:kind>/<int:item_id>/restore/",
        trash.restore_draft,
        name="trash-restore-draft",
    ),
    path("<int:map_id>/timer/", facilitation.timer, name="timer"),
    path("<int:map_id>/focus/", facilitation.focus, name="focus"),
    path("<int:map_id>/rounds/", facilitation.round_history, name="rounds"),
    path("<int:map_id>/rounds/open/", facilitation.round_open, name="round-open"),
    path("<int:map_id>/rounds/close/", facilitation.round_close, name="round-close"),
    path("<int:map_id>/rounds/<int:round_id>/adopt/", facilitation.round_adopt, name="round-adopt"),
    path(
        "<int:map_id>/rounds/<int:round_id>/dismiss/",
        facilitation.round_dismiss,
        name="round-dismiss",
    ),
    path("<int:map_id>/ballot/", facilitation.ballot, name="ballot"),
    path("<int:map_id>/ballot/vote/", facilitation.vote, name="vote"),
    # Exports and import
    path("import/", exports.map_import, name="import"),
    path("<int:map_id>/export/", exports.export_options, name="export"),
    path("<int:map_id>/export/pdf/", exports.export_pdf, name="export-pdf"),
    path(
        "<int:map_id>/export/pdf/<str:export_id>/",
        exports.export_progress,
        name="export-progress",
    ),
    path(
        "<int:map_id>/export/pdf/<str:export_id>/cancel/",
        exports.export_cancel,
        name="export-cancel",
    ),
    path("<int:map_id>/export/json/", exports.export_json, name="export-json"),
    path("<int:map_id>/export/csv/", exports.export_csv, name="export-csv"),
    path("<int:map_id>/actions/", actions.action_plan, name="actions"),
    path("<int:map_id>/present/", presentation.present, name="present"),
    path("<int:map_id>/present/deck/", presentation.present_deck, name="present-deck"),
    # A CSV of figures onto the map's metrics cards: upload and preview, then confirm.
    path("<int:map_id>/figures/", figures.figures_import_view, name="figures-import"),
    path("<int:map_id>/figures/confirm/", figures.figures_confirm, name="figures-confirm"),
    path("<int:map_id>/figures/example.csv", figures.figures_example, name="figures-example"),
    # Snapshots and the diff
    path("<int:map_id>/snapshots/", snapshots.snapshot_list, name="snapshots"),
    path("<int:map_id>/snapshots/<int:snapshot_id>/", snapshots.snapshot_detail, name="snapshot"),
    path(
        "<int:map_id>/snapshots/<int:snapshot_id>/restore/",
        snapshots.snapshot_restore,
        name="snapshot-restore",
    ),
    path(
        "<int:map_id>/snapshots/<int:snapshot_id>/delete/",
        snapshots.snapshot_delete,
        name="snapshot-delete",
    ),
    path("<int:map_id>/diff/", snapshots.map_diff, name="diff"),
    # Read-only links for people without an account (the links open under /s/).
    path("<int:map_id>/share/", share.share_manage, name="share"),
    path("<int:map_id>/share/<int:link_id>/edit/", share.share_edit, name="share-edit"),
    path("<int:map_id>/share/<int:link_id>/revoke/", share.share_revoke, name="share-revoke"),
    path("<int:map_id>/actions/new/", actions.action_new, name="action-new"),
    path("<int:map_id>/<kind:kind>/", items.item_create, name="item-create"),
    path("<int:map_id>/<kind:kind>/<int:item_id>/", items.item_show, name="item-show"),
    path("<int:map_id>/<kind:kind>/<int:item_id>/edit/", items.item_edit, name="item-edit"),
    path("<int:map_id>/<kind:kind>/<int:item_id>/update/", items.item_update, name="item-update"),
    path("<int:map_id>/<kind:kind>/<int:item_id>/move/", items.item_move, name="item-move"),
    path("<int:map_id>/<kind:kind>/<int:item_id>/delete/", items.item_delete, name="item-delete"),
]
