from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "liant.steering"
    label = "steering"
    verbose_name = _("Action plan and steering")
