"""`manage.py run_worker`: the task worker of whichever backend `TASKS_URL` configures."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker: the database worker by default, RQ's with TASKS_URL=redis://…"

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run the waiting tasks, then stop")
        parser.add_argument("--reload", action="store_true", help="restart on code changes (database worker)")

    def handle(self, *args, batch=False, reload=False, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        verbosity = options["verbosity"]
        if backend == "django_tasks_db.DatabaseBackend":
            extra = ["--batch", "--no-startup-delay"] if batch else []
            extra.append("--reload" if reload else "--no-reload")
            call_command("db_worker", *extra, "--interval", "0.5", verbosity=verbosity)
        elif backend == "django_tasks_rq.RQBackend":
            # RQ forks a work horse for every job: the memory a PDF takes goes back when it ends.
            extra = ["--burst"] if batch else []
            call_command("rqworker", "default", *extra, job_class="django_tasks_rq.Job", verbosity=verbosity)
        else:
            self.stdout.write(f"{backend} runs each task where it is enqueued: no worker to start.")
