from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticConfig(AppConfig):
    name = "liant.diagnostic"
    label = "diagnostic"
    verbose_name = _("Diagnostic")

    def ready(self) -> None:
        # Key figures of the mission page: each part registers its own in its module.
        from . import figures_interviews, figures_readout  # noqa: F401
