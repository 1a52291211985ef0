from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("no-workspace/", views.no_workspace, name="no_workspace"),
    # Password reset: request → e-mail → new password → done.
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Team: members, invitations.
    path("team/", views.team, name="team"),
    path("team/members/<int:member_pk>/", views.member_edit, name="member_edit"),
    path("team/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "team/invitations/<int:invitation_pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "team/invitations/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    # Workspace switcher.
    path("workspaces/", views.workspaces, name="workspaces"),
    path("workspaces/switch/", views.switch_workspace, name="switch_workspace"),
    # The link e-mailed to an invitee.
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("invitation/<str:token>/accept/", views.invitation_accept, name="invitation_accept"),
]
