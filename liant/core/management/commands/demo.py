import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from liant.core.demo import DemoConflict, data, delete_demo, load_demo


class Command(BaseCommand):
    help = "Load the French demo data (a cabinet and three client organisations)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demo and reload it.")
        parser.add_argument("--scale", type=int, default=1, help="Copies of the client data.")

    def handle(self, *args, reset=False, scale=1, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if reset:
            delete_demo()
        try:
            login = load_demo(scale=scale)
        except DemoConflict as error:
            raise CommandError(
                f"These demo e-mail addresses already belong to other workspaces: {error}. "
                "Run `liant demo --reset` to delete the demo accounts and reload."
            ) from error
        if login.password is None:
            self.stdout.write(
                f"The demo is already loaded ({login.workspace.name}); use --reset to reload it."
            )
            return
        others = ", ".join(email for email, _ in data.CONSULTANTS)
        text = (
            f"Demo login: {login.email} / {login.password}\n"
            f"Same password for the consultants ({others}) "
            f"and the client sponsor ({data.SPONSOR[0]}).\n"
        )
        path = settings.VAR_DIR / "demo-login.txt"
        _write_private(path, text)
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {login.workspace.name}."))
        self.stdout.write(text + f"(saved in {path})")


def _write_private(path, text: str) -> None:
    """Write ``text`` to a file only its owner can read, never readable by others meanwhile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # the file may already exist with a wider mode
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
