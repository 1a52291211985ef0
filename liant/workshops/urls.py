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
