from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "liant.reports"
    label = "reports"
    verbose_name = "Documents"
