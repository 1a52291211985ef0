from django.urls import path

from . import views, views_privacy

app_name = "transfer"

urlpatterns = [
    path("missions/import/", views.mission_import, name="mission_import"),
    path("missions/<int:mission_pk>/export/", views.mission_export, name="mission_export"),
    path("privacy/people/<int:person_pk>/", views_privacy.person_data, name="person_data"),
    path(
        "privacy/people/<int:person_pk>/export.json",
        views_privacy.person_export,
        name="person_export",
    ),
    path("privacy/people/<int:person_pk>/erase/", views_privacy.person_erase, name="person_erase"),
]
