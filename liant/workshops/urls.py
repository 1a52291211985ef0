from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("new/", views.workshop_create, name="create"),
    path("<int:pk>/", views.workshop_detail, name="detail"),
    path("<int:pk>/qr.svg", views.workshop_qr, name="qr"),
    path("<int:pk>/minutes/", views.workshop_minutes, name="minutes"),
    path("<int:pk>/boards/new/", views.board_create, name="board_create"),
    path("<int:pk>/boards/<int:board_pk>/", views.board_console, name="board"),
    path("<int:pk>/boards/<int:board_pk>/projector/", views.board_projector, name="projector"),
]
