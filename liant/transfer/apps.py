from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "liant.transfer"
    label = "transfer"
