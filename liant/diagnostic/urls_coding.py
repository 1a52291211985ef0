"""Part b of issue 5 — codebook, coded excerpts, theme views, search, exports.

Suggested prefix: campaigns/<int:campaign_pk>/coding/
Mounted under /missions/<int:mission_pk>/diagnostic/ in the "diagnostic" namespace.
"""

urlpatterns: list = []
