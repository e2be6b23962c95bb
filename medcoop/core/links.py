"""A record's address, written fast: a list page links each of its 50 rows to its record, and Django's
`reverse` (resolving the pattern, quoting, checking) cost more than the rest of the row's cell."""

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_MARK = 8_642_097_531  # an id that is nowhere else in a URL
_PARTS: dict[tuple, tuple[str, str] | None] = {}


def _reversed_as(name: str) -> tuple:
    """What a URL reversed once may be kept under: its name and all that reversing it depends on."""
    return (name, get_script_prefix(), get_urlconf(), get_language())


def record_url(name: str, pk) -> str:
    """`reverse(name, args=[pk])` for a URL that names one record by its integer id: the URL is reversed once
    with a marker id, and the marker replaced by each record's id (what Django's int converter writes)."""
    if type(pk) is not int or pk < 0:
        return reverse(name, args=[pk])
    key = _reversed_as(name)
    if key not in _PARTS:
        url = reverse(name, args=[_MARK])
        _PARTS[key] = tuple(url.split(str(_MARK))) if url.count(str(_MARK)) == 1 else None  # type: ignore[assignment]
    parts = _PARTS[key]
    if parts is None:
        return reverse(name, args=[pk])
    return f"{parts[0]}{pk}{parts[1]}"


_PAGES: dict[tuple, str] = {}


def page_url(name: str) -> str:
    """`reverse(name)` of a page without arguments, kept per prefix, URLconf and language: the menu reverses its
    eighteen pages on every request."""
    key = _reversed_as(name)
    if key not in _PAGES:
        _PAGES[key] = reverse(name)
    return _PAGES[key]
