"""The one task the queue knows: run a job. Imports, reports and reminders are jobs of different kinds."""

from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from .services import run

    run(job_id)
