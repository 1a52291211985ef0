"""Part c of issue 5 — respondents' pages, mounted at /s/ in the "respond" namespace.

No login: the wave's secret (anonymous link) or a personal token in the URL is the
capability. The isolation matrix exempts this namespace; its tests live with part c
(``tests/test_surveys_respond.py``).
"""

from django.urls import path

from . import views_respond

app_name = "respond"

urlpatterns = [
    path("i/<str:token>/", views_respond.answer_token, name="token"),
    path("<str:secret>/", views_respond.answer_link, name="link"),
    path("<str:secret>/thanks/", views_respond.thanks, name="thanks"),
]
