"""What every API endpoint shares: keyset pagination without COUNT, the `fields` option, and errors as JSON
naming the field at fault. The UI's filter forms reach the API through `records_api.add_list`."""

import base64
import re
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema, Status
from pydantic import Field

from .listing import lean_instances, lean_prefetches

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


def _schema_message(error: dict) -> str:
    """A refusal of the API's schema (pydantic's error `type`), in the reader's language. Only the schema's own
    limits are named, never the value sent: it may be clinical."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind.startswith(("float_", "decimal_")):
        return _("Enter a number.")
    if kind.startswith("datetime_"):
        return _("Enter a date and time as YYYY-MM-DDTHH:MM (ISO 8601).")
    if kind.startswith("date_"):
        return _("Enter a date as YYYY-MM-DD (ISO 8601).")
    if kind.startswith("bool_"):
        return _("Enter true or false.")
    bounds = {
        "greater_than": ("gt", _("Enter a value greater than %(limit)s.")),
        "greater_than_equal": ("ge", _("Enter a value of at least %(limit)s.")),
        "less_than": ("lt", _("Enter a value less than %(limit)s.")),
        "less_than_equal": ("le", _("Enter a value of at most %(limit)s.")),
    }
    if kind in bounds:
        key, message = bounds[kind]
        return message % {"limit": context.get(key, "")}
    if kind == "string_too_long":
        return _("Enter at most %(count)s characters.") % {"count": context.get("max_length", "")}
    if kind.startswith("string_"):
        return _("Enter text.")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Send a list.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Send an object.")
    if kind in ("enum", "literal_error"):
        # pydantic lists the choices in English ("'day', 'month' or 'year'"): joined here by commas alone
        choices = re.sub(r"' or '", "', '", str(context.get("expected", "")))
        return _("Choose one of: %(choices)s.") % {"choices": choices}
    return _("This value is not valid.")


def _schema_field(location) -> str | None:
    """pydantic's location as the forms name a field: ("body", "payload", "figures", 1, "value") is
    "figures[1].value", ("query", "limit") is "limit"."""
    parts = list(location)
    if parts[:1] == ["body"]:
        parts = parts[2:]  # the body's parameter name ("payload") is no field of the request
    elif parts[:1] in (["query"], ["path"], ["header"], ["cookie"], ["form"], ["file"]):
        parts = parts[1:]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or None


def schema_errors(errors: list[dict]) -> dict:
    """What the API's schema refused (a word where a number goes), in the one error format, translated,
    naming the field; pydantic's English text and the value sent are left out."""
    items = [{"field": _schema_field(e.get("loc", ())), "message": str(_schema_message(e))} for e in errors]
    return {"message": items[0]["message"] if items else _("The request is not valid."), "errors": items}


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
        raise ValidationError({"after": _("Not a cursor from this API: send the `next` of the previous page.")})
    return int(text)


TYPOS = "~"  # starts the cursor of a search's pages found forgiving typos, so its next pages are too


def keyset_page(queryset, after: str | None, limit: int):
    """Newest first by primary key; `next` continues after the last row. No COUNT: on a million rows it is
    the slowest part of a page. A search that finds nothing is tried again forgiving typos; a search's pages
    are read as the list page reads them (`SearchQuerySet.newest_first`: an institution's rows whole, a common
    phrase along the newest rows, a rare one through the index), not by a re-ordering that the planner answered
    by reading every match.

    A cursor is a row's id and nothing more: one from another list (or made up) starts this list below that id,
    among the rows the user may see, and says nothing of the row it names."""
    limit = max(1, min(limit, 200))
    queryset, complete = lean_prefetches(lean_instances(queryset))  # the page's rows, without Django's machinery
    searched = bool(getattr(queryset, "search_words", None))
    typos = after is not None and after.startswith(TYPOS) and searched
    if after is not None and after.startswith(TYPOS):
        after = after[len(TYPOS) :]
    below = decode_cursor(after) if after else None
    if searched:
        rows = queryset.newest_first(below, limit + 1, typos=typos)
        if not rows and below is None and not typos:
            typos = True
            rows = queryset.newest_first(None, limit + 1, typos=True)
    else:
        page = queryset.filter(pk__lt=below) if below else queryset
        rows = list(page.order_by("-pk")[: limit + 1])
    next_cursor = (TYPOS if typos else "") + encode_cursor(rows[limit - 1].pk) if len(rows) > limit else None
    return complete(rows[:limit]), next_cursor


def asked_fields(fields: str | None, out: type[Schema]) -> set[str] | None:
    """The fields `?fields=id,title` asks of an answer shaped as `out` (always with `id`); None: every field.
    A name the answer does not have is a 400 naming it: ignored, a typo would give answers of bare ids."""
    if not fields:
        return None
    wanted = {f.strip() for f in fields.split(",") if f.strip()}
    if unknown := sorted(wanted - set(out.model_fields)):
        raise ValidationError(
            {
                "fields": _("No such field: %(unknown)s (the fields are: %(known)s).")
                % {"unknown": ", ".join(name[:40] for name in unknown[:3]), "known": ", ".join(out.model_fields)}
            }
        )
    return wanted | {"id"}


def lean(item: dict, wanted: set[str] | None) -> dict:
    """Only the fields asked for (`asked_fields`), for lean responses."""
    if wanted is None:
        return item
    return {k: v for k, v in item.items() if k in wanted}


def lister(model, user):
    """The user, when their role has this kind of record's list at all (the rule its page asks,
    `<app>.view_<model>`, from the app's rules module); else 404, as the page answers, rather than an empty
    list that tells a partner expert there are none."""
    if not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
        raise Http404
    return user


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
