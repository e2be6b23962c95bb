"""Background work: queued in the database, run by `medcoop worker`, retried after an unexpected failure, failed
at once when refused, its progress and error on a page only its owner can open."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from medcoop.conftest import capture_on_commit_callbacks
from medcoop.jobs import services
from medcoop.jobs.models import Job, JobKind, JobStatus


@pytest.fixture
def queued_in_database(settings, transactional_db):
    """The production set-up: tasks wait in the database for a worker (django-tasks follows the setting). The
    worker commits and reconnects as in production, so these tests run outside a test transaction."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def flaky(monkeypatch):
    """A kind of work that fails the first `failures` times, then reports how many attempts it took."""
    calls = []

    def handler(job, progress):
        calls.append(job.attempts)
        progress(len(calls), 3)
        if len(calls) <= flaky.failures:
            raise ConnectionError("database went away")
        return {"sent": len(calls)}

    flaky.failures = 1
    monkeypatch.setitem(services.HANDLERS, JobKind.REMINDERS, f"{__name__}.current_handler")
    monkeypatch.setattr(f"{__name__}.current_handler", handler, raising=False)
    monkeypatch.setattr(services, "RETRY_AFTER", None)
    return flaky


current_handler = None


def test_a_queued_job_waits_for_the_worker_and_a_failure_is_retried(queued_in_database, flaky, coordinator_a):
    with capture_on_commit_callbacks():
        job = services.start(coordinator_a, JobKind.REMINDERS, "Nhắc việc")
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED  # nothing runs in the request
    call_command("worker", "--once")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and job.result == {"sent": 2}


def test_a_job_that_keeps_failing_stops_and_shows_its_error(
    queued_in_database, flaky, client, coordinator_a, coordinator_b
):
    flaky.failures = 99
    with capture_on_commit_callbacks():
        job = services.start(coordinator_a, JobKind.REMINDERS, "Nhắc việc")
    call_command("worker", "--once")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == services.MAX_ATTEMPTS
    client.force_login(coordinator_a)
    page = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert "Thất bại" in page and "database went away" in page
    client.force_login(coordinator_b)
    assert client.get(reverse("job-detail", args=[job.pk])).status_code == 404
    assert "Nhắc việc" not in client.get(reverse("job-list")).content.decode()


def test_a_refused_import_fails_at_once_with_the_reason(coordinator_a):
    with capture_on_commit_callbacks():
        job = services.start(
            coordinator_a,
            JobKind.SHEET_IMPORT,
            "Nhập",
            {"kind": "activities", "name": "x.xlsx"},
            source=("x.xlsx", b"not a workbook"),
        )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 1 and "không phải là tệp Excel" in job.error


def test_the_worker_queues_the_reminders_once_an_hour(queued_in_database):
    with capture_on_commit_callbacks():
        call_command("worker", "--once")  # queues the reminders
    call_command("worker", "--once")  # runs them, and queues no second one within the hour
    jobs = Job.objects.filter(kind=JobKind.REMINDERS)
    assert jobs.count() == 1 and jobs.get().status == JobStatus.DONE


def test_a_running_job_page_asks_again_and_a_finished_one_stops(client, coordinator_a):
    job = Job.objects.create(
        kind=JobKind.SHEET_IMPORT, title="Nhập", user=coordinator_a, status=JobStatus.RUNNING, done=40, total=100
    )
    client.force_login(coordinator_a)
    part = client.get(reverse("job-detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in part and 'value="40"' in part and "<html" not in part
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    assert "hx-trigger" not in client.get(reverse("job-detail", args=[job.pk])).content.decode()
