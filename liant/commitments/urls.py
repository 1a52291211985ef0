from django.urls import path

from . import views, views_feedback

app_name = "commitments"

urlpatterns = [
    path("organisations/<int:org_pk>/", views.overview, name="overview"),
    path("organisations/<int:org_pk>/map.svg", views.map_svg, name="map"),
    path("organisations/<int:org_pk>/table/", views.simplified, name="simplified"),
    path("units/<int:unit_pk>/", views.plan, name="plan"),
    path("units/<int:unit_pk>/gathering/", views.gather, name="gather"),
    path("units/<int:unit_pk>/mission/", views.mission, name="mission"),
    path("units/<int:unit_pk>/clients/", views.add_client, name="add_client"),
    path("units/<int:unit_pk>/image/board/", views.image_board, name="image_board"),
    path("units/<int:unit_pk>/image/import/", views.image_import, name="image_import"),
    path("interfaces/<int:interface_pk>/", views.promise, name="promise"),
    path("interfaces/<int:interface_pk>/pair/", views.pair, name="pair"),
    path("interfaces/<int:interface_pk>/items/", views.item_add, name="item_add"),
    path(
        "interfaces/<int:interface_pk>/items/<int:promise_item_pk>/edit/",
        views.item_edit,
        name="item_edit",
    ),
    path(
        "interfaces/<int:interface_pk>/items/<int:promise_item_pk>/delete/",
        views.item_delete,
        name="item_delete",
    ),
    path(
        "interfaces/<int:interface_pk>/items/<int:promise_item_pk>/adopt/",
        views.item_adopt,
        name="item_adopt",
    ),
    path("interfaces/<int:interface_pk>/raci/", views.raci, name="raci"),
    path("interfaces/<int:interface_pk>/raci/actors/", views.raci_actor_add, name="raci_actor"),
    path("interfaces/<int:interface_pk>/raci/rows/", views.raci_row_add, name="raci_row_add"),
    path(
        "interfaces/<int:interface_pk>/raci/rows/<int:raci_activity_pk>/",
        views.raci_row_edit,
        name="raci_row_edit",
    ),
    path(
        "interfaces/<int:interface_pk>/raci/rows/<int:raci_activity_pk>/delete/",
        views.raci_row_delete,
        name="raci_row_delete",
    ),
    path("interfaces/<int:interface_pk>/publish/", views.publish, name="publish"),
    path(
        "interfaces/<int:interface_pk>/versions/<int:promise_version_pk>/",
        views.version,
        name="version",
    ),
    path(
        "interfaces/<int:interface_pk>/versions/<int:promise_version_pk>/review/",
        views.review,
        name="review",
    ),
    # The counterpart's page: the signed token is the capability (no account).
    path("feedback/<str:token>/", views_feedback.feedback, name="feedback"),
    path("review/<str:token>/", views_feedback.review_rating, name="review_rating"),
]
