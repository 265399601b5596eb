"""What every service that changes user data shares: how it refuses a change.

``maps.services`` and ``personas.services`` both raise these, so views treat
a refused change the same way whatever it was about.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms import BaseForm
from django.http import QueryDict


class ChangeRefused(Exception):
    """Base of every refusal a user can act on; nothing was written."""


class Invalid(ChangeRefused):
    def __init__(self, form: BaseForm):
        super().__init__("invalid")
        self.form = form


def with_version(data: Mapping[str, Any], version: int) -> QueryDict:
    """The user's draft, re-armed with the saved version: saving it again overwrites on purpose."""
    if isinstance(data, QueryDict):
        draft = data.copy()
    else:
        draft = QueryDict(mutable=True)
        draft.update(data)
    draft["version"] = str(version)
    return draft
