"""What every API endpoint shares: keyset pagination without COUNT, the `fields` option, the UI's filter
forms, and errors as JSON naming the field at fault."""

import base64

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Schema


class ErrorOut(Schema):
    message: str
    errors: list[dict] = []


def validation_errors(error: ValidationError) -> dict:
    """{"message", "errors": [{"field", "message"}]} — fields named as the forms and services name them."""
    if hasattr(error, "error_dict"):
        items = [
            {"field": None if name == "__all__" else name, "message": message}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    else:
        items = [{"field": None, "message": message} for message in error.messages]
    return {"message": items[0]["message"] if items else str(error), "errors": items}


def form_errors(form, prefix: str = "") -> list[dict]:
    return [
        {"field": f"{prefix}{name}" if name != "__all__" else (prefix.rstrip(".") or None), "message": message}
        for name, messages in form.errors.items()
        for message in messages
    ]


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(str(pk).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationError({"after": "Not a cursor from this API."}) from error


TYPOS = "~"  # starts the cursor of a search's pages found forgiving typos, so its next pages are too


def keyset_page(queryset, after: str | None, limit: int):
    """Newest first by primary key; `next` continues after the last row. No COUNT: on a million rows it is
    the slowest part of a page. A search that finds nothing is tried again forgiving typos."""
    limit = max(1, min(limit, 200))
    typos = bool(after) and after.startswith(TYPOS) and hasattr(queryset, "typo_tolerant")
    if typos:
        queryset, after = queryset.typo_tolerant(), after[len(TYPOS) :]
    page = queryset.filter(pk__lt=decode_cursor(after)) if after else queryset
    rows = list(page.order_by("-pk")[: limit + 1])
    if not rows and not after and hasattr(queryset, "typo_tolerant"):
        typos = True
        rows = list(queryset.typo_tolerant().order_by("-pk")[: limit + 1])
    next_cursor = (TYPOS if typos else "") + encode_cursor(rows[limit - 1].pk) if len(rows) > limit else None
    return rows[:limit], next_cursor


def lean(item: dict, fields: str | None) -> dict:
    """Only the fields asked for (`?fields=id,title`), for lean responses."""
    if not fields:
        return item
    wanted = {f.strip() for f in fields.split(",") if f.strip()} | {"id"}
    return {k: v for k, v in item.items() if k in wanted}


def filtered(request, queryset, filter_form_class):
    """The same filters as the list page, read from the query string."""
    form = filter_form_class(request.GET, user=request.auth)
    if request.GET and not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.filter(queryset)


def visible_or_404(model, user, pk: int):
    record = model.objects.visible_to(user).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def form_data(form_class, instance, given: dict) -> dict:
    """What a form receives: the record's current values (PATCH keeps what is not given), then the payload."""
    data = {**form_class(instance=instance).initial, **given}
    return {name: _plain(value) for name, value in data.items()}


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "pk"):
        return value.pk
    if value.__class__.__name__ == "PartialDate":
        return str(value)
    return value
