"""Staff pages of a mission's co-written documents (charters, direction projects), mounted at
/missions/<mission_pk>/charters/."""

from django.urls import path

from . import views, views_direction

app_name = "charters"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("published/", views.published, name="published"),
    path("<int:document_pk>/", views.document_detail, name="detail"),
    path("<int:document_pk>/clauses/", views.clause_add, name="clause_add"),
    path("<int:document_pk>/clauses/<int:clause_pk>/", views.clause_edit, name="clause_edit"),
    path(
        "<int:document_pk>/clauses/<int:clause_pk>/delete/",
        views.clause_delete,
        name="clause_delete",
    ),
    path("<int:document_pk>/clauses/<int:clause_pk>/move/", views.clause_move, name="clause_move"),
    path("<int:document_pk>/stage/", views.document_stage, name="stage"),
    path("<int:document_pk>/decide/", views.document_decide, name="decide"),
    path("<int:document_pk>/invite/", views.invite, name="invite"),
    path(
        "<int:document_pk>/invitations/<int:doc_invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<int:document_pk>/compare/", views.document_compare, name="compare"),
    path("<int:document_pk>/versions/<int:version_pk>/", views.version_detail, name="version"),
    # Direction projects (issue 10): the same document, with sources and governance.
    path("direction/new/", views_direction.direction_create, name="direction_create"),
    path(
        "<int:document_pk>/sections/<int:clause_pk>/",
        views_direction.section,
        name="section",
    ),
    path(
        "<int:document_pk>/sources/<int:direction_source_pk>/remove/",
        views_direction.source_remove,
        name="source_remove",
    ),
    path("<int:document_pk>/governance/submit/", views_direction.submit, name="submit"),
    path("<int:document_pk>/governance/decide/", views_direction.decide, name="governance_decide"),
    path(
        "<int:document_pk>/governance/adjustments/<int:direction_adjustment_pk>/",
        views_direction.adjustment_tick,
        name="adjustment_tick",
    ),
    path(
        "<int:document_pk>/governance/publish/", views_direction.publish, name="direction_publish"
    ),
]
