from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "liant.commitments"
    verbose_name = "Service promises"
