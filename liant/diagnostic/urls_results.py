"""Part d of issue 5 — survey results, heatmap, trends.

Suggested prefix: surveys/<int:survey_pk>/results/
Mounted under /missions/<int:mission_pk>/diagnostic/ in the "diagnostic" namespace.
"""

urlpatterns: list = []
