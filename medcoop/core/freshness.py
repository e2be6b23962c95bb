"""One counter that moves whenever the registry changes. Anything cached from the registry (the dashboard's
figures) puts it in its cache key, so a change anywhere is seen on the next page, in every app process that
shares the cache (Redis in production)."""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "medcoop:registry-version"


def registry_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def registry_changed(**kwargs) -> None:
    """Called on every save and delete of a registry record; bulk writes call it themselves."""
    from .models import RegistryModel

    instance = kwargs.get("instance")
    if instance is not None and not isinstance(instance, RegistryModel):
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(VERSION_KEY, registry_version() + 1, timeout=None)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(registry_changed, dispatch_uid=f"medcoop_freshness_{id(signal)}")
