from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "liant.steering"
    label = "steering"
    verbose_name = _("Action plan and steering")

    def ready(self) -> None:
        # Plan part: the "turn into an action" target and the plan's key figures.
        from . import figures_plan, turn_targets_steering  # noqa: F401
