"""Part c of issue 5 — survey builder, templates, waves, tokens.

Suggested prefix: surveys/
Mounted under /missions/<int:mission_pk>/diagnostic/ in the "diagnostic" namespace.
"""

urlpatterns: list = []
