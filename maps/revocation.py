"""Open sockets follow changes of who may see what, whatever made the change.

A membership removed or changed (the members page, the Django admin, a
workspace or account deleted, leaving a workspace) or a guest pass changed or
deleted: once the change commits, every map socket of that person checks its
access again (``MapConsumer.access_recheck``) and closes with 4403 if it is
denied now, or joins or leaves the map's facilitators' group if the role
changed. Signals rather than a call in each service, so that no entry point
can forget it, the admin and cascades included.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from maps import live
from maps.models import Guest
from workspaces.models import Membership


def _recheck(sender, instance, created: bool = False, **kwargs) -> None:
    # A new membership or pass takes nothing away (and guests join by the hundred).
    if not created:
        transaction.on_commit(partial(live.recheck_access, instance.user_id))


def connect() -> None:
    for model in (Membership, Guest):
        post_save.connect(_recheck, sender=model, dispatch_uid=f"recheck-{model.__name__}")
        post_delete.connect(_recheck, sender=model, dispatch_uid=f"recheck-{model.__name__}-gone")
