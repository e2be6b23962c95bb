"""Patient identity encrypted at rest with Fernet keys from the environment.

MEDCOOP_PATIENT_KEYS holds one or more Fernet keys separated by commas, the newest first: data is written
with the first and read with any, so a key is rotated by putting a new one in front, running
`medcoop rotate_patient_keys`, then dropping the old one.
"""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured("MEDCOOP_PATIENT_KEYS must hold Fernet keys (Fernet.generate_key()).") from error


def cipher() -> MultiFernet:
    keys = tuple(settings.MEDCOOP_PATIENT_KEYS)
    if not keys:
        raise ImproperlyConfigured("MEDCOOP_PATIENT_KEYS is not set: patient identity cannot be stored.")
    return _cipher(keys)


def development_key(secret: str) -> str:
    """A key derived from the development SECRET_KEY, so the demo runs with nothing set; never for production."""
    return base64.urlsafe_b64encode(hashlib.sha256(f"patients:{secret}".encode()).digest()).decode()


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode("utf-8")).decode("ascii") if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured("A patient field was encrypted with a key that is no longer configured.") from error


def rotate(token: str) -> str:
    return cipher().rotate(token.encode("ascii")).decode("ascii") if token else ""
