from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "liant.workshops"
    verbose_name = "Workshops"

    def ready(self) -> None:
        # Register the key figures this app computes (workshops run, participants).
        from . import figures  # noqa: F401
