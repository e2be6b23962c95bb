"""Rules every domain's services share: who may write a record, and saving only what validates."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .bulk import delete_rows, insert_rows, update_rows
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


def _key_value(value):
    return value.pk if isinstance(value, models.Model) else value


def match_rows(existing, rows: list[dict], key: tuple[str, ...] = ()) -> tuple[list[tuple], list]:
    """Pair each row (a dict of fields, maybe with "pk") with the existing record it updates: the one whose pk
    it names or, for a row naming none, the first unclaimed record with the same `key` fields (a form or a sheet
    that carries no ids still updates rows in place, keeping their ids and what it does not carry). Returns
    [(record or None, fields without "pk")] and the existing records that no row names."""
    existing = list(existing)
    by_pk = {record.pk: record for record in existing}
    claimed = {row.get("pk") for row in rows} & set(by_pk)
    free = [record for record in existing if record.pk not in claimed]
    attnames = [existing[0]._meta.get_field(name).attname for name in key] if existing else []
    pairs = []
    for fields in rows:
        fields = dict(fields)
        pk = fields.pop("pk", None)
        record = by_pk.get(pk)
        if record is None and pk is None and attnames:
            wanted = [_key_value(fields.get(name)) for name in key]
            record = next((r for r in free if [getattr(r, a) for a in attnames] == wanted), None)
            if record is not None:
                free.remove(record)
        pairs.append((record, fields))
    named = {id(record) for record, _fields in pairs if record is not None}
    return pairs, [record for record in existing if id(record) not in named]


def replace_rows(prefix: str, existing, rows: list[dict], make, key: tuple[str, ...] = ()) -> None:
    """Make a record's nested rows exactly `rows`: a row with the pk of an existing one (or, with `key`, the
    same key fields) updates it, so its id and history stay; a row without creates one with `make()`; existing
    rows not named are deleted. Every row is validated; an error names its row."""
    pairs, gone = match_rows(existing, rows, key)
    instances = []
    for record, fields in pairs:
        instance = record or make()
        for name, value in fields.items():
            setattr(instance, name, value)
        instances.append(instance)
    existing.filter(pk__in=[record.pk for record in gone]).delete()
    save_rows(prefix, instances)


def replace_rows_in_bulk(model, groups, fields: list[str], key: tuple[str, ...]) -> None:
    """replace_rows for many records at once (a sheet import of 100,000 activities): `groups` holds, per
    record, (its existing rows, the rows it must have, make). Rows are matched the same way; the writes are one
    delete, one update of the rows that changed and one insert per batch, with no signal per row: the caller
    has validated every row and audits the whole."""
    created, changed, gone = [], [], []
    attnames = [model._meta.get_field(name).attname for name in fields]
    for existing, rows, make in groups:
        pairs, missing = match_rows(existing, rows, key)
        gone += [record.pk for record in missing]
        for record, values in pairs:
            instance = record or make()
            before = [getattr(instance, a) for a in attnames]
            for name, value in values.items():
                setattr(instance, name, value)
            if record is None:
                created.append(instance)
            elif [getattr(instance, a) for a in attnames] != before:
                changed.append(instance)
    delete_rows(model, gone)
    update_rows(model, changed, fields)
    insert_rows(model, created)


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
