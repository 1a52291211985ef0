from django.urls import path

from . import views, views_agenda

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
    # Preparation: details, agenda builder, method library.
    path("<int:pk>/edit/", views_agenda.workshop_edit, name="edit"),
    path("<int:pk>/agenda/", views_agenda.agenda, name="agenda"),
    path("<int:pk>/agenda/order/", views_agenda.agenda_order, name="agenda_order"),
    path("<int:pk>/agenda/print/", views_agenda.agenda_print, name="agenda_print"),
    path(
        "<int:pk>/agenda/<int:activity_pk>/edit/",
        views_agenda.activity_edit,
        name="activity_edit",
    ),
    path(
        "<int:pk>/agenda/<int:activity_pk>/delete/",
        views_agenda.activity_delete,
        name="activity_delete",
    ),
    path(
        "<int:pk>/agenda/<int:activity_pk>/move/",
        views_agenda.activity_move,
        name="activity_move",
    ),
    path(
        "<int:pk>/agenda/<int:activity_pk>/board/",
        views_agenda.activity_board,
        name="activity_board",
    ),
    path("methods/", views_agenda.method_library, name="methods"),
    path("methods/new/", views_agenda.method_create, name="method_create"),
    path("methods/<int:method_pk>/", views_agenda.method_detail, name="method_detail"),
    path("methods/<int:method_pk>/edit/", views_agenda.method_edit, name="method_edit"),
    path("methods/<int:method_pk>/delete/", views_agenda.method_delete, name="method_delete"),
    path("methods/<int:method_pk>/use/", views_agenda.method_use, name="method_use"),
]
