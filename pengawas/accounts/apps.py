from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pengawas.accounts"
    label = "accounts"
    verbose_name = "Akun dan peran"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from pengawas.accounts.services_sessions import remember_epoch_on_login

        # Every login stamps its session with the account's epoch ("log out everywhere").
        user_logged_in.connect(remember_epoch_on_login, dispatch_uid="accounts_session_epoch")
