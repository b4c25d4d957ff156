"""The workbook format: sheets, headers, the words for choices, and how a typed value becomes a Python value.

Import and export both read this module, so the two cannot drift apart.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from participants.models import ProgressReport
from projects.models import Organisation, Project

from .reader import ORGANISATIONS, PROJECTS, REPORTS, normalise

# Text cells that a spreadsheet would run as a formula get this prefix on export; import takes it off.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BREAKDOWN_PREFIX = "Dalyviai:"


class CellError(Exception):
    """A cell value that cannot be taken; the message says why, in the active language."""


def text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    result = str(value).strip()
    if len(result) > 1 and result[0] == "'" and result[1] in FORMULA_STARTS:
        result = result[1:]
    return result


def number(value, places=2):
    """A non-negative decimal from `2,5`, `2.5`, `1 200,50` or a number cell; None for an empty cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, (int, float, Decimal)):
        result = Decimal(str(value))
    else:
        cleaned = "".join(str(value).split()).replace("\u00a0", "").replace(",", ".")
        try:
            result = Decimal(cleaned)
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if not result.is_finite():
            raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if result < 0:
        raise CellError(_("The number cannot be negative (%(value)s).") % {"value": value})
    try:
        return result.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": value}) from None


def whole_number(value):
    result = number(value, places=6)
    if result is None:
        return None
    if result != result.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    return int(result)


def date(value):
    """A date from an Excel date cell or `YYYY-MM-DD` text; None for an empty cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    written = str(value).strip()
    if len(written) == 10:
        try:
            return datetime.date.fromisoformat(written)
        except ValueError:
            pass
    raise CellError(_("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": value})


def names(value):
    """Names separated by `;`, in order, without repeats or empty ones."""
    result = []
    for name in text(value).split(";"):
        name = " ".join(name.split())
        if name and name not in result:
            result.append(name)
    return result


# --- words for choices -------------------------------------------------------------------------------

PROJECT_STATUS_WORDS = {
    Project.Status.PLANNED: "planuojamas",
    Project.Status.SELECTED: "atrinktas",
    Project.Status.CONTRACT_SIGNED: "sutartis pasirašyta",
    Project.Status.IN_PROGRESS: "įgyvendinamas",
    Project.Status.COMPLETED: "įgyvendintas",
    Project.Status.TERMINATED: "nutrauktas",
}
REPORT_STATUS_WORDS = {
    ProgressReport.Status.DRAFT: "juodraštis",
    ProgressReport.Status.SUBMITTED: "pateikta",
    ProgressReport.Status.APPROVED: "patvirtinta",
    ProgressReport.Status.RETURNED: "grąžinta",
}
SECTOR_WORDS = {
    Organisation.Sector.PUBLIC: "viešasis",
    Organisation.Sector.BUSINESS: "verslo",
    Organisation.Sector.CIVIL: "pilietinės visuomenės",
}


def legal_form_words():
    """{value: Lithuanian label}: the words the export writes for legal forms."""
    with translation.override("lt"):
        return {value: str(label) for value, label in Organisation.LegalForm.choices}


def word_lookup(words, choices):
    """{normalised word: value}: the Lithuanian word, the stored value and the labels in both languages."""
    lookup = {}
    for value, label in choices:
        for language in ("en", "lt"):
            with translation.override(language):
                lookup[normalise(label)] = value
        lookup[normalise(value)] = value
    for value, word in words.items():
        lookup[normalise(word)] = value
    return lookup


def choice(value, lookup, words):
    """The stored value for a word; None for an empty cell."""
    written = text(value)
    if not written:
        return None
    try:
        return lookup[normalise(written)]
    except KeyError:
        raise CellError(
            _("“%(value)s” is not one of: %(words)s.") % {"value": written, "words": ", ".join(words)}
        ) from None


# --- the columns of each sheet ------------------------------------------------------------------------
# (header, model field, kind, required). Kinds: text, number, whole, date, and the choice kinds.

ORGANISATION_COLUMNS = [
    ("Pavadinimas", "name", "text", True),
    ("Teisinė forma", "legal_form", "legal_form", False),
    ("Sektorius", "sector", "sector", False),
    ("Įmonės kodas", "company_code", "text", False),
    ("El. paštas", "email", "text", False),
    ("Telefonas", "phone", "text", False),
    ("Svetainė", "website", "text", False),
]
PROJECT_COLUMNS = [
    ("Strategija", "strategy", "text", True),
    ("Kodas", "code", "text", True),
    ("Pavadinimas", "title", "text", True),
    ("Veiksmas", "node", "text", True),
    ("Vykdytojas", "promoter", "text", True),
    ("Partneriai", "partners", "names", False),
    ("Būsena", "status", "project_status", True),
    ("Pradžia", "start_date", "date", False),
    ("Pabaiga", "end_date", "date", False),
    ("Biudžetas, EUR", "total_cost", "number", False),
    ("Finansavimas, EUR", "grant", "number", False),
    ("Planuojami dalyviai", "planned_participants", "whole", False),
    ("Planuojami savanoriai", "planned_volunteers", "whole", False),
    ("Tikslinės grupės", "target_groups", "names", False),
]
REPORT_COLUMNS = [
    ("Projekto kodas", "project", "text", True),
    ("Nuo", "period_start", "date", True),
    ("Iki", "period_end", "date", True),
    ("Būsena", "status", "report_status", True),
    ("Nauji dalyviai", "participants", "whole", False),
    ("Nauji savanoriai", "volunteers", "whole", False),
    ("Sukurtos darbo vietos", "jobs_created", "number", False),
    ("Išlaikytos darbo vietos", "jobs_retained", "number", False),
    ("Paslaugos", "services", "whole", False),
    ("Išlaidos, EUR", "spent", "number", False),
    ("Pasiekimai", "achievements", "text", False),
    ("Sunkumai", "difficulties", "text", False),
    ("Kiti žingsniai", "next_steps", "text", False),
]
COLUMNS = {ORGANISATIONS: ORGANISATION_COLUMNS, PROJECTS: PROJECT_COLUMNS, REPORTS: REPORT_COLUMNS}


def breakdown_header(group_name):
    return f"{BREAKDOWN_PREFIX} {group_name}"


def breakdown_group_name(header):
    """The target-group name of a `Dalyviai: <name>` header, or None for any other header."""
    if normalise(header).startswith(normalise(BREAKDOWN_PREFIX)):
        return " ".join(str(header).split(":", 1)[1].split())
    return None


class Parsers:
    """Turns a cell into a value by column kind; built once per import (the word tables need translations)."""

    def __init__(self):
        self.kinds = {
            "text": text,
            "names": names,
            "number": number,
            "whole": whole_number,
            "date": date,
            "legal_form": self._choice(legal_form_words(), Organisation.LegalForm.choices),
            "sector": self._choice(SECTOR_WORDS, Organisation.Sector.choices),
            "project_status": self._choice(PROJECT_STATUS_WORDS, Project.Status.choices),
            "report_status": self._choice(REPORT_STATUS_WORDS, ProgressReport.Status.choices),
        }

    @staticmethod
    def _choice(words, choices):
        lookup = word_lookup(words, choices)
        shown = list(words.values())
        return lambda value: choice(value, lookup, shown)

    def parse(self, kind, value):
        return self.kinds[kind](value)
