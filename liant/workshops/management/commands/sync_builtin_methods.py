from django.core.management.base import BaseCommand
from django.db import transaction

from liant.workshops.canvases import sync_builtin_canvases
from liant.workshops.methods import sync_builtin_methods


class Command(BaseCommand):
    help = "Create or update the built-in facilitation methods and canvases from their data files."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = sync_builtin_methods()
            canvases = sync_builtin_canvases()
        self.stdout.write(
            f"Built-in methods: {counts['created']} created, {counts['updated']} updated."
        )
        self.stdout.write(
            f"Built-in canvases: {canvases['created']} created, {canvases['updated']} updated."
        )
