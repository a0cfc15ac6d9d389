"""Pengawas settings. Everything comes from the environment; see .env.example."""

import datetime
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from pengawas.lib.env import (
    env_bool,
    env_int,
    env_json_object,
    env_list,
    env_secret,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("PENGAWAS_DATA_DIR", "./data")).resolve()

# NEVER RUN WITH DEBUG IN PRODUCTION: error pages would show personal data.
DEBUG = env_bool("DEBUG", False)
# Demo mode (make run, the tests) may invent and keep its own secret key; production may not.
DEMO = env_bool("PENGAWAS_DEMO", False)


def _secret_key() -> str:
    key = env_secret("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")
        return key
    if not (DEMO or DEBUG):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE), or PENGAWAS_DEMO=true "
            "for a demo on this machine only."
        )
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "huey.contrib.djhuey",
    "pengawas.core",
    "pengawas.accounts",
    "pengawas.audit",
    "pengawas.regions",
    "pengawas.elections",
    "pengawas.dpt",
    "pengawas.archive",
    "pengawas.cases",
    "pengawas.guide",
    "pengawas.dpt_audit",
    "pengawas.tally",
    "pengawas.incidents",
    "pengawas.form_a",
    "pengawas.overview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pengawas.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pengawas.core.locale.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Ended sessions, forced password changes and the second factor. After OTPMiddleware
    # (request.user.is_verified), messages and htmx (it answers htmx requests differently).
    "pengawas.accounts.middleware.AccountPolicyMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    # Throttles and locks out first, then checks the password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "pengawas.urls"
WSGI_APPLICATION = "pengawas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "pengawas.core.context_processors.navigation",
            ],
        },
    }
]

_default_database = f"sqlite:///{DATA_DIR / 'pengawas.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_database))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the public lookup read while an import writes; IMMEDIATE avoids
        # "database is locked" on lock upgrades between concurrent writers.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            " PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
# Keep connections between requests: opening one costs more than a whole public lookup
# (SQLite re-reads the schema on every new connection).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Rules field staff can live with (no forced symbols or rotation, as NIST SP 800-63B advises):
# at least 10 characters, not only digits, not a common password, not the username. Django's
# own messages, which it ships in Bahasa Indonesia.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dpt-search"
LOGOUT_REDIRECT_URL = "home"

# Two-factor login (TOTP, with single-use recovery codes). Always required for the
# administrator, Bawaslu Kabupaten/Kota and Panwascam; for PKD and PTPS only when this is set
# (see pengawas.accounts.roles.two_factor_required).
TWO_FACTOR_FIELD_ROLES = env_bool("PENGAWAS_2FA_FIELD_ROLES", False)
OTP_TOTP_ISSUER = "Pengawas"
# django-otp's own brake on guessing codes stays on: after each wrong code the next try
# waits 1, 2, 4, 8 … seconds (per device, kept in the database).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Login throttling (django-axes), kept in the database so it holds across server processes
# and restarts. Two separate counters: one per account, one per client address; either
# reaching the limit locks out (an account from every address, an address for every
# account). Usernames are work identifiers (ptps-3505012001-001), not personal data; axes
# never stores or logs the password (it masks it).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_int("PENGAWAS_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_int("PENGAWAS_LOGIN_COOLOFF_MINUTES", 15, minimum=1)
)
# Tries during a lock-out are refused unseen and do not push its end further: the page can
# tell the user when to come back.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful login clears the failures of that username from that address only (see
# pengawas.accounts.views.login): axes' own reset would also clear everything counted against
# the address, so anyone with one valid account could wipe an attacker's count.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "pengawas.core.services.client_ip"
AXES_LOCKOUT_CALLABLE = "pengawas.accounts.views.login.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_USERNAME_FORM_FIELD = "username"
AXES_SENSITIVE_PARAMETERS = ["password", "new_password1", "new_password2", "old_password", "kode"]
# Not the admin site's login alone: every login through authenticate(request=...).
AXES_ONLY_ADMIN_SITE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "files"
# Demo and tests serve static files straight from the apps; production collects them.
WHITENOISE_USE_FINDERS = DEBUG or DEMO
# While developing, a changed stylesheet is served at once instead of the one read at start.
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG or DEMO:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Security headers. HSTS only behind HTTPS (PENGAWAS_HTTPS=true).
HTTPS = env_bool("PENGAWAS_HTTPS", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
# No script reads the CSRF cookie: forms (and htmx, which sends the form) carry the token.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Lets the domain be submitted to the browsers' preload list; sending it commits to nothing.
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
CSRF_FAILURE_VIEW = "pengawas.core.views.csrf_failure"
# Sessions end after PENGAWAS_SESSION_IDLE_MINUTES without a request. SESSION_COOKIE_AGE is
# how long a session lives after it was last saved; saving it on every request moves that end
# forward each time, so what remains is an inactivity limit. The server enforces it (the
# session's expiry date in the database), whatever the browser keeps; the cookie itself also
# dies with the browser.
SESSION_COOKIE_AGE = env_int("PENGAWAS_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Public Cek DPT: lookups per client per minute, and how many proxies sit in front of
# the app (0: trust REMOTE_ADDR; 1: trust the last X-Forwarded-For entry, and so on).
CEK_DPT_RATE_PER_MINUTE = env_int("PENGAWAS_CEK_DPT_RATE", 10, minimum=1)
TRUSTED_PROXY_COUNT = env_int("PENGAWAS_TRUSTED_PROXIES", 0)

# Bulk onboarding: one-time activation codes expire after this many days; the links on the
# printed slips (and their QR codes) start with this address.
ACTIVATION_CODE_DAYS = env_int("PENGAWAS_ACTIVATION_DAYS", 14, minimum=1)
PENGAWAS_BASE_URL = env_str("PENGAWAS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# SIP (archive), records: the issuing unit's code in document numbers (tata naskah dinas,
# Perbawaslu 13/2020), e.g. 12/LHP/PM.01.03/16.12/XII/2020. Bawaslu Kabupaten Blitar: 16.12.
PENGAWAS_UNIT_CODE = env_str("PENGAWAS_UNIT_CODE", "16.12")
# Enforcement cases: Pemilu deadlines count working days (UU 7/2017 Pasal 454); the figures
# in pengawas/cases/deadlines.py (WorkingDayTable) are unverified defaults. Bawaslu confirms
# or overrides them as JSON in the environment, e.g. {"filing": 7, "completeness": 2,
# "decision": 7, "decision_extra": 7, "verified": true} (see .env.example).
PENGAWAS_PEMILU_WORKING_DAYS = env_json_object("PENGAWAS_PEMILU_WORKING_DAYS")
# Uploads: a file larger than this goes to a temporary file on disk as it arrives (Django's
# TemporaryFileUploadHandler), so a 2 GB video never sits in memory; the rest of a request
# (form fields) may not exceed DATA_UPLOAD_MAX_MEMORY_SIZE. Temporary files go to
# PENGAWAS_UPLOAD_TEMP_DIR (default: the system's; choose a disk, not a tmpfs in RAM).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = env_str("PENGAWAS_UPLOAD_TEMP_DIR", "") or None

# Background jobs (huey): text extraction and OCR of archive files. The worker is
# `pengawas run_huey` (make run starts it beside the web server). On the embedded default the
# queue is a SQLite file in the data directory; production with PENGAWAS_REDIS_URL uses Redis.
# Tests run tasks at once in the calling process (PENGAWAS_HUEY_IMMEDIATE, set by
# pengawas/testing.py).
REDIS_URL = env_str("PENGAWAS_REDIS_URL", "")
HUEY: dict[str, object] = {
    "name": "pengawas",
    "results": False,  # nobody waits for a task's return value; progress lives in the rows
    "immediate": env_bool("PENGAWAS_HUEY_IMMEDIATE", False),
    "consumer": {"workers": env_int("PENGAWAS_JOB_WORKERS", 2, minimum=1), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY |= {"huey_class": "huey.RedisHuey", "connection": {"url": REDIS_URL}}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "jobs.sqlite3")}
# OCR of scans and photos (Tesseract with the Indonesian data, `ind`): at most this many pages
# of one file, and seconds per page. PDFs are read up to ARCHIVE_TEXT_PAGES pages and the
# text kept per file up to ARCHIVE_TEXT_CHARS characters.
ARCHIVE_OCR_LANGUAGE = env_str("PENGAWAS_OCR_LANGUAGE", "ind")
ARCHIVE_OCR_PAGE_SECONDS = env_int("PENGAWAS_OCR_PAGE_SECONDS", 180, minimum=1)
ARCHIVE_TEXT_PAGES = env_int("PENGAWAS_TEXT_PAGES", 500, minimum=1)
ARCHIVE_TEXT_CHARS = env_int("PENGAWAS_TEXT_CHARS", 1_000_000, minimum=1000)

# SIP (archive), the vault: the master key that wraps every stored file's data key
# (pengawas/archive/crypto.py). 32 random bytes in base64url, from PENGAWAS_ARCHIVE_KEY or the
# file named by PENGAWAS_ARCHIVE_KEY_FILE (`pengawas archive_genkey` makes one); never in the
# database or beside the files. Without it Pengawas runs, but the archive stores no files.
# PENGAWAS_ARCHIVE_KEY_OLD: the previous key, only while `archive_rotate_key` has not run.
ARCHIVE_KEY = env_secret("PENGAWAS_ARCHIVE_KEY")
ARCHIVE_KEY_OLD = env_secret("PENGAWAS_ARCHIVE_KEY_OLD")
ARCHIVE_MAX_MB = env_int("PENGAWAS_ARCHIVE_MAX_MB", 2048, minimum=1)
# Ciphertext goes to DATA_DIR/archive, or to an S3-compatible bucket when this is set.
ARCHIVE_S3_BUCKET = env_str("PENGAWAS_ARCHIVE_S3_BUCKET")
ARCHIVE_S3_ENDPOINT_URL = env_str("PENGAWAS_ARCHIVE_S3_ENDPOINT_URL")
ARCHIVE_S3_REGION = env_str("PENGAWAS_ARCHIVE_S3_REGION")
ARCHIVE_S3_ACCESS_KEY = env_secret("PENGAWAS_ARCHIVE_S3_ACCESS_KEY")
ARCHIVE_S3_SECRET_KEY = env_secret("PENGAWAS_ARCHIVE_S3_SECRET_KEY")
ARCHIVE_S3_PREFIX = env_str("PENGAWAS_ARCHIVE_S3_PREFIX", "arsip")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_nik": {"()": "pengawas.core.logging.MaskNikFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_nik"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
