"""Django admin for workspaces and their members.

The admin is the superusers' back office (users, roles, journey types); the
workshop itself happens in the app. Related objects are picked by autocomplete
so that no form loads every user of a big instance into a <select>.
"""

from django.contrib import admin

from workspaces.models import Invitation, Membership, Workspace


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


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "workspace", "role", "invited_by", "created_at", "expires_at"]
    list_select_related = ["workspace", "invited_by"]
    search_fields = ["email", "workspace__name"]
    list_filter = ["role", "workspace"]
    autocomplete_fields = ["invitee", "workspace", "invited_by"]
    readonly_fields = ["token", "created_at"]
