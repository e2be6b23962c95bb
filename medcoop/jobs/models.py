"""A piece of background work a user asked for — an import, a report, the reminders — with its progress, its
attempts and its error, so a page can show how far it got. The work itself runs as a django-tasks task."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medcoop.core.permissions import Role


class JobKind(models.TextChoices):
    SHEET_IMPORT = "sheet_import", _("Spreadsheet import")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    REMINDERS = "reminders", _("Reminders")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class JobQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        """Users follow the work they started; the administrator follows all of it (whatever the action: a job
        is only followed, never changed)."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_superuser or user.role == Role.ADMIN:
            return self.all()
        return self.filter(user=user)


def job_path(instance, filename: str) -> str:
    return f"jobs/{instance.pk}/{filename}"


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=JobKind.choices)
    title = models.CharField(_("title"), max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    source = models.FileField(_("file given"), upload_to=job_path, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    output = models.FileField(_("file produced"), upload_to=job_path, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("job-detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
