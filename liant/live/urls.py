from django.urls import path

from . import cafe_views, views, views_openspace

app_name = "live"

urlpatterns = [
    path("", views.join, name="join"),
    path("invite/<str:token>/", views.join_invitation, name="invitation"),
    path("<str:code>/", views.join_workshop, name="join_workshop"),
    path("<str:code>/boards/<int:board_pk>/", views.participant_board, name="board"),
    path("<str:code>/boards/<int:board_pk>/groups/", views.groups, name="groups"),
    path("<str:code>/open-space/", views_openspace.open_space, name="openspace"),
    path("<str:code>/open-space/propose/", views_openspace.propose, name="openspace_propose"),
    path(
        "<str:code>/open-space/sessions/<int:session_pk>/",
        views_openspace.session,
        name="openspace_session",
    ),
    path("<str:code>/cafe/", cafe_views.participant_cafe, name="cafe"),
]
