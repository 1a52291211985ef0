from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "liant.accounts"
    label = "accounts"
