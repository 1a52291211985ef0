from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChartersConfig(AppConfig):
    name = "liant.charters"
    label = "charters"
    verbose_name = _("Co-written documents")

    def ready(self) -> None:
        # A workshop's card or group can become a clause of a charter's draft.
        # … or a source of a section of a direction project.
        from . import (
            targets,  # noqa: F401
            targets_direction,  # noqa: F401
        )
