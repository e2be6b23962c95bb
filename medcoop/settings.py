"""Settings read from the environment, with a development default that needs nothing.

DATABASE_URL selects the database (SQLite under MEDCOOP_DATA_DIR by default, PostgreSQL in production);
SECRET_KEY, ALLOWED_HOSTS and DEBUG come from the environment too.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from medcoop import environment as env

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = env.path("MEDCOOP_DATA_DIR", PACKAGE_DIR.parent / "var")

# `medcoop demo` sets MEDCOOP_DEMO (medcoop/cli.py): DEBUG off, so no visitor sees Django's debug pages, yet the
# development secrets, plain HTTP and static files served from the apps, so the demo needs nothing set up.
DEMO = env.flag("MEDCOOP_DEMO", False)
DEBUG = env.flag("DEBUG", not DEMO)
PRODUCTION = not DEBUG and not DEMO
# Secrets production cannot run without: the public development key would sign sessions and tokens, and the
# patient keys and de-identification secret would derive from it.
REQUIRED_SECRETS = ("SECRET_KEY", "MEDCOOP_PATIENT_KEYS", "MEDCOOP_DEID_SECRET")
env.require_secrets(PRODUCTION, REQUIRED_SECRETS)
SECRET_KEY = env.text("SECRET_KEY", "medcoop-development-only-key-do-not-use-in-production")
ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its Swagger UI files, served by MedCoop; without it the docs page loads them from a CDN
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "medcoop.core",
    "medcoop.search",
    "medcoop.audit",
    "medcoop.backup",
    "medcoop.accounts",
    "medcoop.organizations",
    "medcoop.agreements",
    "medcoop.activities",
    "medcoop.dashboard",
    "medcoop.articles",
    "medcoop.consultations",
    "medcoop.patients",
    "medcoop.privacy",
    "medcoop.reports",
    "medcoop.sheets",
    "medcoop.jobs",
    "medcoop.delegations",
    "medcoop.funding",
    "medcoop.devtools",  # `medcoop demo`, `medcoop synth`
    "rules.apps.AutodiscoverRulesConfig",  # imports each app's rules.py: who may do what
    "django.forms",  # its widget templates, after ours (core/templates/django/forms/: one empty-choice style)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "medcoop.core.uploads.UploadLimitMiddleware",  # before anything reads the body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "medcoop.accounts.middleware.TokenRequestMiddleware",  # an API request naming a token reads no session
    "medcoop.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "medcoop.accounts.middleware.SessionLimitsMiddleware",
    "medcoop.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "medcoop.audit.recording.AuditContextMiddleware",
    "medcoop.core.middleware.NoStoreMiddleware",
]
# Timings of the application and its SQL in a Server-Timing header, for bench/scale.py only.
if env.flag("MEDCOOP_SERVER_TIMING", False):
    MIDDLEWARE.insert(0, "medcoop.core.middleware.ServerTimingMiddleware")

ROOT_URLCONF = "medcoop.urls"
# A request body (not counting files) past 2.5 MB is refused with MedCoop's 400 page, fields past their length
# by the form; uploaded files have their own caps below.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
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
                "medcoop.navigation.navigation",
            ],
        },
    },
]

# Widgets render through the project's templates, so core can restyle one (the empty choice "—" in every select);
# selects and inputs are written in Python, as their templates would (medcoop.core.renderers).
FORM_RENDERER = "medcoop.core.renderers.QuickWidgets"

# PostgreSQL's connection is kept a minute between requests (CONN_MAX_AGE), checked before it is reused after an
# error or a restart of the server (health checks): opening one per request cost each request ~8 ms of waiting
# on loopback (the server forks a backend, then the trigram threshold is set), more than an API list's queries.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'medcoop.sqlite3'}",
        conn_max_age=env.whole("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the server read while a command writes; a busy timeout instead of "database is locked". The
    # connection is kept between requests (CONN_MAX_AGE, 10 minutes unless set) with a 64 MiB page cache: SQLite
    # has no server's shared buffers, and a connection per request read every page afresh from the file (a
    # misspelt search at a million activities: 190 → 130 ms for the ministry, 180 → 100 ms for a clinician).
    DATABASES["default"]["CONN_MAX_AGE"] = env.whole("CONN_MAX_AGE", 600)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;",
        }
    )

AUTH_USER_MODEL = "core.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id first (memory-hard); the other hashers only read passwords set before, upgrading them at next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
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
MEDIA_ROOT = env.path("MEDIA_ROOT", DATA_DIR / "media")
# Static files are served by the app itself (WhiteNoise), compressed and cache-busted once collected; so each
# app process behind nginx is self-contained. Uploaded files stay on local disk unless S3 is configured.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION  # the demo serves static files without collectstatic
if env.text("S3_BUCKET"):  # S3-compatible storage (MinIO, Ceph, AWS): pip install 'medcoop[s3]'
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.text("S3_BUCKET"),
            "endpoint_url": env.text("S3_ENDPOINT_URL") or None,
            "access_key": env.text("S3_ACCESS_KEY_ID") or None,
            "secret_key": env.text("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# One cache for every app process when REDIS_URL is set (the dashboard's figures, sessions); otherwise each
# process keeps its own in memory, which is right for one process.
if env.text("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.text("REDIS_URL"),
            "KEY_PREFIX": env.text("CACHE_PREFIX", "medcoop"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    # Room for a few keys per member institution (its version, its agreements' counts of the day): the default
    # 300 entries would cull them at 500 institutions, and every dashboard would count afresh.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20000}}
    }

# Background work (medcoop.jobs): run at once in the request by default, so the demo needs no other process;
# MEDCOOP_TASKS=database queues it in the database for `medcoop worker` processes.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if env.text("MEDCOOP_TASKS") == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# In the demo and in development (DEBUG) e-mails are files in MEDCOOP_DATA_DIR/mail, one .log per message, so the
# console shows only what the person needs; a deployment names its own backend (SMTP).
EMAIL_BACKEND = env.text(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG or DEMO
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "medcoop@localhost")
# The address links in e-mails point to.
MEDCOOP_BASE_URL = env.text("MEDCOOP_BASE_URL", "http://127.0.0.1:8000")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Uploaded documents: what the registry keeps, checked by content (medcoop.core.files).
MEDCOOP_MAX_UPLOAD_BYTES = env.whole("MEDCOOP_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Sheets to import (XLSX or CSV): the largest upload, refused by its size before it is read.
MEDCOOP_MAX_SHEET_BYTES = env.whole("MEDCOOP_MAX_SHEET_BYTES", 30 * 1024 * 1024)
# `medcoop restore`: the most an archive may expand to, checked from its headers before anything is written.
MEDCOOP_MAX_RESTORE_BYTES = env.whole("MEDCOOP_MAX_RESTORE_BYTES", 50 * 1024**3)
# Articles: the largest file or page the importer reads.
MEDCOOP_MAX_ARTICLE_BYTES = env.whole("MEDCOOP_MAX_ARTICLE_BYTES", 10 * 1024 * 1024)
# Fetching a page for the importer (medcoop.core.net): one deadline for the whole fetch, redirects included.
# Only public addresses are fetched; MEDCOOP_FETCH_ALLOWED_NETWORKS exempts networks from that (the tests'
# loopback server; an intranet news site if a hospital wants it), empty by default.
MEDCOOP_FETCH_SECONDS = env.number("MEDCOOP_FETCH_SECONDS", 15)
MEDCOOP_FETCH_ALLOWED_NETWORKS = env.items("MEDCOOP_FETCH_ALLOWED_NETWORKS")
# Patient identity: Fernet keys, newest first (see medcoop/patients/crypto.py). Development falls back to a key
# derived from the development SECRET_KEY; production must set its own.
MEDCOOP_PATIENT_KEYS = env.items("MEDCOOP_PATIENT_KEYS")
if not MEDCOOP_PATIENT_KEYS and not PRODUCTION:
    from medcoop.patients.crypto import development_key

    MEDCOOP_PATIENT_KEYS = [development_key(SECRET_KEY)]
# De-identification: the secret from which each case's DICOM date shift and replacement UIDs derive (and the
# digest of an identifier override). Its own secret, not SECRET_KEY; production must set MEDCOOP_DEID_SECRET.
MEDCOOP_DEID_SECRET = env.text("MEDCOOP_DEID_SECRET", "medcoop-development-only-deid-secret")
# Reminders: how far ahead an expiring agreement is announced, and when an agreement counts as dormant.
MEDCOOP_EXPIRY_WARNING_DAYS = (90, 30)
MEDCOOP_DORMANT_AFTER_DAYS = 365

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": env.text("LOG_LEVEL", "WARNING")},
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address before the password is read
    "medcoop.core.backends.PasswordBackend",  # passwords only; it grants no permission
    "rules.permissions.ObjectPermissionBackend",  # every right: the named rules of core/rules.py and <app>/rules.py
]

# --- Security (docs/security.md) ----------------------------------------------------------------------------
# Served over HTTPS behind nginx in production: secure cookies, HSTS and a redirect to https. MEDCOOP_HTTPS=false
# only for a production-like process on loopback (benchmarks, the two-process test), never for users.
HTTPS = env.flag("MEDCOOP_HTTPS", PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True  # pages carry the token in their markup; no script reads the cookie
# No inline script and nothing from another origin. Inline styles stay allowed for the SVG charts pygal draws
# (a style cannot run code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Sessions end after 30 minutes without a request and 12 hours after the login, whatever happens in between
# (medcoop.accounts.middleware); the cookie dies with the browser.
MEDCOOP_SESSION_IDLE_SECONDS = 30 * 60
MEDCOOP_SESSION_MAX_SECONDS = 12 * 3600
SESSION_COOKIE_AGE = MEDCOOP_SESSION_MAX_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# An API token made on the tokens page expires after this many days unless its maker chooses otherwise
# (0: the page offers "never" first); tokens made before expiries existed never expire.
# (at most a hundred years: beyond, the expiry falls past year 9999).
MEDCOOP_API_TOKEN_DAYS = env.whole("MEDCOOP_API_TOKEN_DAYS", 365, minimum=0, maximum=36500)

# Login throttling (django-axes): five failures lock the account, and five lock the address, for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True  # logins are in MedCoop's own audit log
AXES_IPWARE_PROXY_COUNT = env.whole("PROXY_COUNT", 0) or None  # nginx in front: 1

# TOTP two-factor (django-otp), with one-time recovery codes, for the roles that change records or reach
# patients' cases from abroad.
MEDCOOP_TWO_FACTOR_ROLES = {"admin", "coordinator", "partner"}
OTP_TOTP_ISSUER = "MedCoop"
# A partner's invitation link works once and for this long.
MEDCOOP_INVITATION_DAYS = 7
