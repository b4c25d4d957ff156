"""One fingerprint of the data every figure is computed from, for the caches of pages, PDFs and the API.

The fingerprint is a short text, taken in one query, that changes whenever the data behind a figure
change: a cached page or PDF is kept under a key that holds it, so a change (a report approved, a target
edited in the admin) gives new keys at once, in every worker process, and nothing needs invalidating.
"""

from django.db import connection
from django.utils import timezone

from participants.models import ProgressReport, ReportBreakdown
from projects.models import Organisation, Project, ProjectPartner, ProjectTargetGroup
from strategies.models import Indicator, ManualValue, Milestone, Node, Strategy, TargetGroup
from vvg_profile.models import Profile

# Models whose every change (made through the staff workspace, the import or the admin) adds a row to
# their history table: its highest id moves on each change, deletions included.
HISTORY_MODELS = (
    Organisation,
    Project,
    ProjectPartner,
    ProjectTargetGroup,
    ProgressReport,
    ReportBreakdown,
    Milestone,
    Profile,  # the name, contacts and texts every page and PDF shows
)
# Models without history: only the admin edits them, and it logs every change and deletion; their highest
# ids catch rows added elsewhere (the demo loader, a benchmark).
ADMIN_MODELS = (Strategy, Node, Indicator, ManualValue, TargetGroup)


def _fingerprint_sql():
    """Index lookups only: on PostgreSQL the plan of this statement costs more than running it."""
    quote = connection.ops.quote_name
    tables = [(model.history.model._meta.db_table, "history_id") for model in HISTORY_MODELS]
    tables += [(model._meta.db_table, "id") for model in ADMIN_MODELS]
    tables.append(("django_admin_log", "id"))
    return "SELECT " + ", ".join(f"(SELECT MAX({quote(column)}) FROM {quote(table)})" for table, column in tables)


def data_fingerprint():
    """A short text that changes whenever the data behind any figure change. One query."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        row = cursor.fetchone()
    # Figures are as of today by default: a new day is a new fingerprint.
    return "|".join(str(value) for value in (*row, timezone.localdate()))
