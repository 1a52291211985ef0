"""Participants' pages of a co-written document, mounted at /write/ in the "contribute" namespace.

No login: the document's secret in the URL is the capability. The isolation matrix exempts
this namespace; its tests are ``tests/test_contribute.py``.
"""

from django.urls import path

from . import views_contribute

app_name = "contribute"

urlpatterns = [
    path("i/<str:token>/", views_contribute.invitation, name="invitation"),
    path("<str:secret>/", views_contribute.document, name="document"),
    path("<str:secret>/feedback/", views_contribute.feedback, name="feedback"),
    path("<str:secret>/<int:clause_pk>/vote/", views_contribute.vote, name="vote"),
    path("<str:secret>/<int:clause_pk>/comment/", views_contribute.comment, name="comment"),
    path("<str:secret>/<int:clause_pk>/amend/", views_contribute.amend, name="amend"),
]
