"""A user's calendar feed: a secret address their calendar program subscribes to, which they can revoke."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("secret"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    def revoke(self) -> None:
        """A new secret: the old address stops working at once."""
        self.token = new_token()
        self.save()


class Counter(models.Model):
    """One of the dashboard's counters (see counters.py): kept by database triggers, never written by code but
    `counters.rebuild`. `institution_id` is the owning member institution's id, or 0 for every institution's."""

    institution_id = models.IntegerField(_("institution"))
    name = models.CharField(_("name"), max_length=10)
    key = models.CharField(_("key"), max_length=60)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=2, default=0)

    class Meta:
        db_table = "dashboard_counter"
        verbose_name = _("dashboard counter")
        verbose_name_plural = _("dashboard counters")
        constraints = [models.UniqueConstraint(fields=["name", "institution_id", "key"], name="dashboard_counter_once")]

    def __str__(self) -> str:
        return f"{self.institution_id}:{self.name}:{self.key}"
