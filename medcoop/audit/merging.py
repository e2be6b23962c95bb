"""Merging two records of one kind into one, and undoing it from the audit trail.

Every reference to the merged record is found from the model's metadata — foreign keys and one-to-one fields of
any model (`_meta.related_objects`) and the link tables of many-to-many fields both ways — so a kind of record
added later is covered without a line here. A reference is moved to the kept record; a link the kept one already
has (an activity's partner twice in one role) is dropped instead. The merged record is then deleted.

The merge's audit entry (action "merge", on the kept record) holds what undoing needs, and nothing clinical:
the merged record's own fields (refused for a model with private fields), each moved reference as
(model, id, field, from, to), each dropped link's fields (refused for a row with private fields or rows of its
own), and the kept record's fields the merge changed. Undo puts back the merged record with its id, moves back
exactly the references moved (those still pointing at the kept record), restores the dropped links and the kept
record's fields, in one transaction, and records an "unmerge" entry naming the merge.
"""

import dataclasses
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from medcoop.core.models import AuditEvent

from .recording import _plain, private_fields, record

# References kept in data rather than foreign keys (an article's proposal names organizations and activities by
# id): an app moves its own when a record is merged — a receiver of `merged` (sender: the model; keep, merged_pk)
# returns what it changed, kept in the merge's audit entry, and gets it back from `merge_undone` (keep, merged_pk,
# changed) to put it back.
merged_signal = Signal()
merge_undone = Signal()


def hook_name(receiver) -> str:
    return f"{receiver.__module__}.{receiver.__qualname__}"


@dataclass
class Likely:
    """A recorded record that a new or edited one likely repeats (organizations.duplicates,
    activities.duplicates), with a score (0-100) and why, for the forms, the API and the importers to show."""

    record: object
    score: float
    reasons: list[str] = dataclasses.field(default_factory=list)


def reference_fields(model) -> list[models.ForeignKey]:
    """Every foreign key (one-to-one included) that can point at a record of `model`: other models' and the
    link tables of many-to-many fields to it and from it."""
    found = []
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            found += [f for f in through._meta.fields if f.is_relation and f.related_model is model]
        else:
            found.append(relation.field)
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        found += [f for f in through._meta.fields if f.is_relation and f.related_model is model]
    return list(dict.fromkeys(found))


def _values(instance) -> dict:
    return {f.attname: _plain(getattr(instance, f.attname)) for f in instance._meta.concrete_fields}


def _unique_sets(model, field) -> list[list[str]]:
    """The sets of fields, `field` among them, that must be unique together on `model`."""
    sets = [list(group) for group in model._meta.unique_together if field.name in group]
    sets += [
        list(c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields and field.name in c.fields
    ]
    if field.unique:
        sets.append([field.name])
    return sets


def _conflicts(row, field, keep) -> bool:
    """Whether pointing `row` at `keep` would repeat a row that already points there."""
    model = type(row)
    for group in _unique_sets(model, field):
        lookup = {name: getattr(row, model._meta.get_field(name).attname) for name in group if name != field.name}
        if model._base_manager.filter(**lookup, **{field.name: keep}).exclude(pk=row.pk).exists():
            return True
    return False


def _droppable(row) -> bool:
    """A repeated link may be dropped (and restored on undo) when it holds nothing private and nothing refers
    to it."""
    model = type(row)
    if any(getattr(row, name, None) not in (None, "", [], {}) for name in private_fields(model)):
        return False
    return not any(f.model._base_manager.filter(**{f.name: row}).exists() for f in reference_fields(model))


def _label(model) -> str:
    return str(model._meta.verbose_name)


@transaction.atomic
def merge_records(keep, merged, *, kept_changes: dict | None = None, repeats=None) -> AuditEvent:
    """Merge `merged` into `keep` (two saved records of one model) and record it; `kept_changes` are field values
    of `keep` to set (an alias added), undone with the rest; `repeats(row, keep)` says of a row pointing at the
    merged record that the kept one already has its like (the same figure), so it is dropped, not moved.
    The caller checks who may."""
    model = type(keep)
    if type(merged) is not model or keep.pk == merged.pk:
        raise ValidationError(_("Only two different records of the same kind can be merged."))
    if any(getattr(merged, name, None) not in (None, "", [], {}) for name in private_fields(model)):
        raise ValidationError(_("A record with private fields cannot be merged here."))
    # both rows locked until the merge commits: two merges of one duplicate at once cannot both move it
    locked = model._base_manager.select_for_update().filter(pk__in=[keep.pk, merged.pk]).values_list("pk", flat=True)
    if set(locked) != {keep.pk, merged.pk}:
        raise ValidationError(_("One of the two records was deleted or merged meanwhile; reload the page."))
    snapshot = _values(merged)
    moved, dropped = [], []
    for field in reference_fields(model):
        for row in field.model._base_manager.filter(**{field.name: merged}).order_by("pk"):
            if field.model is model and row.pk == keep.pk:  # the kept record pointed at the merged one
                moved.append([field.model._meta.label, row.pk, field.attname, merged.pk, None])
                continue
            if field.one_to_one and field.model._base_manager.filter(**{field.name: keep}).exists():
                raise ValidationError(
                    _("Both records have a %(kind)s; keep one of them first, then merge.")
                    % {"kind": _label(field.model)}
                )
            if _conflicts(row, field, keep) or (repeats is not None and repeats(row, keep)):
                if not _droppable(row):
                    raise ValidationError(
                        _("Both records have the same %(kind)s, which cannot be dropped; remove one, then merge.")
                        % {"kind": _label(field.model)}
                    )
                dropped.append([field.model._meta.label, _values(row)])
                row.delete()
                continue
            moved.append([field.model._meta.label, row.pk, field.attname, merged.pk, keep.pk])
    for label, pk, attname, _old, new in moved:
        apps.get_model(label)._base_manager.filter(pk=pk).update(**{attname: new})
    hooks = {
        hook_name(receiver): changed
        for receiver, changed in merged_signal.send(sender=model, keep=keep, merged_pk=merged.pk)
        if changed
    }
    merged_label = str(merged)
    type(merged)._base_manager.filter(pk=merged.pk).delete()
    before = {}
    keep.refresh_from_db()
    for name, value in (kept_changes or {}).items():
        attname = model._meta.get_field(name).attname
        before[attname] = _plain(getattr(keep, attname))
        setattr(keep, name, value)
    if kept_changes:
        keep.full_clean()
        keep.save()
    return record(
        "merge",
        keep,
        label=merged_label,
        changes={"merged": snapshot, "moved": moved, "dropped": dropped, "kept_before": before, "hooks": hooks},
    )


def merges_of(instance):
    """The merges into this record not undone yet, newest first."""
    events = list(
        AuditEvent.objects.filter(
            model=instance._meta.label, object_id=str(instance.pk), action__in=("merge", "unmerge")
        ).order_by("-at", "-pk")
    )  # one query for both (a detail page asks on every view)
    undone = {str((event.changes or {}).get("merge")) for event in events if event.action == "unmerge"}
    return [event for event in events if event.action == "merge" and str(event.pk) not in undone]


@transaction.atomic
def undo_merge(keep, event: AuditEvent):
    """Put back what the merge `event` into `keep` changed; returns the restored record. The caller checks who may."""
    model = type(keep)
    if event.action != "merge" or event.model != model._meta.label or event.object_id != str(keep.pk):
        raise ValidationError(_("This is not a merge into this record."))
    if event not in merges_of(keep):
        raise ValidationError(_("This merge was already undone."))
    changes = event.changes
    fields = {f.attname: f for f in model._meta.concrete_fields}
    values = {name: fields[name].to_python(value) for name, value in changes["merged"].items() if name in fields}
    restored = model(**values)
    if model._base_manager.filter(pk=restored.pk).exists():
        raise ValidationError(_("The merged record's number is in use again; it cannot be put back."))
    try:
        restored.validate_unique()
        restored.validate_constraints()
        with transaction.atomic():
            restored.save(force_insert=True)
            stamps = {
                f.attname: values[f.attname] for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)
            }
            model._base_manager.filter(pk=restored.pk).update(**stamps)  # when it was first created, not now
            for label, row in changes["dropped"]:
                linked = apps.get_model(label)
                linked_fields = {f.attname: f for f in linked._meta.concrete_fields}
                linked(**{k: linked_fields[k].to_python(v) for k, v in row.items() if k in linked_fields}).save(
                    force_insert=True
                )
            for label, pk, attname, old, new in changes["moved"]:
                apps.get_model(label)._base_manager.filter(pk=pk, **{attname: new}).update(**{attname: old})
    except (IntegrityError, ValidationError) as error:
        raise ValidationError(
            _("The merged record cannot be put back: what changed since the merge conflicts with it (%(reason)s).")
            % {"reason": "; ".join(getattr(error, "messages", [])) or _("a record saved since")}
        ) from error
    # Each receiver finds what it changed under its own name (`hook_name(receiver)`).
    merge_undone.send(sender=model, keep=keep, merged_pk=restored.pk, changed=changes.get("hooks", {}))
    if changes["kept_before"]:
        keep.refresh_from_db()
        for attname, value in changes["kept_before"].items():
            setattr(keep, attname, fields[attname].to_python(value) if attname in fields else value)
        keep.save()
    record("unmerge", keep, label=str(restored), changes={"merge": event.pk, "restored": restored.pk})
    return restored
