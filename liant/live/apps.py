from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "liant.live"
    verbose_name = "Live boards"
