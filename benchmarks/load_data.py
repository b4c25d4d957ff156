"""The data of one load-benchmark database: `python -m benchmarks.load_data SCALE` (run by `benchmarks.load`).

Migrates the database DATABASE_URL names, builds in it the strategy of `benchmarks.data` at SCALE× the demo's
size (once: a second run finds it), and prints as JSON the public pages to load: for each kind of page the
address of its largest instance (the action and the organisation with the most projects), and the year page.
"""

import argparse
import json

from django.core.management import call_command
from django.db import connection
from django.db.models import Count

import benchmarks.setup  # noqa: F401  (sets Django up before the portal's models are imported)
from benchmarks.data import build_strategy
from projects.models import Organisation, Project
from strategies.models import Node, Strategy


def pages(strategy):
    """{page name: path} of the public pages of `strategy`, each at its largest."""
    action = (
        Node.objects.filter(strategy=strategy, children__isnull=True)
        .annotate(n=Count("projects"))
        .order_by("-n", "pk")
        .first()
    )
    project = Project.objects.filter(node__strategy=strategy).annotate(n=Count("reports")).order_by("-n", "pk").first()
    organisation = Organisation.objects.annotate(n=Count("promoted_projects")).order_by("-n", "pk").first()
    return {
        "home": "/",
        "strategy": f"/strategijos/{strategy.code}/",
        "action": f"/strategijos/{strategy.code}/{action.code}/",
        "project list": "/projektai/",
        "project": f"/projektai/{project.slug}/",
        "organisation": f"/organizacijos/{organisation.slug}/",
        "year page": f"/strategijos/{strategy.code}/metai/",
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scale", type=int)
    args = parser.parse_args(argv)
    call_command("migrate", verbosity=0)
    code = f"bench-{args.scale}x"
    strategy = Strategy.objects.filter(code=code).first()
    if strategy is None:
        strategy = build_strategy(args.scale, code=code)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load
    print(json.dumps(pages(strategy)))


if __name__ == "__main__":
    main()
