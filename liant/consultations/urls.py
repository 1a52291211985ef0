"""Facilitators' pages, mounted at /missions/<mission_pk>/consultations/. URL arguments are
named after their object for the isolation matrix."""

from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_create, name="create"),
    path("import/", views.import_polis, name="import"),
    path("<int:consultation_pk>/", views.consultation_detail, name="detail"),
    path("<int:consultation_pk>/edit/", views.consultation_edit, name="edit"),
    path("<int:consultation_pk>/statements/", views.statement_add, name="statement_add"),
    path("<int:consultation_pk>/moderation/", views.moderation, name="moderation"),
    path(
        "<int:consultation_pk>/statements/<int:statement_pk>/moderate/",
        views.moderate,
        name="moderate",
    ),
    path("<int:consultation_pk>/map/", views.opinion_map_page, name="map"),
    path("<int:consultation_pk>/report/", views.report, name="report"),
    path("<int:consultation_pk>/export/", views.export, name="export"),
    path("<int:consultation_pk>/invitations/", views.invite, name="invite"),
    path(
        "<int:consultation_pk>/invitations/<int:consultation_invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
