from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("", views.team_list, name="list"),
    path("new/", views.team_create, name="team_create"),
    path("<int:team_pk>/", views.team_detail, name="team"),
    path("<int:team_pk>/charter/", views.charter, name="charter"),
    path("<int:team_pk>/charter/rules/", views.rule_add, name="rule_add"),
    path(
        "<int:team_pk>/charter/rules/<int:team_rule_pk>/delete/",
        views.rule_delete,
        name="rule_delete",
    ),
    path("<int:team_pk>/charter/points/", views.point_add, name="point_add"),
    path("<int:team_pk>/charter/review/", views.points_review, name="points_review"),
    path("<int:team_pk>/members/", views.member_list, name="members"),
    path(
        "<int:team_pk>/members/<int:team_member_pk>/link/",
        views.member_link,
        name="member_link",
    ),
    path(
        "<int:team_pk>/members/<int:team_member_pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("<int:team_pk>/coverage/", views.coverage, name="coverage"),
    path("<int:team_pk>/coverage/clients/", views.client_add, name="client_add"),
    path(
        "<int:team_pk>/coverage/clients/<int:team_client_pk>/delete/",
        views.client_delete,
        name="client_delete",
    ),
    path("<int:team_pk>/escalations/", views.escalation_list, name="escalations"),
    path(
        "<int:team_pk>/escalations/<int:escalation_pk>/",
        views.escalation_edit,
        name="escalation_edit",
    ),
]
