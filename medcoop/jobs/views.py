from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from .models import Job


@login_required
def job_list(request):
    jobs = Job.objects.visible_to(request.user)[:50]
    return render(request, "jobs/job_list.html", {"jobs": jobs})


@login_required
def job_detail(request, pk):
    """The job's progress; while it runs, htmx asks again every second for the progress part alone."""
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    template = "jobs/_progress.html" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_output(request, pk):
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("jobs.download_output", job):
        raise Http404
    return FileResponse(job.output.open("rb"), as_attachment=True, filename=job.output.name.rsplit("/", 1)[-1])
