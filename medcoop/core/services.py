"""Rules every domain's services share: who may write a record, and saving only what validates."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from .permissions import can_create_for


def require_can_write(user, institution_id) -> None:
    """Refuse a change to a record that the user's role or institution does not allow."""
    if not can_create_for(user, institution_id):
        raise PermissionDenied(_("You may not change records of this institution."))


def save_validated(instance, *, exclude: list[str] | None = None):
    """Validate a record as a form would (fields, uniqueness, cross-field rules), then save it."""
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


def prefixed_errors(prefix: str, index: int, error: ValidationError) -> ValidationError:
    """Name the row a nested error came from ("parties[1].organization"), so a form or API can show it."""
    if hasattr(error, "error_dict"):
        return ValidationError({f"{prefix}[{index}].{field}": errors for field, errors in error.error_dict.items()})
    return ValidationError({f"{prefix}[{index}]": error.messages})
