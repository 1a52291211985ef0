from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "liant.orgs"
    label = "orgs"
