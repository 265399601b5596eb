"""Taking a change back (a stand-in until the undo service lands).

``undo_event`` refuses every change for now; the history page already offers
it to facilitators and shows the refusal.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from journeymap.changes import ChangeRefused
from maps.models import MapEvent


class UndoRefused(ChangeRefused):
    """The change cannot be taken back; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def undo_event(*, user, map_id: int, revision: int) -> MapEvent:
    raise UndoRefused(_("This change cannot be undone yet."))
