from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from workbooks.importer import apply, check
from workbooks.reader import WorkbookFileError, read_paths
from workbooks.views import IMPORT_RIGHT


class Command(BaseCommand):
    help = (
        "Import the project register from an XLSX workbook, or from CSV files (or a folder of them) named after "
        "the sheets, as USERNAME: history records the changes under that account, and rows that approve reports "
        "need its right to approve. All or nothing: any error and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Check and count the changes, save nothing.")
        parser.add_argument("--user", metavar="USERNAME", help="The account the changes are recorded under.")

    def handle(self, *args, paths, dry_run, user, **options):
        with translation.override("lt"):
            account = self.account(user)
            try:
                sheets = read_paths(paths)
            except (WorkbookFileError, OSError) as exc:
                raise CommandError(str(exc)) from exc
            plan = check(sheets, user=account, source=", ".join(str(path).rsplit("/", 1)[-1] for path in paths))
            for warning in plan.warnings:
                self.stderr.write(_("Warning: %(warning)s") % {"warning": warning})
            if not plan.errors and not dry_run:
                apply(plan, user=account)
            if plan.errors:
                for error in plan.errors:
                    self.stderr.write(str(error))
                raise CommandError(_("Errors: %(count)s. Nothing was saved.") % {"count": len(plan.errors)})
            for sheet, new, updated, unchanged in plan.summary():
                self.stdout.write(
                    _("%(sheet)s: new %(new)s, updated %(updated)s, unchanged %(unchanged)s")
                    % {"sheet": sheet, "new": new, "updated": updated, "unchanged": unchanged}
                )
            self.stdout.write(_("Dry run: nothing was saved.") if dry_run else _("Imported."))

    def account(self, username):
        if not username:
            raise CommandError(
                _("Say whose changes these are: --user USERNAME (history records the changes under that account).")
            )
        account = get_user_model().objects.filter(username=username).first()
        if account is None:
            raise CommandError(_("There is no user “%(name)s”.") % {"name": username})
        if not account.is_active:
            raise CommandError(_("The user “%(name)s” is not active.") % {"name": username})
        if not account.has_perm(IMPORT_RIGHT):
            raise CommandError(
                _("The user “%(name)s” may not import the register: the staff role is needed.") % {"name": username}
            )
        return account
