from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from projects.models import Project
from strategies.models import Strategy
from workbooks.exporter import too_long_for_a_cell, write_workbook


class Command(BaseCommand):
    help = "Export the project register (or one strategy's part of it) as an XLSX workbook in the import format."

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--strategy", metavar="CODE", help="Only this strategy's projects and reports.")

    def handle(self, *args, path, strategy, **options):
        with translation.override("lt"):
            chosen = None
            if strategy:
                chosen = Strategy.objects.filter(code=strategy).first()
                if chosen is None:
                    raise CommandError(_("There is no strategy with the code %(code)s.") % {"code": strategy})
            write_workbook(path, strategy=chosen)
            self.stdout.write(_("Saved: %(path)s") % {"path": path})
            uncoded = Project.objects.filter(code="")
            if chosen is not None:
                uncoded = uncoded.filter(node__strategy=chosen)
            if uncoded.exists():
                self.stderr.write(
                    _("Left out, having no code: %(projects)s") % {"projects": "; ".join(map(str, uncoded))}
                )
            for report in too_long_for_a_cell():
                self.stderr.write(
                    _("Words longer than a spreadsheet cell, which Excel cuts: %(report)s")
                    % {"report": f"{report.project.code}: {report.period_label}"}
                )
