import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from liant.core.demo import delete_demo, load_demo


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
        login = load_demo(scale=scale)
        if login.password is None:
            self.stdout.write("The demo is already loaded (use --reset to reload it).")
            return
        path = settings.VAR_DIR / "demo-login.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Demo login: {login.email} / {login.password}\n", encoding="utf-8")
        os.chmod(path, 0o600)
        self.stdout.write(
            self.style.SUCCESS(f"Demo loaded: {login.workspace.name}.")
            + f"\nDemo login: {login.email} / {login.password} (saved in {path})"
        )
