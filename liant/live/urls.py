from django.urls import path

from . import views

app_name = "live"

urlpatterns = [
    path("", views.join, name="join"),
    path("invite/<str:token>/", views.join_invitation, name="invitation"),
    path("<str:code>/", views.join_workshop, name="join_workshop"),
    path("<str:code>/boards/<int:board_pk>/", views.participant_board, name="board"),
]
