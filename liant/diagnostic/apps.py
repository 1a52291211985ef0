from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticConfig(AppConfig):
    name = "liant.diagnostic"
    label = "diagnostic"
    verbose_name = _("Diagnostic")

    def ready(self) -> None:
        # Key figures of the mission page: each part registers its own in its module.
        # The answer tallies follow deleted responses (a signal receiver).
        from . import figures_interviews, figures_readout, tallies  # noqa: F401
