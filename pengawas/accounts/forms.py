"""Forms of the login and of the user's own account pages."""

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# One message for an unknown username and a wrong password: the page never tells whether an
# account exists.
WRONG_CREDENTIALS = _("Nama pengguna atau kata sandi salah.")


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: AbstractBaseUser | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username, password = data.get("username"), data.get("password")
        if username and password:
            # request= lets django-axes count the failure and refuse a locked-out client.
            user = authenticate(self.request, username=username, password=password)
            if user is None or not user.is_active:
                raise forms.ValidationError(WRONG_CREDENTIALS, code="invalid_login")
            self.user = user
        return data


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Kode dari aplikasi autentikator, atau kode pemulihan"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Kode 6 angka dari aplikasi"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": r"[0-9 ]*"}
        ),
    )


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's form (old password, new password twice, the validators in settings), with
    Pengawas' wording."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Kata sandi sekarang")
        self.fields["new_password1"].label = _("Kata sandi baru")
        self.fields["new_password2"].label = _("Ulangi kata sandi baru")
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
