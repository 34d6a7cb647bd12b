"""Production settings pass Django's deployment checklist, and refuse to start without a key."""

import os
import subprocess
import sys

PRODUCTION_ENV = {
    "SECRET_KEY": "k7Qx-3mZ9v_T2pLr8sWn4yBc6dFh1jGa5eKu0iOo7qRt3wXz9vYb2nMl4sDf6gHj",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "cases.example.org",
    "DATABASE_URL": "sqlite:////tmp/casebook-deploy-check.sqlite3",
}


def _casebook(*args, env):
    base = {k: v for k, v in os.environ.items()
            if k not in {"SECRET_KEY", "DEBUG", "HTTPS", "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(
        [sys.executable, "-m", "casebook.cli", *args], capture_output=True, text=True,
        env={**base, "DJANGO_SETTINGS_MODULE": "casebook.settings", **env}, timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _casebook("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_wsgi_refuses_to_start_without_a_secret_key():
    code = "import casebook.wsgi"
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "casebook.settings"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
