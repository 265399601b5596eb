from django.contrib import admin

from personas.models import Persona


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin):
    list_display = ["name", "age", "segment", "workspace", "updated_at"]
    list_filter = ["workspace", "segment"]
    list_select_related = ["workspace"]
    search_fields = ["name", "quote", "needs"]
    readonly_fields = ["version", "created_at", "updated_at"]
    date_hierarchy = "updated_at"

    def save_model(self, request, obj, form, change):
        # An admin's change must also turn pages opened before it into conflicts.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
