from django.core.management.base import BaseCommand
from django.db import transaction

from liant.missions.builtin import sync_builtin_templates


class Command(BaseCommand):
    help = "Create or update the built-in mission templates from their data file."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = sync_builtin_templates()
        self.stdout.write(
            f"Built-in templates: {counts['created']} created, {counts['updated']} updated."
        )
