"""Verification codes (证书编号) printed on award certificates.

Twelve characters from an alphabet without the look-alikes 0/O and 1/I, so that
a code read off paper can be typed back; 32 symbols give 60 random bits, far
beyond finding a certificate by trying addresses.
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 12

# Full-width forms (Ａ, ａ, ８, －) that a Chinese input method may type, to ASCII.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# What people put between groups when copying a code: spaces, dashes, dots.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u00b7.]+")


def new_verification_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_verification_code(text: str) -> str:
    """A code as a person typed it (lower case, grouped, full-width) in its stored form."""
    return _SEPARATORS.sub("", text.translate(_HALF_WIDTH)).upper()


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)
