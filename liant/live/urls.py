from django.urls import path

from . import cafe_views, views

app_name = "live"

urlpatterns = [
    path("", views.join, name="join"),
    path("<str:code>/", views.join_workshop, name="join_workshop"),
    path("<str:code>/boards/<int:board_pk>/", views.participant_board, name="board"),
    path("<str:code>/cafe/", cafe_views.participant_cafe, name="cafe"),
]
