"""Part a of issue 5 — interview campaigns, guide, schedule, notes, coverage.

Mounted under /missions/<int:mission_pk>/diagnostic/ in the "diagnostic" namespace.
"""

from django.urls import path

from . import views_interviews as views

C = "campaigns/<int:campaign_pk>/"
SECTION = C + "guide/sections/<int:guide_section_pk>/"
QUESTION = C + "guide/questions/<int:guide_question_pk>/"
INTERVIEW = C + "interviews/<int:interview_pk>/"

urlpatterns = [
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("interviews/mine.ics", views.interviews_ical, name="interviews_ical"),
    path(C, views.campaign_detail, name="campaign_detail"),
    path(C + "edit/", views.campaign_edit, name="campaign_edit"),
    path(C + "status/", views.campaign_status, name="campaign_status"),
    path(C + "schedule/", views.campaign_schedule, name="campaign_schedule"),
    path(C + "coverage/", views.campaign_coverage, name="campaign_coverage"),
    # The interview guide
    path(C + "guide/", views.campaign_guide, name="campaign_guide"),
    path(C + "guide/print/", views.guide_print, name="guide_print"),
    path(SECTION + "edit/", views.guide_section_edit, name="guide_section_edit"),
    path(SECTION + "delete/", views.guide_section_delete, name="guide_section_delete"),
    path(SECTION + "move/", views.guide_section_move, name="guide_section_move"),
    path(SECTION + "questions/new/", views.guide_question_add, name="guide_question_add"),
    path(QUESTION + "edit/", views.guide_question_edit, name="guide_question_edit"),
    path(QUESTION + "delete/", views.guide_question_delete, name="guide_question_delete"),
    path(QUESTION + "move/", views.guide_question_move, name="guide_question_move"),
    # Interviews and their notes
    path(C + "interviews/new/", views.interview_create, name="interview_create"),
    path(INTERVIEW + "edit/", views.interview_edit, name="interview_edit"),
    path(INTERVIEW + "delete/", views.interview_delete, name="interview_delete"),
    path(INTERVIEW + "status/", views.interview_status, name="interview_status"),
    path(INTERVIEW + "notes/", views.interview_notes, name="interview_notes"),
    path(INTERVIEW + "notes/save/", views.interview_note_save, name="interview_note_save"),
]
