"""The REST API under /api/: token (Bearer) or session authentication, the one permission layer, errors as
JSON. Each domain's endpoints live in its app's api.py."""

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, URLPattern, resolve
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja import errors as ninja_errors
from ninja.security import HttpBearer, django_auth

from medcoop.accounts.tokens import user_for
from medcoop.core.api import ErrorOut, schema_errors, validation_errors
from medcoop.core.middleware import use_preferences


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for(token)
        if user is not None:
            request.user = user
            use_preferences(request, user)  # the middleware ran before the token named its user
        return user


def _json_not_allowed(view):
    """django-ninja answers a method an address does not take (DELETE on a record) with its English text as
    HTML; this answers it in the one error format, in the reader's language, keeping the `Allow` header."""

    @functools.wraps(view)
    def answered(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith("application/json"):
            return response
        message = _("This address does not take the %(method)s method.") % {"method": request.method[:10]}
        refused = JsonResponse({"message": str(message), "errors": []}, status=405)
        refused["Allow"] = response.get("Allow", "")
        return refused

    return answered


class MedCoopAPI(NinjaAPI):
    """Every operation can answer 400 (the field at fault), 401 (no valid token) and 404 (not found, or not
    the user's to see): the document says so once for all of them."""

    def _get_urls(self):
        """django-ninja's addresses, a 405 answered in JSON; its root (/api/), which raises the site's HTML 404,
        answers as an address that is no endpoint does."""
        return [
            URLPattern(
                url.pattern,
                no_such_endpoint if url.name == "api-root" else _json_not_allowed(url.callback),
                url.default_args,
                url.name,
            )
            if isinstance(url, URLPattern)
            else url
            for url in super()._get_urls()
        ]

    def get_openapi_schema(self, *args, **kwargs):
        document = super().get_openapi_schema(*args, **kwargs)
        document.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = ErrorOut.json_schema()
        error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        for path in document["paths"].values():
            for operation in path.values():
                # ninja keys the operation's own codes by int; one key per code, or the document is invalid
                operation["responses"] = {str(code): answer for code, answer in operation["responses"].items()}
                for status, description in (
                    ("400", "Invalid input"),
                    ("401", "No valid token or session"),
                    ("404", "Not found"),
                ):
                    operation["responses"].setdefault(status, {"description": description, **error})
        return document


api = MedCoopAPI(
    title="MedCoop API",
    version="1",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    description="The cooperation registry of MedCoop. Every endpoint shows only what the token's user "
    "may see in the web interface; anything else answers 404.",
)


@api.exception_handler(ValidationError)
def invalid(request, error):
    return api.create_response(request, validation_errors(error), status=400)


@api.exception_handler(ninja_errors.ValidationError)
def malformed(request, error):
    """A parameter or body the schema refuses (a word where a number goes): 400 in the one error format, in the
    reader's language, naming the field as the forms do, never repeating the value sent."""
    return api.create_response(request, schema_errors(error.errors), status=400)


# ninja's own refusals, in the reader's language (its texts are English, and in DEBUG name the parser's error)
HTTP_MESSAGES = {
    400: _("The request body could not be read: send JSON."),
    401: _("No valid token or session."),
    403: _("This is not allowed."),
    429: _("Too many requests: try again in a moment."),
}


@api.exception_handler(ninja_errors.HttpError)
def http_error(request, error):
    """An unreadable body (400), no valid token (401): the same error format as everything else."""
    message = HTTP_MESSAGES.get(error.status_code, _("The request is not valid."))
    return api.create_response(request, {"message": message, "errors": []}, status=error.status_code)


@api.exception_handler(Http404)
def not_found(request, error):
    return api.create_response(request, {"message": _("Not found."), "errors": []}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, error):
    return api.create_response(request, {"message": _("Not found."), "errors": []}, status=404)


@csrf_exempt  # it changes nothing; else a token's POST to a mistyped address met the session's CSRF check (HTML 403)
def no_such_endpoint(request):
    """An address under /api/ that is no endpoint (`/api/privacy/consents/5`: the consents have a list, no
    detail) answers 404 in the one error format, not the site's HTML page; a missing final slash is still
    redirected, as Django's APPEND_SLASH did before this address caught everything."""
    if request.method in ("GET", "HEAD"):
        # the address with the final slash it lacks, or without the one too many (`/api/privacy/consents/`)
        path = request.path[:-1] if request.path.endswith("/") else f"{request.path}/"
        if path.startswith("/api/") and not path.endswith("//") and _is_endpoint(path):
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)
    return JsonResponse({"message": str(_("Not found.")), "errors": []}, status=404)


def _is_endpoint(path: str) -> bool:
    try:
        return resolve(path).func is not no_such_endpoint
    except Resolver404:
        return False


def register_routers() -> None:
    from medcoop.activities.api import router as activities
    from medcoop.activities.merge_api import router as activity_merges
    from medcoop.activities.training_api import router as training
    from medcoop.activities.transfer_api import router as techniques
    from medcoop.agreements.api import router as agreements
    from medcoop.articles.api import router as articles
    from medcoop.consultations.api import router as consultations
    from medcoop.delegations.api import router as delegations
    from medcoop.funding.api import router as funding
    from medcoop.organizations.api import router as organizations
    from medcoop.organizations.merge_api import router as organization_merges
    from medcoop.patients.api import router as patients
    from medcoop.privacy.api import router as privacy

    api.add_router("/organizations/", organizations)
    api.add_router("/agreements/", agreements)
    api.add_router("/activities/", activities)
    api.add_router("/articles/", articles)
    api.add_router("/consultations/", consultations)
    api.add_router("/patients/", patients)
    api.add_router("/privacy/", privacy)
    api.add_router("/delegations/", delegations)
    api.add_router("/funding/", funding)
    api.add_router("/techniques/", techniques)
    api.add_router("/training/", training)
    # merges beside each kind's own endpoints, through the merge pages' services (audit.merge_api)
    api.add_router("/organizations/", organization_merges)
    api.add_router("/activities/", activity_merges)


register_routers()
