from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:api_token_pk>/revoke/", views.token_revoke, name="token_revoke"),
]
