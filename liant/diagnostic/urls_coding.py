"""Part b of issue 5 — codebook, coded excerpts, theme views, search, exports.

Mounted under /missions/<int:mission_pk>/diagnostic/ in the "diagnostic" namespace.
"""

from django.urls import path

from . import views_coding as views

P = "campaigns/<int:campaign_pk>/coding/"

urlpatterns = [
    path(P, views.codebook, name="coding_codebook"),
    path(f"{P}themes/new/", views.theme_create, name="coding_theme_create"),
    path(f"{P}themes/<int:theme_pk>/", views.theme_view, name="coding_theme"),
    path(f"{P}themes/<int:theme_pk>/edit/", views.theme_edit, name="coding_theme_edit"),
    path(f"{P}themes/<int:theme_pk>/move/", views.theme_move, name="coding_theme_move"),
    path(f"{P}themes/<int:theme_pk>/delete/", views.theme_delete, name="coding_theme_delete"),
    path(f"{P}import/", views.codebook_import, name="coding_import"),
    path(f"{P}interviews/<int:interview_pk>/", views.interview, name="coding_interview"),
    path(f"{P}segments/new/", views.segment_create, name="coding_segment_create"),
    path(f"{P}segments/<int:segment_pk>/", views.segment_update, name="coding_segment_update"),
    path(
        f"{P}segments/<int:segment_pk>/delete/",
        views.segment_delete,
        name="coding_segment_delete",
    ),
    path(f"{P}frequency/", views.frequency, name="coding_frequency"),
    path(f"{P}search/", views.search, name="coding_search"),
    path(f"{P}export/codebook.qdc", views.export_qdc, name="coding_export_qdc"),
    path(f"{P}export/excerpts.csv", views.export_csv, name="coding_export_csv"),
    path(f"{P}export/excerpts.xlsx", views.export_xlsx, name="coding_export_xlsx"),
]
