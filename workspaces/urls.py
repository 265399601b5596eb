from django.urls import path

from workspaces import membership_views, views

app_name = "workspaces"
urlpatterns = [
    path("switch/", views.workspace_switch, name="switch"),
    path("mine/", membership_views.my_workspaces, name="mine"),
    path("invitations/<str:token>/", membership_views.invitation, name="invitation"),
    path("<int:workspace_id>/leave/", membership_views.workspace_leave, name="leave"),
    path("<int:workspace_id>/members/", views.member_list, name="members"),
    path("<int:workspace_id>/members/invite/", views.member_invite, name="invite"),
    path(
        "<int:workspace_id>/invitations/<int:invitation_id>/cancel/",
        views.invitation_cancel,
        name="invitation-cancel",
    ),
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
