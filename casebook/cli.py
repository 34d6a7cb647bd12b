"""The `casebook` console command.

`casebook demo` and `casebook seed` are management commands like any other;
this entry point sets the environment an operator expects (the demo's embedded
defaults) and passes everything through to Django, so nobody needs manage.py.
"""

import os
import secrets
import sys
from pathlib import Path


def _secret_key_from_data_dir() -> None:
    """Without SECRET_KEY, use a random key kept in the data folder (created
    once, readable by its owner only), so that sessions survive restarts."""
    data_dir = Path(os.environ.setdefault("CASEBOOK_DATA_DIR", str(Path.cwd() / "var")))
    if "SECRET_KEY" in os.environ:
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    os.environ["SECRET_KEY"] = key_file.read_text().strip()


def _demo_environment() -> None:
    """Defaults for `casebook demo` on http://127.0.0.1: plain HTTP, mail
    printed on the console."""
    os.environ.setdefault("HTTPS", "false")
    os.environ.setdefault("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")
    os.environ.setdefault("EMAIL_URL", "consolemail://")


def _command_name(name: str) -> str:
    """`casebook parse-form` runs the parse_form command: operators type
    hyphens, Django names commands with underscores."""
    import django
    from django.core.management import get_commands

    django.setup()
    underscored = name.replace("-", "_")
    return underscored if name not in get_commands() and underscored in get_commands() else name


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casebook.settings")
    _secret_key_from_data_dir()
    if len(argv) > 1 and argv[1] in {"demo", "runserver"}:
        _demo_environment()
    if len(argv) > 1 and "-" in argv[1].lstrip("-"):
        argv[1] = _command_name(argv[1])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["casebook", *argv[1:]])


if __name__ == "__main__":
    main()
