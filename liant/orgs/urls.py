from django.urls import path

from . import views, views_import, views_units

app_name = "orgs"

urlpatterns = [
    path("", views.organization_list, name="list"),
    path("new/", views.organization_create, name="create"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/edit/", views.organization_edit, name="edit"),
    path("<int:pk>/delete/", views.organization_delete, name="delete"),
    # Import from a spreadsheet.
    path("<int:pk>/import/", views_import.import_upload, name="import"),
    path("<int:pk>/import/confirm/", views_import.import_confirm, name="import_confirm"),
    path("import/example.csv", views_import.import_example, name="import_example"),
    # Unit tree.
    path("<int:pk>/units/new/", views_units.unit_create, name="unit_create"),
    path("<int:pk>/units/<int:unit_pk>/edit/", views_units.unit_edit, name="unit_edit"),
    path("<int:pk>/units/<int:unit_pk>/move/", views_units.unit_move, name="unit_move"),
    path("<int:pk>/units/<int:unit_pk>/delete/", views_units.unit_delete, name="unit_delete"),
    # People.
    path("<int:pk>/people/new/", views.person_create, name="person_create"),
    path("<int:pk>/people/<int:person_pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/people/<int:person_pk>/delete/", views.person_delete, name="person_delete"),
    # Internal interfaces.
    path("<int:pk>/interfaces/new/", views.interface_create, name="interface_create"),
    path(
        "<int:pk>/interfaces/<int:interface_pk>/edit/",
        views.interface_edit,
        name="interface_edit",
    ),
    path(
        "<int:pk>/interfaces/<int:interface_pk>/delete/",
        views.interface_delete,
        name="interface_delete",
    ),
]
