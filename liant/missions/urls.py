from django.urls import path

from . import views

app_name = "missions"

urlpatterns = [
    path("", views.mission_list, name="list"),
    path("new/", views.mission_create, name="create"),
    path("<int:pk>/", views.mission_detail, name="detail"),
    path("<int:pk>/edit/", views.mission_edit, name="edit"),
    path("<int:pk>/status/", views.mission_status, name="status"),
    path("<int:pk>/delete/", views.mission_delete, name="delete"),
    path("<int:pk>/phases/new/", views.phase_add, name="phase_add"),
    path("<int:pk>/phases/<int:phase_pk>/edit/", views.phase_edit, name="phase_edit"),
    path("<int:pk>/phases/<int:phase_pk>/status/", views.phase_status, name="phase_status"),
    path("<int:pk>/phases/<int:phase_pk>/delete/", views.phase_delete, name="phase_delete"),
    path("<int:pk>/phases/<int:phase_pk>/items/", views.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/toggle/", views.item_toggle, name="item_toggle"),
    path("<int:pk>/items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:pk>/", views.template_detail, name="template_detail"),
    path("templates/<int:pk>/copy/", views.template_copy, name="template_copy"),
    path("templates/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("templates/<int:pk>/delete/", views.template_delete, name="template_delete"),
]
