from django.core.management.base import BaseCommand

from strategies.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo strategies, projects and accounts. Creates what is missing; changes nothing else."

    def handle(self, *args, **options):
        load_demo()
        accounts = ", ".join(username for username, *_ in DEMO_ACCOUNTS)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Accounts {accounts}, password {DEMO_PASSWORD}."))
