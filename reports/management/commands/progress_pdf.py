import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.models import Project
from reports.documents import annual_report_pdf, project_report_pdf, strategy_report_pdf
from reports.selectors import AnnualReportError
from strategies.models import Strategy


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = (
        "Write a strategy progress report (or, with --project, a project report; with --year, the annual report "
        "as of 31 December of that year) as PDF. "
        "The board's version by default; --public gives the public one (approved figures only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--strategy", required=True, help="Strategy code, e.g. 2016-2022.")
        parser.add_argument("--as-of", type=_date, help="Figures as of this date (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--from",
            dest="period_start",
            type=_date,
            help="Quote reports ending from this date; default the strategy start.",
        )
        parser.add_argument("--to", dest="period_end", type=_date, help="Reports period end; default the as-of date.")
        parser.add_argument("--project", help="Project code (or address name): write that project's report.")
        parser.add_argument(
            "--year", type=int, help="Write the annual report of this year (YYYY), as of its 31 December."
        )
        parser.add_argument("--lang", choices=["lt", "en"], default="lt")
        parser.add_argument("--public", action="store_true", help="The public version: approved figures only.")
        parser.add_argument("-o", "--output", required=True, help="Where to write the PDF.")

    def handle(self, *args, **options):
        strategy = Strategy.objects.filter(code=options["strategy"]).first()
        if strategy is None:
            raise CommandError(f"No strategy with the code {options['strategy']!r}.")
        board = not options["public"]
        if options["year"] is not None:
            pdf = self._annual(strategy, options, board)
        elif options["project"]:
            in_strategy = Project.objects.filter(node__strategy=strategy)
            project = (
                in_strategy.filter(code=options["project"]).first()
                or in_strategy.filter(slug=options["project"]).first()
            )
            if project is None:
                raise CommandError(f"No project {options['project']!r} in the strategy {strategy.code}.")
            pdf = project_report_pdf(project, as_of=options["as_of"], lang=options["lang"], board=board)
        else:
            pdf = strategy_report_pdf(
                strategy,
                as_of=options["as_of"],
                period_start=options["period_start"],
                period_end=options["period_end"],
                lang=options["lang"],
                board=board,
            )
        Path(options["output"]).write_bytes(pdf.content)
        self.stdout.write(f"Wrote {options['output']} ({len(pdf.content) // 1024} KB).")

    def _annual(self, strategy, options, board):
        others = [f"--{name.replace('_', '-')}" for name in ("as_of", "project") if options[name]]
        others += [flag for flag, name in (("--from", "period_start"), ("--to", "period_end")) if options[name]]
        if others:
            raise CommandError(f"--year writes the annual report as of 31 December; leave out {', '.join(others)}.")
        try:
            return annual_report_pdf(strategy, options["year"], lang=options["lang"], board=board)
        except AnnualReportError as error:
            raise CommandError(str(error)) from None
