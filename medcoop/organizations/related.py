"""What an organization's page lists from the apps that stand on organizations (agreements, activities, ...).

Organizations are the registry's ground: the apps above them import them, never the reverse. So each app that
has rows to show on an organization's page registers, in its AppConfig.ready, a function giving the rows the user
may see; the page shows them in registration order (INSTALLED_APPS)."""

from collections.abc import Callable

from django.db.models import QuerySet

# name -> (rows(user, organization), the name of its count): the template reads both.
RELATED_LISTS: dict[str, tuple[Callable[..., QuerySet], str]] = {}


def register(name: str, rows: Callable[..., QuerySet], count: str) -> None:
    RELATED_LISTS[name] = (rows, count)


def related_lists(user, organization, shown: int) -> dict:
    context = {}
    for name, (rows, count) in RELATED_LISTS.items():
        records = rows(user, organization)
        context[name] = records[:shown]
        context[count] = records.count()
    return context
