"""Part e of issue 5 — readout, axes, findings, evidence, presentation.

Suggested prefix: readout/
Mounted under /missions/<int:mission_pk>/diagnostic/ in the "diagnostic" namespace.
"""

urlpatterns: list = []
