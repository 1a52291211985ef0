from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "liant.practices"
    verbose_name = "Team practices"

    def ready(self) -> None:
        # The key figures shown on a team's mission, and what a workshop card or group can
        # become here (a team rule, a vigilance point).
        from . import figures, targets  # noqa: F401
