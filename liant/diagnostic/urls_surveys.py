"""Part c of issue 5 — survey builder, templates, waves, tokens.

Mounted under /missions/<int:mission_pk>/diagnostic/ in the "diagnostic" namespace.
"""

from django.urls import path

from . import views_surveys as v

S = "surveys/<int:survey_pk>/"
Q = S + "questions/<int:survey_question_pk>/"
SEC = S + "sections/<int:survey_section_pk>/"
W = S + "waves/<int:wave_pk>/"

urlpatterns = [
    path("surveys/new/", v.survey_create, name="survey_create"),
    path(S, v.survey_detail, name="survey_detail"),
    path(S + "edit/", v.survey_edit, name="survey_edit"),
    path(S + "delete/", v.survey_delete, name="survey_delete"),
    path(S + "preview/", v.survey_preview, name="survey_preview"),
    path(S + "sections/new/", v.section_create, name="survey_section_create"),
    path(SEC + "edit/", v.section_edit, name="survey_section_edit"),
    path(SEC + "delete/", v.section_delete, name="survey_section_delete"),
    path(SEC + "move/", v.section_move, name="survey_section_move"),
    path(S + "questions/new/", v.question_create, name="survey_question_create"),
    path(Q + "edit/", v.question_edit, name="survey_question_edit"),
    path(Q + "delete/", v.question_delete, name="survey_question_delete"),
    path(Q + "move/", v.question_move, name="survey_question_move"),
    path(S + "waves/new/", v.wave_create, name="survey_wave_create"),
    path(W, v.wave_detail, name="survey_wave"),
    path(W + "status/", v.wave_status, name="survey_wave_status"),
    path(W + "dates/", v.wave_dates, name="survey_wave_dates"),
    path(W + "qr.svg", v.wave_qr, name="survey_wave_qr"),
    path(W + "invite/", v.wave_invite, name="survey_wave_invite"),
    path(W + "tokens/<int:token_pk>/renew/", v.token_renew, name="survey_token_renew"),
]
