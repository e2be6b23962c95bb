"""HTML escaping for the code that writes many cells and options (a list's 300 cells, a filter's 300 options):
Django's `conditional_escape` is the same test and `html.escape`, behind two wrappers that look for lazy
arguments on every call, about 15 calls of Python a value; this is one."""

from html import escape

from django.utils.functional import Promise


def escaped(value) -> str:
    """`conditional_escape(value)` as a plain string: HTML (anything with `__html__`) as it is, anything else
    escaped; a lazy translation in the current language."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))
