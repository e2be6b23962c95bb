"""The REST API under /api/: token (Bearer) or session authentication, the one permission layer, errors as
JSON. Each domain's endpoints live in its app's api.py."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from medcoop.core.api import validation_errors
from medcoop.core.tokens import user_for


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for(token)
        if user is not None:
            request.user = user
        return user



api = NinjaAPI(title="MedCoop API", version="1", auth=[TokenAuth(), django_auth], urls_namespace="api",
               description="The cooperation registry of MedCoop. Every endpoint shows only what the token's user "
                           "may see in the web interface; anything else answers 404.")


@api.exception_handler(ValidationError)
def invalid(request, error):
    return api.create_response(request, validation_errors(error), status=400)


@api.exception_handler(Http404)
def not_found(request, error):
    return api.create_response(request, {"message": "Not found.", "errors": []}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, error):
    return api.create_response(request, {"message": "Not found.", "errors": []}, status=404)


def register_routers() -> None:
    from medcoop.activities.api import router as activities
    from medcoop.agreements.api import router as agreements
    from medcoop.organizations.api import router as organizations

    api.add_router("/organizations/", organizations)
    api.add_router("/agreements/", agreements)
    api.add_router("/activities/", activities)


register_routers()
