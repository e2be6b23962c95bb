"""An article's proposal names the organizations it matched and the records it made by id, in its JSON: when
one of them is merged into another (audit.merging), the article follows to the one kept, and back on undo."""

from medcoop.activities.models import Activity
from medcoop.audit.merging import hook_name, merge_undone, merged_signal
from medcoop.organizations.models import Organization

from .models import Article


def _paths(extraction: dict, model, pk: int) -> list[list]:
    """Where in an article's proposal the record `pk` of `model` is named."""
    paths = []
    applied = extraction.get("applied") or {}
    if model is Organization:
        for index, item in enumerate(extraction.get("organizations", [])):
            if (item.get("match") or {}).get("id") == pk:
                paths.append(["organizations", index, "match", "id"])
        lists = ["organizations"]
    else:
        if (extraction.get("merge_into") or {}).get("id") == pk:
            paths.append(["merge_into", "id"])
        lists = ["activities", "merged_into"]
    for name in lists:
        paths += [["applied", name, index] for index, value in enumerate(applied.get(name, [])) if value == pk]
    return paths


def _set(extraction: dict, path: list, value, *, was) -> None:
    """Set the value at `path` if it is still `was` (a review saved since may have moved things)."""
    *parents, last = path
    node = extraction
    try:
        for key in parents:
            node = node[key]
        if node[last] == was:
            node[last] = value
    except (KeyError, IndexError, TypeError):
        return


def _owner_id(record) -> int:
    return record.pk if getattr(record, "is_member", False) else record.owner_id


def follow_merge(sender, keep, merged_pk, **kwargs) -> dict:
    """Name the kept record where the institution's articles named the merged one; what changed, by article."""
    if sender not in (Organization, Activity):
        return {}
    changed = {}
    for article in Article.objects.filter(owner_id=_owner_id(keep)).only("pk", "extraction"):
        paths = _paths(article.extraction, sender, merged_pk)
        if paths:
            for path in paths:
                _set(article.extraction, path, keep.pk, was=merged_pk)
            Article.objects.filter(pk=article.pk).update(extraction=article.extraction)
            changed[str(article.pk)] = paths
    return changed


def follow_undo(sender, keep, merged_pk, changed, **kwargs) -> None:
    """Put back the merged record's id exactly where `follow_merge` replaced it."""
    for article_pk, paths in (changed.get(hook_name(follow_merge)) or {}).items():
        article = Article.objects.filter(pk=article_pk).first()
        if article is None:
            continue
        for path in paths:
            _set(article.extraction, path, merged_pk, was=keep.pk)
        Article.objects.filter(pk=article.pk).update(extraction=article.extraction)


def connect() -> None:
    merged_signal.connect(follow_merge, dispatch_uid="articles_follow_merge")
    merge_undone.connect(follow_undo, dispatch_uid="articles_follow_undo")
