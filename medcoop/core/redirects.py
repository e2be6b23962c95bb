"""Where a form sends the user back to: the `next` they came with, only if it stays on this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, default: str = "/") -> str:
    """`next` from the form or the address when it points to this host (an open redirect otherwise), else
    `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
