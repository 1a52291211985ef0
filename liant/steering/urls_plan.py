"""Plan part: axes, objectives, actions, matrix, governance, decisions (see OWNERSHIP.md)."""

from django.urls import path

from . import views_plan as v
from . import views_plan_origins as vo

urlpatterns = [
    path("", v.plan, name="plan"),
    path("axes/import/", v.axis_import, name="axis_import"),
    path("axes/new/", v.axis_add, name="axis_add"),
    path("axes/<int:plan_axis_pk>/edit/", v.axis_edit, name="axis_edit"),
    path("axes/<int:plan_axis_pk>/delete/", v.axis_delete, name="axis_delete"),
    path("objectives/new/", v.objective_add, name="objective_add"),
    path("objectives/<int:objective_pk>/edit/", v.objective_edit, name="objective_edit"),
    path("objectives/<int:objective_pk>/delete/", v.objective_delete, name="objective_delete"),
    path("objectives/<int:objective_pk>/actions/", v.tree_actions, name="objective_actions"),
    path("objectives/none/actions/", v.tree_actions, name="loose_actions"),
    path("actions/", v.action_list, name="actions"),
    path("actions/board/", v.action_board, name="board"),
    path("actions/board/more/", v.board_more, name="board_more"),
    path("actions/timeline/", v.action_timeline, name="timeline"),
    path("actions/new/", v.action_add, name="action_add"),
    path("actions/<int:action_pk>/", v.action, name="action"),
    path("actions/<int:action_pk>/edit/", v.action_edit, name="action_edit"),
    path("actions/<int:action_pk>/progress/", v.action_progress, name="action_progress"),
    path("actions/<int:action_pk>/delete/", v.action_delete, name="action_delete"),
    # "Turn into an action" from the mission's other sources (workshop cards and groups go
    # through the workshops' turn-into pages).
    path("actions/from/theme/<int:theme_pk>/", vo.from_theme, name="action_from_theme"),
    path(
        "actions/from/survey/<int:wave_pk>/<int:survey_question_pk>/",
        vo.from_survey_result,
        name="action_from_survey_result",
    ),
    path(
        "actions/from/review/<int:review_rating_pk>/",
        vo.from_review_gap,
        name="action_from_review_gap",
    ),
    path(
        "actions/from/vigilance/<int:vigilance_point_pk>/",
        vo.from_vigilance_point,
        name="action_from_vigilance_point",
    ),
    path(
        "actions/from/escalation/<int:escalation_pk>/",
        vo.from_escalation,
        name="action_from_escalation",
    ),
    path(
        "actions/from/statement/<int:statement_pk>/",
        vo.from_statement,
        name="action_from_statement",
    ),
    path("matrix/", v.matrix, name="matrix"),
    path("matrix/cell/", v.matrix_cell, name="matrix_cell"),
    path("matrix/<int:action_pk>/place/", v.matrix_place, name="matrix_place"),
    path("matrix/import/", v.matrix_import, name="matrix_import"),
    path("governance/", v.governance, name="governance"),
    path("governance/submit/", v.plan_submit, name="plan_submit"),
    path("governance/validate/", v.plan_validate, name="plan_validate"),
    path("governance/draft/", v.plan_draft, name="plan_draft"),
    path("governance/bodies/new/", v.body_add, name="body_add"),
    path("governance/bodies/<int:body_pk>/edit/", v.body_edit, name="body_edit"),
    path("governance/bodies/<int:body_pk>/delete/", v.body_delete, name="body_delete"),
    path("governance/decisions/new/", v.decision_add, name="decision_add"),
    path(
        "governance/decisions/<int:decision_pk>/delete/",
        v.decision_delete,
        name="decision_delete",
    ),
    path("milestones/new/", v.milestone_add, name="milestone_add"),
    path("milestones/<int:milestone_pk>/edit/", v.milestone_edit, name="milestone_edit"),
    path("milestones/<int:milestone_pk>/delete/", v.milestone_delete, name="milestone_delete"),
]
