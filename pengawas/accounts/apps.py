from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pengawas.accounts"
    label = "accounts"
    verbose_name = "Akun dan peran"
