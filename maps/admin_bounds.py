"""The map's size limits, kept in the Django admin too.

The editor, the import and the services refuse an item past the map's limits
(``maps.limits``); an administrator's form says the same, so the admin is not a
way around them. (Text lengths: ``journeymap.admin_text``.)
"""

from __future__ import annotations

from typing import Any

from django import forms

from maps import limits
from maps.models import JourneyMap


def map_full_error(journey_map: Any, kind: str, adding: int = 1) -> str:
    """Why ``adding`` more items of ``kind`` do not fit on the map; empty when they do."""
    if journey_map is None or not journey_map.pk or kind not in limits.BOUNDS:
        return ""
    count = limits.BOUNDS[kind][1]._default_manager.filter(journey_map=journey_map).count()
    return limits.too_many({kind: count + adding})


class WithinMapLimitsForm(forms.ModelForm):
    """A new item made in the admin must fit on its map, as one made in the editor."""

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if self.instance.pk is None:
            stage = cleaned.get("stage")
            journey_map = stage.journey_map if stage else cleaned.get("journey_map")
            message = map_full_error(journey_map, self._meta.model._meta.model_name)
            if message:
                raise forms.ValidationError(message)
        return cleaned


class WithinMapLimitsFormSet(forms.BaseInlineFormSet):
    """New rows of an inline (stages of a map, touchpoints of a stage) must fit too."""

    def clean(self) -> None:
        super().clean()
        new = [
            form
            for form in self.forms
            if form.instance.pk is None and form.has_changed() and form not in self.deleted_forms
        ]
        if not new:
            return
        parent = self.instance
        journey_map = parent if isinstance(parent, JourneyMap) else parent.journey_map
        message = map_full_error(journey_map, self.model._meta.model_name, adding=len(new))
        if message:
            raise forms.ValidationError(message)
