"""The background task that renders a large PDF report (run by the worker; see `jobs`)."""

from django_tasks import task

from jobs.services import job_run

from .documents import render_report_from


@task()
def render_report(job_id):
    return job_run(job_id, lambda job, report: render_report_from(job.params, report))
