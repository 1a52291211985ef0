"""Track part: reviews, obstacles, indicators, impact, portal, calendar (see OWNERSHIP.md)."""

from django.urls import path

from . import views_track, views_track_indicators, views_track_portal

reviews = [
    path("steering/", views_track.steering_home, name="steering_home"),
    path("reviews/new/", views_track.review_add, name="review_add"),
    path("reviews/<int:review_pk>/", views_track.review_detail, name="review"),
    path("reviews/<int:review_pk>/edit/", views_track.review_edit, name="review_edit"),
    path("reviews/<int:review_pk>/agenda/", views_track.review_agenda, name="review_agenda"),
    path("reviews/<int:review_pk>/minutes/", views_track.review_minutes, name="review_minutes"),
    path(
        "reviews/<int:review_pk>/decisions/new/",
        views_track.review_decision_add,
        name="review_decision_add",
    ),
    path(
        "reviews/<int:review_pk>/actions/new/",
        views_track.review_action_add,
        name="review_action_add",
    ),
    path(
        "reviews/<int:review_pk>/obstacles/new/",
        views_track.review_obstacle_add,
        name="review_obstacle_add",
    ),
    path("reviews/<int:review_pk>/delete/", views_track.review_delete, name="review_delete"),
]
obstacles = [
    path("obstacles/", views_track.obstacle_list, name="obstacles"),
    path("obstacles/new/", views_track.obstacle_add, name="obstacle_add"),
    path("obstacles/<int:obstacle_pk>/edit/", views_track.obstacle_edit, name="obstacle_edit"),
    path(
        "obstacles/<int:obstacle_pk>/resolve/",
        views_track.obstacle_resolve,
        name="obstacle_resolve",
    ),
    path(
        "obstacles/<int:obstacle_pk>/reopen/", views_track.obstacle_reopen, name="obstacle_reopen"
    ),
    path(
        "obstacles/<int:obstacle_pk>/delete/", views_track.obstacle_delete, name="obstacle_delete"
    ),
]
_ind = views_track_indicators
indicators = [
    path("indicators/new/", _ind.indicator_add, name="indicator_add"),
    path("indicators/<int:indicator_pk>/", _ind.indicator_detail, name="indicator"),
    path("indicators/<int:indicator_pk>/edit/", _ind.indicator_edit, name="indicator_edit"),
    path("indicators/<int:indicator_pk>/delete/", _ind.indicator_delete, name="indicator_delete"),
    path("indicators/<int:indicator_pk>/chart.svg", _ind.indicator_chart, name="indicator_chart"),
    path(
        "indicators/<int:indicator_pk>/measurements/",
        _ind.measurement_add,
        name="measurement_add",
    ),
    path(
        "indicators/<int:indicator_pk>/compute/", _ind.indicator_compute, name="indicator_compute"
    ),
    path(
        "measurements/<int:measurement_pk>/delete/",
        _ind.measurement_delete,
        name="measurement_delete",
    ),
    path("impact/", _ind.impact_page, name="impact"),
]
_portal = views_track_portal
communication = [
    path("portal/", _portal.portal, name="portal"),
    path("updates/new/", _portal.update_add, name="update_add"),
    path("updates/<int:update_pk>/edit/", _portal.update_edit, name="update_edit"),
    path("updates/<int:update_pk>/publish/", _portal.update_publish, name="update_publish"),
    path("updates/<int:update_pk>/delete/", _portal.update_delete, name="update_delete"),
]

urlpatterns = [*reviews, *obstacles, *indicators, *communication]
