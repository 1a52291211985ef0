from django.urls import path

from . import views, views_branding

app_name = "reports"

urlpatterns = [
    path("new/", views.document_request, name="request"),
    path("branding/", views_branding.branding_page, name="branding"),
    path("branding/logo.png", views_branding.branding_logo, name="branding_logo"),
    path("<int:report_pk>/", views.document_detail, name="document"),
    path("<int:report_pk>/status/", views.document_status, name="status"),
    path("<int:report_pk>/download/", views.document_download, name="download"),
]
