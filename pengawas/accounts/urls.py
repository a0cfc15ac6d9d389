from django.urls import path

from pengawas.accounts.views import login, own

urlpatterns = [
    # Login in two steps, logout (POST only)
    path("masuk/", login.login_page, name="login"),
    path("masuk/kode/", login.second_factor_page, name="login-otp"),
    path("keluar/", login.logout_view, name="logout"),
    # The user's own account
    path("akun/", own.account_page, name="account"),
    path("akun/dua-faktor/", own.totp_enrol, name="account-2fa"),
    path(
        "akun/dua-faktor/kode-pemulihan/",
        own.recovery_codes_renew,
        name="account-recovery-codes",
    ),
    path("akun/sandi/", own.password_change, name="account-password"),
    path("akun/keluar-semua/", own.logout_everywhere, name="account-logout-everywhere"),
]
