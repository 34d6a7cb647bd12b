"""Settings for the test suite: the real settings, fed the variables a test run needs."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("CASEBOOK_DATA_DIR", tempfile.mkdtemp(prefix="casebook-test-"))
os.environ.setdefault("JOB_BACKEND", "inprocess")

from casebook.settings import *  # noqa: F403

# Tests render templates without running collectstatic first.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
ACCOUNT_RATE_LIMITS = False
