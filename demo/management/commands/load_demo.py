from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from demo.sample import load_sample


class Command(BaseCommand):
    help = (
        "Load the demo strategies, projects and accounts. Creates what is missing; changes nothing else. "
        "Refuses with DEBUG off (a deployment) unless --force is given: its accounts have a published password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with DEBUG off (its accounts get the published password).",
        )
        parser.add_argument(
            "--sample",
            action="store_true",
            help="Also add a fictional sample to the 2023-2029 strategy (projects, reports, milestones, money), "
            "marked as invented on every page and report.",
        )

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                f"DEBUG is off, so this looks like a deployment: the demo accounts would get the published "
                f"password {DEMO_PASSWORD}. Give --force to load the demo anyway."
            )
        load_demo()
        accounts = ", ".join(username for username, *_ in DEMO_ACCOUNTS)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Accounts {accounts}, password {DEMO_PASSWORD}."))
        if options["sample"]:
            if load_sample():
                self.stdout.write(self.style.SUCCESS("Fictional sample added to the 2023-2029 strategy."))
            else:
                self.stdout.write("The fictional sample is already there; nothing changed.")
