"""Fixtures of the intake tests: `yrd`, the YRD call on its 2023 timeline
(tests/intake/pipeline.py), and `dovecot`, a real IMAP server (tests/intake/dovecot.py)."""

from .dovecot import dovecot  # noqa: F401
from .pipeline import yrd  # noqa: F401
