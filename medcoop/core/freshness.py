"""Counters that move whenever the registry changes. Anything cached from the registry (the dashboard's
figures, the filters' choices) puts one in its cache key, so a change is seen on the next page, in every app
process that shares the cache (Redis in production).

There is one counter for the whole registry, one per institution, and one for what belongs to no institution
(member institutions themselves, vocabularies). A record's institution is found through its model's
`owner_path`, so a write at one hospital renews that hospital's cached figures (and the ministry's, which count
every institution) but not another hospital's."""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "medcoop:registry-version"
SHARED = "shared"


def _version(key: str) -> int:
    return cache.get_or_set(key, 1, timeout=None)


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not set yet, or evicted
        cache.set(key, _version(key) + 1, timeout=None)


def registry_version() -> int:
    """Moves with every change anywhere."""
    return _version(VERSION_KEY)


def institution_version(institution_id: int | None) -> str:
    """Moves with every change to this institution's records or to what every institution shares."""
    return f"{_version(f'{VERSION_KEY}:{SHARED}')}.{_version(f'{VERSION_KEY}:{institution_id}')}"


def institution_versions(institution_ids) -> dict[int, str]:
    """`institution_version` of many institutions, in two round trips to the cache whatever their number."""
    shared = _version(f"{VERSION_KEY}:{SHARED}")
    keys = {pk: f"{VERSION_KEY}:{pk}" for pk in institution_ids}
    found = cache.get_many(keys.values())
    missing = {key: 1 for key in keys.values() if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
    return {pk: f"{shared}.{found.get(key, 1)}" for pk, key in keys.items()}


def owner_id(instance) -> int | None:
    """The institution a record belongs to, by its `owner_path` ("activity__owner"); None when it belongs to
    none or cannot be told (a parent deleted in the same cascade)."""
    path = getattr(type(instance), "owner_path", None)
    if not path:
        return None
    *hops, last = path.split("__")
    value = instance
    try:
        for hop in hops:
            value = getattr(value, hop)
    except Exception:  # noqa: BLE001 - a related row gone in a cascade: renew everyone's instead
        return None
    return getattr(value, f"{last}_id", None) if value is not None else None


def registry_changed(instance=None, owner: int | None = None, **kwargs) -> None:
    """Called on every save and delete of a registry record; bulk writes call it themselves, naming the
    institution whose rows they wrote when they know it."""
    from .models import RegistryModel, VocabularyTerm

    if instance is not None and not isinstance(instance, (RegistryModel, VocabularyTerm)):
        return
    _bump(VERSION_KEY)
    institution = owner if owner is not None else (owner_id(instance) if instance is not None else None)
    _bump(f"{VERSION_KEY}:{institution if institution is not None else SHARED}")


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(registry_changed, dispatch_uid=f"medcoop_freshness_{id(signal)}")
