import uuid

from django import forms
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import transaction

from journeymap.admin_text import BoundedTextAdmin
from personas import photos
from personas.models import Persona


class PersonaAdminForm(forms.ModelForm):
    # No Meta: the admin builds it from PersonaAdmin's fields.

    def clean_photo(self):
        """A photo uploaded here is checked and re-encoded like one uploaded in the app."""
        photo = self.cleaned_data.get("photo")
        if not photo or not hasattr(photo, "content_type"):
            return photo  # unchanged or cleared
        try:
            processed = photos.process_upload(photo)
        except photos.PhotoRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return ContentFile(processed.content, name=f"{uuid.uuid4().hex}.jpg")


@admin.register(Persona)
class PersonaAdmin(BoundedTextAdmin, admin.ModelAdmin):
    form = PersonaAdminForm
    list_display = ["name", "age", "segment", "workspace", "updated_at"]
    list_filter = ["workspace", "segment"]
    list_select_related = ["workspace"]
    search_fields = ["name", "quote", "needs", "motivations", "reluctances"]
    readonly_fields = ["version", "created_at", "updated_at"]
    date_hierarchy = "updated_at"

    def save_model(self, request, obj, form, change):
        # An admin's change must also turn pages opened before it into conflicts.
        if change:
            obj.version += 1
        old_photo = form.initial.get("photo")
        old_name = getattr(old_photo, "name", old_photo) or ""
        super().save_model(request, obj, form, change)
        if old_name and old_name != obj.photo.name:
            transaction.on_commit(lambda: photos.delete(old_name))

    def delete_model(self, request, obj):
        name = obj.photo.name
        super().delete_model(request, obj)
        transaction.on_commit(lambda: photos.delete(name))

    def delete_queryset(self, request, queryset):
        names = [name for name in queryset.values_list("photo", flat=True) if name]
        super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: [photos.delete(name) for name in names])
