"""Open map pages follow a persona renamed or deleted in the library.

A persona's name is not the map's: renaming it is no change of the maps that use
it (no revision, no event, nothing to undo), yet their emotion curves name it in
their legend, one line per persona. Once the change commits, each map using the
persona sends its open tabs its curve and persona chips as they are now
(``live.redraw_personas``): a redraw outside the revision order, which these parts,
holding no form, can take at any time. A tab offline then shows the new name at
its next curve change or reload.

Signals, as ``maps.revocation`` does, so that the persona library never imports the
maps and no way of saving a persona (its pages, the admin) can forget it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save, pre_delete, pre_save

from maps import live
from personas.models import Persona


def _redraw(map_ids: list[int]) -> None:
    for map_id in map_ids:
        live.redraw_personas(map_id)


def _note_old_name(sender, instance: Persona, **kwargs) -> None:
    if instance.pk is not None:
        old = Persona.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
        instance._name_before = old  # type: ignore[attr-defined]


def _renamed(sender, instance: Persona, created: bool = False, **kwargs) -> None:
    before = getattr(instance, "_name_before", None)
    if created or before is None or before == instance.name:
        return
    map_ids = list(instance.maps.values_list("pk", flat=True))
    if map_ids:
        transaction.on_commit(lambda: _redraw(map_ids))


def _deleted(sender, instance: Persona, **kwargs) -> None:
    # Read before the delete takes the persona off its maps.
    map_ids = list(instance.maps.values_list("pk", flat=True))
    if map_ids:
        transaction.on_commit(lambda: _redraw(map_ids))


def connect() -> None:
    pre_save.connect(_note_old_name, sender=Persona, dispatch_uid="persona-name-before")
    post_save.connect(_renamed, sender=Persona, dispatch_uid="persona-renamed")
    pre_delete.connect(_deleted, sender=Persona, dispatch_uid="persona-deleted")
