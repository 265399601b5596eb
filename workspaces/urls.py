from django.urls import path

from workspaces import views

app_name = "workspaces"
urlpatterns = [
    path("switch/", views.workspace_switch, name="switch"),
    path("<int:workspace_id>/members/", views.member_list, name="members"),
    path("<int:workspace_id>/members/invite/", views.member_invite, name="invite"),
    path(
        "<int:workspace_id>/members/<int:membership_id>/role/",
        views.member_role,
        name="member-role",
    ),
    path(
        "<int:workspace_id>/members/<int:membership_id>/remove/",
        views.member_remove,
        name="member-remove",
    ),
    path("<int:workspace_id>/journey-types/", views.journey_types, name="journey-types"),
]
