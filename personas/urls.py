from django.urls import path

from personas import views

app_name = "personas"
urlpatterns = [
    path("", views.persona_list, name="list"),
    path("new/", views.persona_create, name="create"),
    path("<int:persona_id>/", views.persona_detail, name="detail"),
    path("<int:persona_id>/edit/", views.persona_edit, name="edit"),
    path("<int:persona_id>/delete/", views.persona_delete, name="delete"),
    path("<int:persona_id>/duplicate/", views.persona_duplicate, name="duplicate"),
    path("<int:persona_id>/sheet.pdf", views.persona_one_pager, name="one-pager"),
    path("<int:persona_id>/photo/<slug:size>/", views.persona_photo, name="photo"),
]
