from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "liant.workshops"
    verbose_name = "Workshops"
