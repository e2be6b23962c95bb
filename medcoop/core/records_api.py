"""One router for every kind of record: `record_router` builds the list, the detail, and (given `Writes`) the
create and the update that each app's api.py used to write out again. The output fields come from the
model's `RecordList` (`core.listing`), the filters from the list page's filter form, the validation from the
page's form and row forms, the saving from the app's service; what differs between apps is declared, not
written."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, get_args

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel, create_model

from .api import (
    DuplicatesOut,
    ErrorOut,
    asked_fields,
    duplicates_conflict,
    form_data,
    form_errors,
    keyset_page,
    lean,
    lister,
    nested_rows,
    validation_errors,
)
from .listing import RecordList
from .locking import save_at_version
from .permissions import writes_registry


def filter_schema(filter_form_class, name: str) -> type[Schema]:
    """The API's filter parameters, read from the list page's filter form: one declaration of the filters,
    documented in the OpenAPI and applied by the same `filter_x` methods."""
    fields: dict[str, Any] = {field_name: (str, "") for field_name in filter_form_class.base_fields}
    return create_model(name, __base__=Schema, **fields)


def refuse_unknown_parameters(request, known: set[str]) -> None:
    """A parameter the list does not take is a 400 naming it: ignored, a typo (`?yaer=2019`) or a filter of
    another list (`?kind=` on the consents) answered every row as if filtered, and `?sort=` an order not given."""
    if unknown := sorted(set(request.GET) - known):
        raise ValidationError(
            {
                unknown[0][:40]: _("No such parameter: %(unknown)s (the parameters are: %(known)s).")
                % {"unknown": ", ".join(name[:40] for name in unknown[:3]), "known": ", ".join(sorted(known))}
            }
        )


def apply_filters(user, queryset, filter_form_class, filters: Schema):
    """The page's filters on the API's rows; a value the form refuses is a 400 naming the field. Without any
    filter the rows are the user's as they are: the form (its fields copied, its choices' querysets made) is
    not made for nothing, on the commonest call."""
    given = filters.dict()
    if not any(given.values()):
        return queryset
    form = filter_form_class(given, user=user)
    if not form.is_valid():
        raise ValidationError(
            {name: [_without_value(e) for e in errors] for name, errors in form.errors.as_data().items()}
        )
    return form.filter(queryset)


def _without_value(error: ValidationError) -> ValidationError:
    """A choice refused without repeating the value sent (it may be clinical), as the schema's refusals are."""
    if error.code != "invalid_choice":
        return error
    return ValidationError(
        _("Select a valid choice. That choice is not one of the available choices."), code=error.code
    )


@dataclass
class Writes:
    """How the API creates and updates a kind of record, as its page does.

    `save(user, form, rows, given)` calls the app's service (`rows[name]` is None for nested rows the payload
    leaves out: they stay as they are). `nested` names each nested list's row form and the fields a row may
    clear. `duplicates(form, rows)` returns the likely duplicates (409 unless `confirm_duplicates`), asked for a
    new record or when a field of `compared` changes."""

    form: type
    schema: type[Schema]
    save: Callable
    nested: dict[str, tuple[type, tuple[str, ...]]] = field(default_factory=dict)
    duplicates: Callable | None = None
    compared: frozenset[str] = frozenset()
    may_create: Callable = writes_registry
    new: Callable = lambda model, user: model(owner=user.organization)  # a record about to be created
    prepare: Callable[[dict], dict] = lambda data: data  # the payload made into what the form reads
    # which nested lists the payload changes (default: every one it sends); sent back unchanged, a record's
    # partners are no reason to ask for duplicates again
    nested_changed: Callable[[Any, dict], set[str]] = lambda instance, rows: {
        n for n, r in rows.items() if r is not None
    }


# The API lists' answers are written as JSON straight from the dicts the list declarations make (`RecordList.as_dict`,
# or an app's own `item`), their keys put in the schema's order, rather than validated against the schema first:
# the schema (made from the same columns' types) is what the OpenAPI document declares, and the JSON is byte for
# byte what django-ninja's own validation and renderer write (core/tests/test_api.py, on every list, whole and
# with lean fields). False: django-ninja validates and writes them.
FAST_ANSWERS = True


def in_schema_order(schema: type[BaseModel]) -> Callable[[dict], dict]:
    """What writes an item as `schema` would (`exclude_unset`): its keys in the schema's order, any other left
    out, nested schemas' items (a record's partners) likewise. Made once, when the router is built; an item
    already in order (the commonest: `as_dict` follows the columns the schema is made from) is kept as it is."""
    order = tuple(schema.model_fields)
    nested = {
        name: in_schema_order(inner)
        for name, info in schema.model_fields.items()
        if (inner := _schema_in(info.annotation))
    }

    def arranged(item: dict) -> dict:
        if tuple(item) != order:
            item = {name: item[name] for name in order if name in item}
        for name, arrange in nested.items():
            value = item.get(name)
            if isinstance(value, list):
                item = {**item, name: [arrange(v) if isinstance(v, dict) else v for v in value]}
            elif isinstance(value, dict):
                item = {**item, name: arrange(value)}
        return item

    return arranged


def _schema_in(annotation) -> type[BaseModel] | None:
    """The schema an annotation holds (`list[PartnerIO] | None`: PartnerIO), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    inner = [found for argument in get_args(annotation) if (found := _schema_in(argument))]
    return inner[0] if len(inner) == 1 else None


def answered(arranged: Callable[[dict], dict], answer: dict) -> HttpResponse:
    """The list's answer as django-ninja's renderer writes it (`json.dumps` with its encoder)."""
    page = {"items": [arranged(item) for item in answer["items"]], "next": answer["next"]}
    return HttpResponse(json.dumps(page, default=_encoded), content_type="application/json; charset=utf-8")


_ENCODER = NinjaJSONEncoder()


def _encoded(value):
    """What NinjaJSONEncoder makes of a value JSON has no type for; a day (most of them: a page of activities
    has some 150) straight away, as its `isoformat()`, rather than through its chain of isinstance tests."""
    return value.isoformat() if type(value) is date else _ENCODER.default(value)


def add_list(
    router: Router,
    *,
    out: type[Schema],
    filter_form,
    name: str,
    summary: str,
    rows: Callable,
    item: Callable,
    read: Callable = lambda queryset: queryset,
    path: str = "",
) -> None:
    """GET `path` on `router`: `rows(request)` (the rows the user may see) through the list page's filters, newest
    first in keyset pages, each answered as `item(row, request)`; `read` adds what the items read."""
    page = create_model(f"{name}Page", __base__=Schema, items=(list[out], ...), next=(str | None, None))  # type: ignore[valid-type]
    filters_in = filter_schema(filter_form, f"{name}Filters")

    arranged = in_schema_order(out)

    @router.get(path, response=page, exclude_unset=True, operation_id=f"list_{name.lower()}", description=summary)
    def list_records(
        request,
        filters: Query[filters_in],  # type: ignore[valid-type]  # made from the filter form
        after: str | None = None,
        limit: int = 50,
        fields: str | None = None,
    ):
        refuse_unknown_parameters(request, {*filters_in.model_fields, "after", "limit", "fields"})
        wanted = asked_fields(fields, out)
        found, next_cursor = keyset_page(
            read(apply_filters(request.auth, rows(request), filter_form, filters)), after, limit
        )
        answer = {"items": [lean(item(r, request), wanted) for r in found], "next": next_cursor}
        return answered(arranged, answer) if FAST_ANSWERS else answer


def record_router(
    listing: RecordList,
    *,
    tag: str,
    filter_form,
    name: str,
    summary: str,
    read: Callable = lambda queryset: queryset,
    visible: Callable | None = None,
    writes: Writes | None = None,
    out: type[Schema] | None = None,
    on_read: Callable = lambda record, user: None,
) -> Router:
    """The router of one kind of record. `read(queryset)` adds what the output reads (prefetches,
    annotations); `visible(user)` the rows the user may see (default: the model's `visible_to`); `out` the
    output schema, when the app's own endpoints answer with it too; `on_read(record, user)` what reading one
    record does besides (the audit entry of a clinical record's read, as on its page)."""
    model = listing.model
    seen = visible or (lambda user: model.objects.visible_to(user))
    out = out or listing.out_schema(f"{name}Out")
    router = Router(tags=[tag])
    add_list(
        router,
        out=out,
        filter_form=filter_form,
        name=name,
        summary=summary,
        rows=lambda request: seen(lister(model, request.auth)),  # 404 where the list page is
        item=lambda row, request: listing.as_dict(row, request.auth),
        read=read,
    )

    def record(user, pk: int):
        found = read(seen(user)).filter(pk=pk).first()
        if found is None:
            raise Http404
        return found

    @router.get("/{pk}", response=out, exclude_unset=True, operation_id=f"get_{name.lower()}")
    def get_record(request, pk: int, fields: str | None = None):
        wanted = asked_fields(fields, out)  # refused before the read is audited
        found = record(request.auth, pk)
        on_read(found, request.auth)
        return lean(listing.as_dict(found, request.auth, detail=True), wanted)

    if writes is not None:
        _add_writes(router, listing, writes, out, name, read)
    return router


def _add_writes(router: Router, listing: RecordList, writes: Writes, out, name: str, read: Callable) -> None:
    model = listing.model
    answers: dict[int, Any] = {400: ErrorOut}
    if writes.duplicates is not None:
        answers[409] = DuplicatesOut

    def answer(request, result, status: int):
        if isinstance(result, Status):
            return result
        return Status(status, listing.as_dict(read(model.objects).get(pk=result.pk), request.auth, detail=True))

    @router.post("", response={201: out, **answers}, operation_id=f"create_{name.lower()}")
    def create_record(request, payload: writes.schema):  # type: ignore[name-defined]
        """A record of the user's institution, validated as its form does."""
        if not writes.may_create(request.auth):
            raise Http404
        return answer(request, _save(request, writes, writes.new(model, request.auth), payload), 201)

    @router.patch("/{pk}", response={200: out, **answers}, operation_id=f"update_{name.lower()}")
    def update_record(request, pk: int, payload: writes.schema):  # type: ignore[name-defined]
        instance = model.objects.editable_by(request.auth).filter(pk=pk).first()
        if instance is None:
            raise Http404
        return answer(request, _save(request, writes, instance, payload), 200)


def _save(request, writes: Writes, instance, payload):
    """The page's form and row forms check the payload; the duplicates are asked; the service saves."""
    given = payload.dict(exclude_unset=True)
    confirmed = given.pop("confirm_duplicates", False)
    version = given.pop("version", None)
    fields = {k: v for k, v in given.items() if k not in writes.nested}
    form = writes.form(writes.prepare(form_data(writes.form, instance, fields)), instance=instance, user=request.auth)
    rows: dict[str, list | None] = {}
    errors = form_errors(form) if not form.is_valid() else []
    for name, (row_form, clearable) in writes.nested.items():
        found, row_errors = nested_rows(row_form, getattr(payload, name), request.auth, name, clearable)
        rows[name] = found if name in given else None
        errors += row_errors
    if errors:
        return Status(400, {"message": errors[0]["message"], "errors": errors})
    changed = set(form.changed_data) | (writes.nested_changed(instance, rows) if instance.pk else set())
    if writes.duplicates and not confirmed and (instance.pk is None or writes.compared & changed):
        if conflict := duplicates_conflict(writes.duplicates(form, rows)):
            return conflict
    try:
        return save_at_version(form.instance, version, lambda: writes.save(request.auth, form, rows, given))
    except ValidationError as error:
        return Status(400, validation_errors(error))


def add_steps(
    router: Router,
    steps: dict[str, Callable],
    *,
    schema: type[Schema],
    out: type[Schema],
    name: str,
    summary: str,
    visible: Callable,
    answer: Callable,
) -> None:
    """POST "/{pk}/{step}": a workflow's step (`steps[step](user, record, payload)`, the app's service), taken
    with the page's rules: a record the user may not see, an unknown step or one they may not take answers 404
    and changes nothing; a refused one 400 naming why. Answered as `answer(record, user)`, read again."""

    @router.post(
        "/{pk}/{step}", response={200: out, 400: ErrorOut}, operation_id=f"{name.lower()}_step", description=summary
    )
    def take_step(request, pk: int, step: str, payload: schema):  # type: ignore[valid-type]
        found = visible(request.auth).filter(pk=pk).first()
        if found is None or step not in steps:
            raise Http404
        try:
            steps[step](request.auth, found, payload)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            return Status(400, validation_errors(error))
        found.refresh_from_db()
        return Status(200, answer(found, request.auth))
