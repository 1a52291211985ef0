from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "liant.core"
    label = "core"
