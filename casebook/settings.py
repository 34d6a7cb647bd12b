"""casebook settings: one module, fed by environment variables.

Defaults are safe for production (DEBUG off, HTTPS-only cookies, a secret key
required). `casebook demo` and the test suite set the variables they need.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
DATA_DIR = Path(env.str("CASEBOOK_DATA_DIR", default=str(Path.cwd() / "var"))).resolve()

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (生产环境必须设置 SECRET_KEY)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "huey.contrib.djhuey",
    "casebook.core",
    "casebook.accounts",
    "casebook.organizations",
    "casebook.calls",
    "casebook.submissions",
    "casebook.awards",
    "casebook.publishing",
    "casebook.notifications",
    "casebook.intake",
    "casebook.integrity",
    "casebook.experts",
    "casebook.review",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "casebook.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "casebook.urls"
WSGI_APPLICATION = "casebook.wsgi.application"
SITE_ID = 1

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
                "casebook.core.context_processors.site",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------
# The embedded default is SQLite. Several gunicorn threads and in-process jobs
# write at once, so SQLite runs in WAL mode, takes its write lock at BEGIN
# (IMMEDIATE: no lock upgrade deadlocks that surface as "database is locked")
# and waits up to 20 s for a busy writer instead of failing at once.
SQLITE_PATH = DATA_DIR / "casebook.sqlite3"
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA busy_timeout=20000;"
        "PRAGMA foreign_keys=ON;"
    ),
}
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    DATABASES["default"]["TEST"] = {"NAME": env.str("SQLITE_TEST_NAME", default="") or None}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and jobs -------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# JOB_BACKEND=inprocess runs each job in the process that queued it, right away
# (the embedded default); JOB_BACKEND=redis queues jobs for `casebook run_huey`.
JOB_BACKEND = env.str("JOB_BACKEND", default="redis" if REDIS_URL else "inprocess")
if JOB_BACKEND == "redis":
    HUEY = {"huey_class": "huey.RedisHuey", "name": "casebook", "url": REDIS_URL,
            "immediate": False}
else:
    HUEY = {"huey_class": "huey.MemoryHuey", "name": "casebook", "immediate": True}

# --- Files ------------------------------------------------------------------------
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))
STATIC_URL = "/static/"
# The site-wide stylesheet and vendored scripts live beside the site-wide templates.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="local")  # local | s3
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default=None),
            "access_key": env.str("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default=None),
            "region_name": env.str("S3_REGION", default=None),
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email -------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="casebook <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language and time -----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Accounts --------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's rule with a Chinese message (Django 5.2's msgid is untranslated).
    {"NAME": "casebook.accounts.validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "casebook.accounts.forms.SignupForm"}  # adds 姓名 and 手机
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[casebook] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}

# --- Security ----------------------------------------------------------------------------
# HTTPS=false only for the demo on http://127.0.0.1 and for tests.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# --- casebook ------------------------------------------------------------------------------
CASEBOOK_SITE_NAME = env.str("CASEBOOK_SITE_NAME", default="casebook 案例征集评选")

# --- Evidence uploads (issue 3; casebook.submissions.uploads) ------------------------------
# Largest file accepted per attachment kind, in MB. CASEBOOK_UPLOAD_LIMITS_MB in the
# environment is a JSON object overriding some or all kinds: '{"video": 1024}'.
# Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE stream to a temporary file (Django's
# TemporaryFileUploadHandler), so a 500 MB video never sits in memory; the web
# server in front (nginx client_max_body_size) must allow the largest limit.
CASEBOOK_UPLOAD_LIMITS_MB = {
    "application_form": 20, "photo": 10, "video": 500, "leader_instruction": 20,
    "media_report": 20, "other": 50,
    **env.json("CASEBOOK_UPLOAD_LIMITS_MB", default={}),
}
FILE_UPLOAD_TEMP_DIR = env.str("FILE_UPLOAD_TEMP_DIR", default=None)

# --- Email intake (issue 4; casebook.intake) -------------------------------------------------
# The mailbox submissions are sent to, e.g. imaps://intake%40example.cn:password@mail.example.cn:993/INBOX;
# empty: no mailbox is polled. Its messages go to the call whose 申报邮箱 (Call.intake_emails) they
# were sent to. INTAKE_IMAP_CALL_URLS gives calls a mailbox of their own: '{"yrd-health-4": "imaps://…"}'.
INTAKE_IMAP_URL = env.str("INTAKE_IMAP_URL", default="")
INTAKE_IMAP_CALL_URLS = env.json("INTAKE_IMAP_CALL_URLS", default={})
INTAKE_IMAP_POLL_MINUTES = env.int("INTAKE_IMAP_POLL_MINUTES", default=5)  # 1 to 59
INTAKE_IMAP_BATCH = env.int("INTAKE_IMAP_BATCH", default=50)  # messages per FETCH
INTAKE_IMAP_CAFILE = env.str("INTAKE_IMAP_CAFILE", default="")  # a private CA for imaps://
