from django.urls import path

from . import views, views_openspace

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
    # Open Space (forum ouvert)
    path("<int:pk>/open-space/", views_openspace.console, name="openspace"),
    path("<int:pk>/open-space/settings/", views_openspace.settings, name="openspace_settings"),
    path("<int:pk>/open-space/projector/", views_openspace.projector, name="openspace_projector"),
    path("<int:pk>/open-space/rooms/", views_openspace.room_add, name="openspace_room_add"),
    path("<int:pk>/open-space/rooms/<int:room_pk>/", views_openspace.room, name="openspace_room"),
    path("<int:pk>/open-space/slots/", views_openspace.slot_add, name="openspace_slot_add"),
    path("<int:pk>/open-space/slots/<int:slot_pk>/", views_openspace.slot, name="openspace_slot"),
    path("<int:pk>/open-space/sessions/", views_openspace.propose, name="openspace_propose"),
    path(
        "<int:pk>/open-space/sessions/<int:session_pk>/",
        views_openspace.session,
        name="openspace_session",
    ),
]
