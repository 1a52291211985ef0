from django.core.management.base import BaseCommand
from django.db import transaction

from liant.workshops.methods import sync_builtin_methods


class Command(BaseCommand):
    help = "Create or update the built-in facilitation methods from their data file."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = sync_builtin_methods()
        self.stdout.write(
            f"Built-in methods: {counts['created']} created, {counts['updated']} updated."
        )
