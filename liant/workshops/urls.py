from django.urls import path

from . import views, views_worldcafe

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
    # World Café
    path("<int:pk>/cafe/", views_worldcafe.cafe_console, name="cafe"),
    path("<int:pk>/cafe/setup/", views_worldcafe.cafe_setup, name="cafe_setup"),
    path("<int:pk>/cafe/hosts/", views_worldcafe.cafe_hosts, name="cafe_hosts"),
    path("<int:pk>/cafe/plan/", views_worldcafe.cafe_plan, name="cafe_plan"),
    path("<int:pk>/cafe/round/", views_worldcafe.cafe_round, name="cafe_round"),
    path("<int:pk>/cafe/projector/", views_worldcafe.cafe_projector, name="cafe_projector"),
    path("<int:pk>/cafe/harvest/", views_worldcafe.cafe_harvest, name="cafe_harvest"),
]
