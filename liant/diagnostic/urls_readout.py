"""Part e of issue 5 — readout, axes, findings, evidence, presentation.

Mounted under /missions/<int:mission_pk>/diagnostic/ in the "diagnostic" namespace.
"""

from django.urls import path

from . import views_readout as views

urlpatterns = [
    path("readout/", views.readout, name="readout"),
    path("readout/edit/", views.readout_edit, name="readout_edit"),
    path("readout/publish/", views.readout_publish, name="readout_publish"),
    path("readout/unpublish/", views.readout_unpublish, name="readout_unpublish"),
    path("readout/present/", views.readout_present, name="readout_present"),
    path("readout/axes/new/", views.axis_add, name="readout_axis_add"),
    path("readout/axes/<int:axis_pk>/edit/", views.axis_edit, name="readout_axis_edit"),
    path("readout/axes/<int:axis_pk>/delete/", views.axis_delete, name="readout_axis_delete"),
    path("readout/axes/<int:axis_pk>/move/", views.axis_move, name="readout_axis_move"),
    path("readout/axes/<int:axis_pk>/add/", views.finding_add, name="readout_finding_add"),
    path(
        "readout/findings/<int:finding_pk>/edit/", views.finding_edit, name="readout_finding_edit"
    ),
    path(
        "readout/findings/<int:finding_pk>/delete/",
        views.finding_delete,
        name="readout_finding_delete",
    ),
    path(
        "readout/findings/<int:finding_pk>/move/", views.finding_move, name="readout_finding_move"
    ),
    path(
        "readout/findings/<int:finding_pk>/evidence/",
        views.evidence_add,
        name="readout_evidence_add",
    ),
    path(
        "readout/evidence/<int:evidence_pk>/delete/",
        views.evidence_delete,
        name="readout_evidence_delete",
    ),
]
