from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("new/", views.document_request, name="request"),
    path("<int:report_pk>/", views.document_detail, name="document"),
    path("<int:report_pk>/status/", views.document_status, name="status"),
    path("<int:report_pk>/download/", views.document_download, name="download"),
]
