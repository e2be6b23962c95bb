"""Starting background work and running it: progress written as it goes, a refused job failed at once with its
reason, any other failure retried (with a pause, where the task backend can defer) up to MAX_ATTEMPTS."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Job, JobKind, JobStatus

MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(seconds=30)
# What each kind of job runs: handler(job, progress) → result dict. The work stays in its own domain.
HANDLERS = {
    JobKind.SHEET_IMPORT: "medcoop.sheets.importer.run_import_job",
    JobKind.ANNUAL_REPORT: "medcoop.reports.services.run_report_job",
    JobKind.REMINDERS: "medcoop.jobs.reminders.run_reminders_job",
}


class Refused(Exception):
    """The work cannot be done as asked (a bad sheet, no right to it): trying again would not help."""


REFUSALS = (Refused, ValidationError, PermissionDenied)


def start(user, kind: str, title: str, params: dict | None = None, source: tuple[str, bytes] | None = None) -> Job:
    """Record the job and queue it once the request's transaction commits."""
    job = Job.objects.create(kind=kind, title=title[:300], user=user, params=params or {})
    if source:
        job.source.save(source[0], ContentFile(source[1]), save=True)
    transaction.on_commit(lambda: enqueue(job))
    return job


def enqueue(job: Job, delay: timedelta | None = None) -> None:
    from .tasks import run_job

    task = run_job
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(job.pk)


def run(job_id: int) -> None:
    """One attempt at a job. A failure is kept on the job for its page; the task itself always ends cleanly,
    since the retry is the job's decision, not the queue's."""
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return
    job.status, job.attempts, job.error = JobStatus.RUNNING, job.attempts + 1, ""
    job.save(update_fields=["status", "attempts", "error"])
    try:
        result = import_string(HANDLERS[job.kind])(job, progress_of(job))
    except REFUSALS as error:
        finish(job, JobStatus.FAILED, error=" ".join(getattr(error, "messages", [str(error)])))
    except Exception as error:  # noqa: BLE001 - any other failure is retried, then shown
        if job.attempts < MAX_ATTEMPTS:
            job.status, job.error = (
                JobStatus.QUEUED,
                _("Attempt %(n)s failed: %(error)s") % {"n": job.attempts, "error": error},
            )
            job.save(update_fields=["status", "error"])
            enqueue(job, RETRY_AFTER)
        else:
            finish(job, JobStatus.FAILED, error=str(error) or error.__class__.__name__)
    else:
        finish(job, JobStatus.DONE, result=result or {})


def progress_of(job: Job):
    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total)
        job.done, job.total = done, total

    return progress


def finish(job: Job, status: str, *, error: str = "", result: dict | None = None) -> None:
    job.status, job.error, job.finished_at = status, error, timezone.now()
    if result is not None:
        job.result = result
    job.save(update_fields=["status", "error", "result", "finished_at", "output"])


def attach_output(job: Job, name: str, content: bytes) -> None:
    """The file a job produced (a report), fetched from the job's page."""
    job.output.save(name, ContentFile(content), save=False)
