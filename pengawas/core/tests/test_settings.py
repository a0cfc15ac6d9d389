"""The settings: a secret key outside demo mode, and production settings that pass
Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path


def _check(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests in this process, refused by
        # the deployment checks.
        if not k.startswith(("PENGAWAS_", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    clean.update(
        {"PENGAWAS_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "pengawas.settings"}
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "pengawas.cli", "check", *args],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = _check(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_short_secret_key_is_refused(tmp_path: Path) -> None:
    result = _check(tmp_path, SECRET_KEY="short")
    assert result.returncode != 0 and "at least 32" in result.stderr


def test_demo_mode_keeps_its_own_key_in_the_data_directory(tmp_path: Path) -> None:
    assert _check(tmp_path, PENGAWAS_DEMO="true").returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50 and (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert _check(tmp_path, PENGAWAS_DEMO="true").returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_a_real_key_is_accepted_and_debug_is_off_by_default(tmp_path: Path) -> None:
    result = _check(tmp_path, SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr
    shown = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG)"],
        env={**os.environ, "SECRET_KEY": "k" * 50, "PENGAWAS_DEMO": "false", "PENGAWAS_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "pengawas.settings"},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert shown.stdout.strip() == "False"


PRODUCTION = {
    "SECRET_KEY": "p" * 20 + "Q" * 20 + "-r4nd0m-" * 3,
    "PENGAWAS_HTTPS": "true",
    "ALLOWED_HOSTS": "pengawas.bawaslu-blitar.example",
}


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    result = _check(tmp_path, "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checks_do_catch_a_plain_http_setup(tmp_path: Path) -> None:
    # The test above would pass vacuously if the checks never ran: without HTTPS they warn.
    result = _check(
        tmp_path, "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "PENGAWAS_HTTPS": "false"}
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W012" in result.stderr  # session cookie not secure
