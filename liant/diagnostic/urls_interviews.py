"""Part a of issue 5 — interview campaigns, guide, schedule, notes, coverage.

Suggested prefix: campaigns/
Mounted under /missions/<int:mission_pk>/diagnostic/ in the "diagnostic" namespace.
"""

urlpatterns: list = []
