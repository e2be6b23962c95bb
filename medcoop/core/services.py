"""Rules every domain's services share: who may write a record, and saving only what validates."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from .permissions import can_create_for


def require_can_write(user, institution_id) -> None:
    """Refuse a change to a record that the user's role or institution does not allow."""
    if not can_create_for(user, institution_id):
        raise PermissionDenied(_("You may not change records of this institution."))


def require_can_save(user, instance) -> None:
    """Refuse saving a record unless the user may write for its owner, and, for an existing record, for the
    owner it has now too: a record cannot be moved out of another institution."""
    require_can_write(user, instance.owner_id)
    if instance.pk:
        require_can_write(user, type(instance).objects.get(pk=instance.pk).owner_id)


def save_validated(instance, *, exclude: list[str] | None = None):
    """Validate a record as a form would (fields, uniqueness, cross-field rules), then save it."""
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


def save_rows(prefix: str, rows) -> None:
    """Validate and save the nested records of a whole (parties, figures...), naming the row of any error."""
    for index, row in enumerate(rows):
        try:
            save_validated(row)
        except ValidationError as error:
            raise prefixed_errors(prefix, index, error) from error


def prefixed_errors(prefix: str, index: int, error: ValidationError) -> ValidationError:
    """Name the row a nested error came from ("parties[1].organization"), so a form or API can show it."""
    if hasattr(error, "error_dict"):
        return ValidationError({f"{prefix}[{index}].{field}": errors for field, errors in error.error_dict.items()})
    return ValidationError({f"{prefix}[{index}]": error.messages})


def replace_rows(prefix: str, existing, rows: list[dict], make) -> None:
    """Make a record's nested rows exactly `rows`: a row with the pk of an existing one updates it (so its
    history stays whole), a row without creates one with `make()`, and existing rows not named are deleted."""
    by_pk = {row.pk: row for row in existing}
    instances = []
    for fields in rows:
        fields = dict(fields)
        instance = by_pk.get(fields.pop("pk", None)) or make()
        for name, value in fields.items():
            setattr(instance, name, value)
        instances.append(instance)
    existing.exclude(pk__in=[i.pk for i in instances if i.pk]).delete()
    save_rows(prefix, instances)


def delete_record(user, instance) -> None:
    """Delete a record the user may change; a record still referenced elsewhere is refused by name."""
    from django.db.models import ProtectedError

    require_can_save(user, instance)
    try:
        instance.delete()
    except ProtectedError as error:
        used_by = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:5])
        raise ValidationError(
            _("“%(record)s” is still used by: %(used_by)s.") % {"record": instance, "used_by": used_by}
        ) from error
