"""Participants' pages, mounted at /c/ in the "take" namespace. No login: the secret in the
URL (or a personal token) is the capability; the isolation matrix exempts this namespace and
``tests/test_take.py`` checks it."""

from django.urls import path

from . import views_take

app_name = "take"

urlpatterns = [
    path("i/<str:token>/", views_take.invitation, name="invitation"),
    path("<str:secret>/", views_take.home, name="home"),
    path("<str:secret>/start/", views_take.start, name="start"),
    path("<str:secret>/profile/", views_take.profile, name="profile"),
    path("<str:secret>/vote/", views_take.vote, name="vote"),
    path("<str:secret>/write/", views_take.write, name="write"),
]
