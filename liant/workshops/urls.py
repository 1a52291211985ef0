from django.urls import path

from . import views, views_agenda, views_canvas, views_openspace, views_worldcafe

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
    # Canvases: layouts for boards, boards on a canvas per small group, the plenary view.
    path("<int:pk>/boards/canvas/", views_canvas.board_create, name="board_canvas"),
    path("<int:pk>/boards/<int:board_pk>/plenary/", views_canvas.plenary, name="plenary"),
    path("canvases/", views_canvas.library, name="canvases"),
    path("canvases/new/", views_canvas.canvas_create, name="canvas_create"),
    path("canvases/<int:canvas_pk>/edit/", views_canvas.canvas_edit, name="canvas_edit"),
    path("canvases/<int:canvas_pk>/delete/", views_canvas.canvas_delete, name="canvas_delete"),
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
    # World Café
    path("<int:pk>/cafe/", views_worldcafe.cafe_console, name="cafe"),
    path("<int:pk>/cafe/setup/", views_worldcafe.cafe_setup, name="cafe_setup"),
    path("<int:pk>/cafe/hosts/", views_worldcafe.cafe_hosts, name="cafe_hosts"),
    path("<int:pk>/cafe/plan/", views_worldcafe.cafe_plan, name="cafe_plan"),
    path("<int:pk>/cafe/round/", views_worldcafe.cafe_round, name="cafe_round"),
    path("<int:pk>/cafe/projector/", views_worldcafe.cafe_projector, name="cafe_projector"),
    path("<int:pk>/cafe/harvest/", views_worldcafe.cafe_harvest, name="cafe_harvest"),
    # Invited-only workshops
    path("<int:pk>/invitations/", views.workshop_invitations, name="invitations"),
    path("<int:pk>/invitations/access/", views.workshop_invited_only, name="invited_only"),
    path("<int:pk>/invitations/csv/", views.invitations_csv, name="invitations_csv"),
    path("<int:pk>/invitations/email/", views.invitations_email, name="invitations_email"),
    path(
        "<int:pk>/invitations/<int:invite_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    # Photos of the minutes
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("<int:pk>/photos/<int:photo_pk>/", views.photo_image, name="photo"),
    path(
        "<int:pk>/photos/<int:photo_pk>/thumbnail/", views.photo_thumbnail, name="photo_thumbnail"
    ),
    path("<int:pk>/photos/<int:photo_pk>/delete/", views.photo_delete, name="photo_delete"),
    # "Turn into…"
    path("<int:pk>/turn-into/card/<int:card_pk>/", views.turn_card, name="turn_card"),
    path("<int:pk>/turn-into/group/<int:cluster_pk>/", views.turn_cluster, name="turn_cluster"),
]
