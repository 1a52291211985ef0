"""Part d of issue 5 — survey results, heatmap, trends (staff only).

Mounted under /missions/<int:mission_pk>/diagnostic/ in the "diagnostic" namespace.
"""

from django.urls import path

from . import views_results

urlpatterns = [
    path("surveys/<int:survey_pk>/results/", views_results.survey, name="results_survey"),
    path(
        "surveys/<int:survey_pk>/results/waves/<int:wave_pk>/",
        views_results.wave,
        name="results_wave",
    ),
    path(
        "surveys/<int:survey_pk>/results/waves/<int:wave_pk>/heatmap/",
        views_results.heatmap,
        name="results_heatmap",
    ),
    path("surveys/<int:survey_pk>/results/trends/", views_results.trends, name="results_trends"),
]
