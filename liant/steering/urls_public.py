"""Track part, outside a mission: the personal calendar feeds, mounted at /calendar/.

``feed`` needs no login (the token in its URL is the capability; see the isolation matrix's
EXEMPT list); the other pages belong to the signed-in member.
"""

from django.urls import path

from . import views_track_calendar as views

app_name = "calendar"

urlpatterns = [
    path("", views.feeds, name="feeds"),
    path("new/", views.feed_add, name="feed_add"),
    path("<int:feed_pk>/revoke/", views.feed_revoke, name="feed_revoke"),
    path("<str:token>.ics", views.feed_ics, name="feed"),
]
