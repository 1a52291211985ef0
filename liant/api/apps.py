from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "liant.api"
    label = "api"
