"""The environment MedCoop's settings read, typed: one reader per kind of value, each naming the variable when
its value does not read (CONN_MAX_AGE=abc stops the start with that name, not a traceback deep in Django), and
the production check: a deployment (DEBUG off, not the demo) refuses to start without its own secrets."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def text(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None or value == "" else value


def flag(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def whole(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    value = _raw(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, not {number}.")
    return number


def number(name: str, default: float) -> float:
    value = _raw(name)
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def items(name: str, default: str = "") -> list[str]:
    """A comma-separated list, blanks dropped."""
    value = _raw(name)
    return [item.strip() for item in (default if value is None else value).split(",") if item.strip()]


def path(name: str, default: Path | str) -> Path:
    return Path(text(name) or default)


def require_secrets(production: bool, names: tuple[str, ...]) -> None:
    """Production without its own secrets would sign sessions and tokens with the public development key, and
    derive the patient keys and the de-identification secret from it: refuse to start."""
    missing = [name for name in names if not text(name)]
    if production and missing:
        raise ImproperlyConfigured(
            f"MedCoop refuses to start in production (DEBUG=false) without {', '.join(missing)}: set "
            "each in the environment (docs/security.md). For a local trial run `medcoop demo`, or set DEBUG=true."
        )
