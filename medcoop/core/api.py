"""What every API endpoint shares: keyset pagination without COUNT, the `fields` option, and errors as JSON
naming the field at fault. The UI's filter forms reach the API through `records_api.add_list`."""

import base64
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema, Status
from pydantic import Field

# A record's id as a query parameter: a number no database column can hold is a 400, not a 500 (SQLite
# cannot even bind it).
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]


class ErrorOut(Schema):
    message: str
    errors: list[dict] = []


class DuplicateOut(Schema):
    id: int
    name: str
    score: float
    reasons: list[str] = []


class DuplicatesOut(Schema):
    """409: the record likely repeats these; nothing was saved. Sent again with `confirm_duplicates: true`, it
    is saved."""

    message: str
    duplicates: list[DuplicateOut]


def duplicates_conflict(duplicates) -> Status | None:
    """The 409 answer naming the likely duplicates (each with `.record`, `.score`, `.reasons`), or None."""
    if not duplicates:
        return None
    return Status(
        409,
        {
            "message": _(
                "This may already be recorded, so nothing was saved: send confirm_duplicates: true to save anyway."
            ),
            "duplicates": [
                {"id": d.record.pk, "name": str(d.record), "score": d.score, "reasons": d.reasons} for d in duplicates
            ],
        },
    )


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
    """The id a cursor continues after. Only what `encode_cursor` writes is one: a record's id in ASCII digits,
    within a primary key's range (`int()` would also take " 12", "1_2", other scripts' digits and 10**30)."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        text = ""
    if not (text.isdigit() and 1 <= int(text) <= MAX_ID):
        raise ValidationError({"after": "Not a cursor from this API."})
    return int(text)


TYPOS = "~"  # starts the cursor of a search's pages found forgiving typos, so its next pages are too


def keyset_page(queryset, after: str | None, limit: int):
    """Newest first by primary key; `next` continues after the last row. No COUNT: on a million rows it is
    the slowest part of a page. A search that finds nothing is tried again forgiving typos."""
    limit = max(1, min(limit, 200))
    typos = after is not None and after.startswith(TYPOS) and hasattr(queryset, "typo_tolerant")
    if typos and after is not None:
        queryset, after = queryset.typo_tolerant(), after[len(TYPOS) :]
    page = queryset.filter(pk__lt=decode_cursor(after)) if after else queryset
    rows = list(page.order_by("-pk")[: limit + 1])
    if not rows and not after and hasattr(queryset, "typo_tolerant"):
        typos = True
        rows = list(queryset.typo_tolerant().order_by("-pk")[: limit + 1])
    next_cursor = (TYPOS if typos else "") + encode_cursor(rows[limit - 1].pk) if len(rows) > limit else None
    return rows[:limit], next_cursor


def asked_fields(fields: str | None, out: type[Schema]) -> set[str] | None:
    """The fields `?fields=id,title` asks of an answer shaped as `out` (always with `id`); None: every field.
    A name the answer does not have is a 400 naming it: ignored, a typo would give answers of bare ids."""
    if not fields:
        return None
    wanted = {f.strip() for f in fields.split(",") if f.strip()}
    if unknown := sorted(wanted - set(out.model_fields)):
        raise ValidationError(
            {
                "fields": _("No such field: %(unknown)s. The fields are: %(known)s.")
                % {"unknown": ", ".join(name[:40] for name in unknown[:3]), "known": ", ".join(out.model_fields)}
            }
        )
    return wanted | {"id"}


def lean(item: dict, wanted: set[str] | None) -> dict:
    """Only the fields asked for (`asked_fields`), for lean responses."""
    if wanted is None:
        return item
    return {k: v for k, v in item.items() if k in wanted}


def visible_or_404(model, user, pk: int):
    record = model.objects.visible_to(user).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def nested_rows(form_class, items: list | None, user, prefix: str, keep_empty=()) -> tuple[list[dict], list[dict]]:
    """A record's nested rows (schemas with an optional "id") checked by the page's row forms: the rows a
    service takes, and errors named "figures[1].currency". A row's "id" names the existing row it updates, as
    on the page. Empty values are left out (a new row takes the model's default), but for the fields named in
    `keep_empty`, which a row may clear."""
    rows, errors = [], []
    for index, item in enumerate(items or []):
        given = item.dict()
        given["pk"] = given.pop("id", None)
        form = form_class({k: "" if v is None else v for k, v in given.items()}, user=user)
        if form.is_valid():
            rows.append({k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k in keep_empty})
        errors += form_errors(form, f"{prefix}[{index}].")
    return rows, errors


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
