from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "liant.workshops"
    verbose_name = "Workshops"

    def ready(self) -> None:
        # Register the key figures this app computes (workshops run, participants), and what
        # a card or a group can be turned into (a checklist item, a board prompt).
        from . import figures, targets  # noqa: F401
