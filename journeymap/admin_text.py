"""Text lengths in the Django admin: the same bound as the app's own forms.

The editor, the persona form and the import refuse a text past
``PARCOURS_MAX_TEXT``; the admin's forms and inlines say the same, so the admin
is not a way around it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.http import HttpRequest


class BoundedTextAdmin:
    """Long text fields of an admin form (or inline) take at most PARCOURS_MAX_TEXT; links
    typed without a scheme are https."""

    def formfield_for_dbfield(
        self, db_field: models.Field, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        # A mixin for ModelAdmin and InlineModelAdmin, which both define it.
        if isinstance(db_field, models.URLField):
            # A source's link typed without a scheme is taken as https://, as in the map's forms.
            kwargs.setdefault("assume_scheme", "https")
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if isinstance(db_field, models.TextField) and formfield is not None:
            bound = settings.PARCOURS_MAX_TEXT
            formfield.validators.append(MaxLengthValidator(bound))
            formfield.widget.attrs["maxlength"] = str(bound)
        return formfield
