"""The one path every change of a persona takes, whatever sends it.

Like ``maps.services``: check access through ``workspaces.access``, validate
with the form, and write in one transaction that locks the persona's row and
compares versions, so that a stale save becomes a ``Conflict`` that keeps the
user's draft instead of silently overwriting someone else's work.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from journeymap.changes import ChangeRefused, Invalid, with_version
from personas import photos
from personas.forms import PersonaEditForm, PersonaForm
from personas.models import Persona
from workspaces import access
from workspaces.models import Workspace

if TYPE_CHECKING:
    from workspaces.access import User


@dataclass(frozen=True)
class Difference:
    """One field where the saved persona and the user's draft disagree."""

    name: str
    label: str
    current: str
    draft: str


class Conflict(ChangeRefused):
    """Someone saved the persona since the user loaded it.

    ``form`` holds the user's draft, re-armed with the current version so that
    saving it again is a deliberate overwrite; ``current`` is the saved persona
    and ``differences`` the fields where it and the draft disagree.
    """

    def __init__(self, form: PersonaEditForm, current: Persona, differences: list[Difference]):
        super().__init__("conflict")
        self.form = form
        self.current = current
        self.differences = differences

    @property
    def changed_fields(self) -> set[str]:
        return {difference.name for difference in self.differences}


def persona_create(
    *,
    user: User,
    workspace: Workspace | None,
    data: Mapping[str, Any],
    files: Mapping[str, Any] | None = None,
) -> Persona:
    workspace = access.check_create_in(user, workspace)
    form = PersonaForm(data, files)
    if not form.is_valid():
        raise Invalid(form)
    persona = form.save(commit=False)
    persona.workspace = workspace
    with _photo_change(persona, form):
        persona.save()
    return persona


def persona_update(
    *,
    user: User,
    persona_id: int,
    data: Mapping[str, Any],
    files: Mapping[str, Any] | None = None,
) -> Persona:
    with transaction.atomic():
        persona = _locked(persona_id)
        access.check_edit_persona(user, persona)
        if str(data.get("version", "")) != str(persona.version):
            # The draft gets its own copy of the row: validating a ModelForm writes
            # the draft into its instance, and ``current`` must stay what is saved.
            draft = PersonaEditForm(
                with_version(data, persona.version), instance=Persona.objects.get(pk=persona.pk)
            )
            raise Conflict(draft, persona, differences(persona, draft))
        form = PersonaEditForm(data, files, instance=persona)
        if not form.is_valid():
            raise Invalid(form)
        persona = form.save(commit=False)
        persona.version += 1
        with _photo_change(persona, form):
            persona.save()
    return persona


def persona_duplicate(*, user: User, persona_id: int) -> Persona:
    """A copy in the same workspace, photo included (its own file), named “… (copy)”."""
    source = Persona.objects.filter(pk=persona_id).first()
    if source is None:
        raise Http404
    access.check_edit_persona(user, source)
    copy = Persona.objects.get(pk=source.pk)
    copy.pk = None
    copy.version = 1
    copy.name = (_("%(name)s (copy)") % {"name": source.name})[:120]
    stored = None
    if source.photo:
        with source.photo.open("rb") as original:
            stored = photos.store(photos.process_bytes(original.read()).content)
        copy.photo = stored
    try:
        with transaction.atomic():
            copy.save()
    except Exception:
        photos.delete(stored or "")
        raise
    return copy


def persona_delete(*, user: User, persona_id: int) -> None:
    """The maps that use the persona stay; they only lose it."""
    with transaction.atomic():
        persona = _locked(persona_id)
        access.check_edit_persona(user, persona)
        photo = persona.photo.name or ""
        persona.delete()
        transaction.on_commit(lambda: photos.delete(photo))


@contextmanager
def _photo_change(persona: Persona, form: PersonaForm) -> Iterator[None]:
    """Stores the form's new photo (or removes the old one) around saving the row.

    The new file is written first, and deleted again if the row is not saved;
    the old file goes only once the new row is committed. Either way no file
    is left that no persona points to.
    """
    new_photo = form.cleaned_data.get("photo_upload")
    # The form does not touch the photo field: this is still the saved photo.
    old_name = persona.photo.name
    stored = ""
    if new_photo is not None:
        stored = photos.store(new_photo.content)
        persona.photo = stored
    elif form.cleaned_data.get("remove_photo"):
        persona.photo = ""
    try:
        with transaction.atomic():
            yield
    except BaseException:
        photos.delete(stored)
        raise
    if old_name and old_name != persona.photo.name:
        transaction.on_commit(lambda: photos.delete(old_name))


def differences(current: Persona, draft: PersonaForm) -> list[Difference]:
    found = []
    for name, field in draft.fields.items():
        if name in {"version", "photo_upload", "remove_photo"}:
            continue
        saved = _shown(draft, name, getattr(current, name))
        typed = _shown(draft, name, draft.data.get(name, ""))
        if _normalised(saved) != _normalised(typed):
            found.append(Difference(name, str(field.label), saved, typed))
    return found


def _shown(form: PersonaForm, name: str, value: Any) -> str:
    """A value as the user reads it: the label of a choice, "" for nothing."""
    if value is None:
        return ""
    choices = dict(getattr(form.fields[name], "choices", None) or ())
    return str(choices.get(value, value))


def _normalised(text: str) -> str:
    # Browsers send textarea line breaks as CRLF.
    return text.replace("\r\n", "\n").strip()


def _locked(persona_id: int) -> Persona:
    persona = Persona.objects.select_for_update().filter(pk=persona_id).first()
    if persona is None:
        raise Http404
    return persona
