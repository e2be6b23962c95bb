"""Who may do what with background work: its starter (and the administrator) follows it; the file it made is
handed over once it is done."""

import rules

from medcoop.core.rules import readable

from .models import JobStatus

finished_with_file = rules.predicate(lambda user, job: job.status == JobStatus.DONE and bool(job.output))

rules.add_perm("jobs.view_job", rules.is_authenticated & readable)
rules.add_perm("jobs.download_output", rules.is_authenticated & readable & finished_with_file)
