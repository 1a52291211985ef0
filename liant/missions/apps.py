from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "liant.missions"
    label = "missions"

    def ready(self) -> None:
        # Register the key figures this app computes (phases, people and units in scope).
        from . import figures  # noqa: F401
