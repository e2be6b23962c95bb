"""The API's merges, for any kind of record with a merge service (organizations, activities): merge a duplicate
into the record kept, list the merges into it, and undo one from its audit entry — the same services, the same
permission (`<app>.merge_<model>` on both records, each one the user may change) and the same answers as the
merge page (audit.views.RecordMergeView): a record the user may not merge is "not found", and nothing changes.

Each app makes its router here (`merge_router`) and the site's API mounts it beside the app's own endpoints."""

from collections.abc import Callable
from datetime import datetime

from django.http import Http404
from ninja import Router, Schema

from medcoop.core.models import AuditEvent
from medcoop.core.rules import perm_name

from .merging import merges_of


class MergeIn(Schema):
    merged: int  # the id of the duplicate merged into the record kept (and deleted)


class MergeOut(Schema):
    kept: int
    merged: int
    merge: int  # the merge's audit entry: undo it with POST …/merges/{merge}/undo
    at: datetime


class UndoOut(Schema):
    kept: int
    restored: int
    merge: int


def _merged_id(event: AuditEvent) -> int:
    return int(event.changes["merged"]["id"])


def _as_merge(keep, event: AuditEvent) -> dict:
    return {"kept": keep.pk, "merged": _merged_id(event), "merge": event.pk, "at": event.at}


def merge_router(model, *, tag: str, merge: Callable, undo: Callable) -> Router:
    """The merge endpoints of `model` under its resource path, shown in the document with the kind's own (`tag`):
    `merge(user, keep, merged)` returns the merge's audit entry, `undo(user, keep, entry)` the record put back;
    both check the permission again."""
    kind = model._meta.model_name
    router = Router(tags=[tag])

    def kept(request, pk: int):
        """The record kept: one the user may change and merge into, else 404 (as on the merge page)."""
        keep = model.objects.editable_by(request.auth).filter(pk=pk).first()
        if keep is None or not request.auth.has_perm(perm_name(model, "merge"), keep):
            raise Http404
        return keep

    @router.post("/{pk}/merge", response=MergeOut, operation_id=f"merge_{kind}")
    def merge_into(request, pk: int, payload: MergeIn):
        """Merge the record `merged` into this one: every reference moves here, its name stays as an alias, it
        is deleted; audited, and undone with the merge's entry. 400 when the two cannot be merged (the same
        record, two institutions, a member institution), 404 when either is not the user's to merge."""
        keep = kept(request, pk)
        merged = model.objects.editable_by(request.auth).filter(pk=payload.merged).first()
        if merged is None:
            raise Http404
        return _as_merge(keep, merge(request.auth, keep, merged))

    @router.get("/{pk}/merges", response=list[MergeOut], operation_id=f"list_{kind}_merges")
    def merges(request, pk: int):
        """The merges into this record not undone yet, newest first."""
        keep = kept(request, pk)
        return [_as_merge(keep, event) for event in merges_of(keep)]

    @router.post("/{pk}/merges/{merge_id}/undo", response=UndoOut, operation_id=f"undo_{kind}_merge")
    def undo_one(request, pk: int, merge_id: int):
        """Undo a merge into this record: the merged record comes back with its id and its references. 400 when
        it was already undone or what changed since conflicts with it."""
        keep = kept(request, pk)
        event = AuditEvent.objects.filter(
            pk=merge_id, action="merge", model=model._meta.label, object_id=str(keep.pk)
        ).first()
        if event is None:
            raise Http404
        restored = undo(request.auth, keep, event)
        return {"kept": keep.pk, "restored": restored.pk, "merge": event.pk}

    return router
