"""Settings read from the environment, with a development default that needs nothing.

DATABASE_URL selects the database (SQLite under MEDCOOP_DATA_DIR by default, PostgreSQL in production);
SECRET_KEY, ALLOWED_HOSTS and DEBUG come from the environment too.
"""
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("MEDCOOP_DATA_DIR", PACKAGE_DIR.parent / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "medcoop-development-only-key-do-not-use-in-production")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "medcoop.core",
    "medcoop.organizations",
    "medcoop.agreements",
    "medcoop.activities",
    "medcoop.dashboard",
    "medcoop.articles",
    "medcoop.consultations",
    "medcoop.patients",
    "medcoop.reports",
    "medcoop.sheets",
    "medcoop.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "medcoop.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "medcoop.core.audit.AuditContextMiddleware",
]

ROOT_URLCONF = "medcoop.urls"
WSGI_APPLICATION = "medcoop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "medcoop.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'medcoop.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the server read while a command writes; a busy timeout instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

AUTH_USER_MODEL = "core.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# dd/mm/yyyy and Vietnamese number separators (medcoop/formats/vi); English keeps day-first dates too.
FORMAT_MODULE_PATH = ["medcoop.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Static files are served by the app itself (WhiteNoise), compressed and cache-busted once collected; so each
# app process behind nginx is self-contained. Uploaded files stay on local disk unless S3 is configured.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if not DEBUG else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("S3_BUCKET"):  # S3-compatible storage (MinIO, Ceph, AWS): pip install 'medcoop[s3]'
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ["S3_BUCKET"], "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID"), "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY"),
        "default_acl": "private", "querystring_auth": True, "file_overwrite": False}}

# One cache for every app process when REDIS_URL is set (the dashboard's figures, sessions); otherwise each
# process keeps its own in memory, which is right for one process.
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["REDIS_URL"], "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "medcoop")}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (medcoop.jobs): run at once in the request by default, so the demo needs no other process;
# MEDCOOP_TASKS=database queues it in the database for `medcoop worker` processes.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend" if os.environ.get("MEDCOOP_TASKS") == "database"
                     else "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "medcoop@localhost")
# The address links in e-mails point to.
MEDCOOP_BASE_URL = os.environ.get("MEDCOOP_BASE_URL", "http://127.0.0.1:8000")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Uploaded documents: what the registry keeps, checked by content (medcoop.core.files).
MEDCOOP_MAX_UPLOAD_BYTES = int(os.environ.get("MEDCOOP_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Articles: the largest file or page the importer reads.
MEDCOOP_MAX_ARTICLE_BYTES = int(os.environ.get("MEDCOOP_MAX_ARTICLE_BYTES", str(10 * 1024 * 1024)))
# Patient identity: Fernet keys, newest first (see medcoop/patients/crypto.py). Development falls back to a key
# derived from the development SECRET_KEY; production must set its own.
MEDCOOP_PATIENT_KEYS = [k.strip() for k in os.environ.get("MEDCOOP_PATIENT_KEYS", "").split(",") if k.strip()]
if not MEDCOOP_PATIENT_KEYS and DEBUG:
    from medcoop.patients.crypto import development_key

    MEDCOOP_PATIENT_KEYS = [development_key(SECRET_KEY)]
# Reminders: how far ahead an expiring agreement is announced, and when an agreement counts as dormant.
MEDCOOP_EXPIRY_WARNING_DAYS = (90, 30)
MEDCOOP_DORMANT_AFTER_DAYS = 365

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "medcoop.core.backends.RoleBackend",
]
