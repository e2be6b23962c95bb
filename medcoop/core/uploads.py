"""How large a request may be, said by the view that takes it, and enforced before Django reads the body.

Django streams a file upload to a temporary file whatever its size, so a cap checked in a form comes after a
gigabyte has been written to disk. `UploadLimitMiddleware` runs before anything reads the body (it sits before
the CSRF middleware, which reads the form): a request whose `Content-Length` is past its view's cap is answered
413 at once. A view that takes a file declares its cap with `@accepts_upload("<setting>")`; every other view
takes no more than a form's fields (DATA_UPLOAD_MAX_MEMORY_SIZE). Django's own body stream never reads past
`Content-Length`, so the header cannot be lied past.
"""

from django.conf import settings
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

# The other fields of the form and the multipart boundaries, beside the file itself.
FORM_ALLOWANCE = 64 * 1024


def accepts_upload(setting: str):
    """Mark a view (function or class) as taking one file of at most `settings.<setting>` bytes."""

    def mark(view):
        view.upload_limit_setting = setting
        return view

    return mark


def body_limit(view_func) -> int:
    """The largest body, in bytes, the view is given."""
    setting = getattr(view_func, "upload_limit_setting", None) or getattr(
        getattr(view_func, "view_class", None), "upload_limit_setting", None
    )
    return (getattr(settings, setting) if setting else settings.DATA_UPLOAD_MAX_MEMORY_SIZE) + FORM_ALLOWANCE


def too_large(request, limit: int):
    message = _("What you sent is larger than this page accepts (at most %(limit)s); nothing was kept.") % {
        "limit": filesizeformat(limit - FORM_ALLOWANCE)
    }
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413)
    return TemplateResponse(request, "413.html", {"message": message}, status=413)


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads a malformed length as an empty body
        limit = body_limit(view_func)
        if length > limit:
            return too_large(request, limit)
        return None
