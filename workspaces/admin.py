"""Django admin for workspaces and their members.

The admin is the superusers' back office (users, roles, journey types); the
workshop itself happens in the app. Related objects are picked by autocomplete
so that no form loads every user of a big instance into a <select>.
"""

from django.contrib import admin

from workspaces.models import Membership, Workspace


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "joined_at"]
    readonly_fields = ["joined_at"]
    autocomplete_fields = ["user"]


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    list_filter = ["created_at"]
    readonly_fields = ["created_at"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "workspace", "role", "joined_at"]
    list_select_related = ["user", "workspace"]
    search_fields = ["user__username", "user__email", "workspace__name"]
    list_filter = ["role", "workspace"]
    autocomplete_fields = ["user", "workspace"]
    readonly_fields = ["joined_at"]
