from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from workbooks.importer import import_sheets
from workbooks.reader import WorkbookFileError, read_paths


class Command(BaseCommand):
    help = (
        "Import the project register from an XLSX workbook, or from CSV files (or a folder of them) named after "
        "the sheets. All or nothing: any error and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Check and count the changes, save nothing.")

    def handle(self, *args, paths, dry_run, **options):
        with translation.override("lt"):
            try:
                sheets = read_paths(paths)
            except (WorkbookFileError, OSError) as exc:
                raise CommandError(str(exc)) from exc
            result = import_sheets(sheets, dry_run=dry_run)
            if result.errors:
                for error in result.errors:
                    self.stderr.write(str(error))
                raise CommandError(_("Errors: %(count)s. Nothing was saved.") % {"count": len(result.errors)})
            for sheet, new, updated, unchanged in result.summary():
                self.stdout.write(
                    _("%(sheet)s: new %(new)s, updated %(updated)s, unchanged %(unchanged)s")
                    % {"sheet": sheet, "new": new, "updated": updated, "unchanged": unchanged}
                )
            self.stdout.write(_("Dry run: nothing was saved.") if dry_run else _("Imported."))
