"""The members' check-in pages (/checkin/<token>/): the personal token is the capability."""

from django.urls import path

from . import views_checkin

app_name = "checkin"

urlpatterns = [
    path("<str:token>/", views_checkin.checkin_form, name="form"),
]
