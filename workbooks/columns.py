"""The workbook format: sheets, headers, the words for choices, and how a typed value becomes a Python value.

Import and export both read this module, so the two cannot drift apart.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.formatting import format_number, typed_decimal
from common.text import (
    BIDI_OVERRIDES,
    character_name,
    control_character,
    normalise_text,
    reject_bidi_overrides,
    unquote_formula,
    validate_cell_length,
)
from participants.models import ProgressReport
from projects.models import Organisation, Project

from .reader import ORGANISATIONS, PROJECTS, REPORTS, ErrorCell, UncalculatedCell, normalise

BREAKDOWN_PREFIX = "Dalyviai:"
PLANNED_PREFIX = "Planuojami dalyviai:"


class CellError(Exception):
    """A cell value that cannot be taken; the message says why, in the active language."""


def text(value):
    """Text of a cell: line breaks as \n, the export's formula quote taken off; refused with control characters."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    result = unquote_formula(normalise_text(str(value)).strip())
    char = control_character(result)
    if char is not None:
        raise CellError(
            _(
                "The text holds an invisible control character (%(character)s) that a spreadsheet cannot keep. "
                "Remove it (in Word, a soft line break becomes one when copied): use an ordinary line break instead."
            )
            % {"character": character_name(char)}
        )
    try:
        validate_cell_length(result)  # the forms' rule, in the forms' words
    except ValidationError as error:
        raise CellError(error.messages[0]) from None
    return result


def name(value):
    """A name or a title: text, without the direction controls that would show it otherwise than it is written."""
    result = text(value)
    try:
        reject_bidi_overrides(result)
    except ValidationError as error:
        raise CellError(error.messages[0]) from None
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
        result = typed_decimal(value)
        if result is None:
            raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if result < 0:
        raise CellError(_("The number cannot be negative (%(value)s).") % {"value": value})
    try:
        return result.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than a decimal here holds
        raise CellError(_("“%(value)s” has more digits than any figure here can have.") % {"value": value}) from None


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
    """Names separated by `;`, in order, without repeats or empty ones; spaces inside a name are kept as written."""
    result = []
    for part in text(value).split(";"):
        part = name(part.strip())
        if part and part not in result:
            result.append(part)
    return result


def written(value):
    """A cell's value as the file has it, for a message: `9.9.9`, `2024-13-01`, `-3`."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    shown = value.isoformat() if hasattr(value, "isoformat") else str(value)
    shown = shown if len(shown) <= 80 else shown[:79] + "…"
    # An invisible character, or one that turns the text around, is shown by its code.
    if control_character(shown) is not None or BIDI_OVERRIDES.search(shown):
        shown = "".join(
            f"[{character_name(c)}]" if control_character(c) or BIDI_OVERRIDES.match(c) else c for c in shown
        )
    return shown


# --- words for choices -------------------------------------------------------------------------------
# The words a register file writes are part of its format, so they are fixed here rather than read from the
# translations: a file exported today still imports after a label on the pages is reworded. On import the labels
# in both languages and the stored values are accepted too (`word_lookup`).

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


LEGAL_FORM_WORDS = {
    Organisation.LegalForm.VSI: "VšĮ",
    Organisation.LegalForm.ASSOCIATION: "asociacija",
    Organisation.LegalForm.UAB: "UAB",
    Organisation.LegalForm.MB: "MB",
    Organisation.LegalForm.II: "IĮ",
    Organisation.LegalForm.BUDGETARY: "biudžetinė įstaiga",
    Organisation.LegalForm.MUNICIPALITY: "savivaldybės administracija",
    Organisation.LegalForm.COMMUNITY: "bendruomeninė organizacija",
    Organisation.LegalForm.FOUNDATION: "labdaros ir paramos fondas",
    Organisation.LegalForm.RELIGIOUS: "religinė bendruomenė",
    Organisation.LegalForm.NATURAL_PERSON: "fizinis asmuo",
    Organisation.LegalForm.OTHER: "kita",
}


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
# (header, model field, kind, required). Kinds: text, names, number, whole, date, and the choice kinds.

ORGANISATION_COLUMNS = [
    ("Pavadinimas", "name", "name", True),
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
    ("Pavadinimas", "title", "name", True),
    ("Veiksmas", "node", "text", True),
    ("Vykdytojas", "promoter", "name", True),
    ("Partneriai", "partners", "names", False),
    ("Būsena", "status", "project_status", True),
    ("Pradžia", "start_date", "date", False),
    ("Pabaiga", "end_date", "date", False),
    ("Biudžetas, EUR", "total_cost", "number", False),
    ("Finansavimas, EUR", "grant", "number", False),
    ("Nuosavas įnašas, EUR", "own_contribution", "number", False),
    ("Planuojami dalyviai", "planned_participants", "whole", False),
    ("Planuojami savanoriai", "planned_volunteers", "whole", False),
    ("Planuojamos darbo vietos, etatai", "planned_jobs", "number", False),
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


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str
    required: bool


def columns(sheet_name):
    return [Column(*spec) for spec in COLUMNS[sheet_name]]


def header_of(sheet_name, field_name):
    """The header the export writes for a field (how messages and the preview name it)."""
    return next(header for header, name, _kind, _required in COLUMNS[sheet_name] if name == field_name)


def breakdown_header(group_name):
    return f"{BREAKDOWN_PREFIX} {group_name}"


def breakdown_group_name(header, prefix=BREAKDOWN_PREFIX):
    """The target-group name of a `Dalyviai: <name>` header (or of another `prefix`), or None."""
    if normalise(header).startswith(normalise(prefix)):
        return " ".join(str(header).split(":", 1)[1].split())
    return None


def planned_header(group_name):
    """The Projektai sheet's column of a target group's planned participants."""
    return f"{PLANNED_PREFIX} {group_name}"


def planned_group_name(header):
    return breakdown_group_name(header, PLANNED_PREFIX)


class Parsers:
    """Turns a cell into a value by column kind; built once per import (the word tables need translations)."""

    def __init__(self):
        self.kinds = {
            "text": text,
            "name": name,
            "names": names,
            "number": number,
            "whole": whole_number,
            "date": date,
            "legal_form": self._choice(LEGAL_FORM_WORDS, Organisation.LegalForm.choices),
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
        if isinstance(value, ErrorCell):
            raise CellError(
                _("The cell holds the spreadsheet error %(error)s: correct it in the file.") % {"error": value}
            )
        if isinstance(value, UncalculatedCell):
            raise CellError(
                _(
                    "The cell holds a formula saved without its value (the file was written by a program, not a "
                    "spreadsheet): open the file in a spreadsheet and save it again, or write the value itself."
                )
            )
        return self.kinds[kind](value)


# --- values as the preview shows them -------------------------------------------------------------------

_CHOICE_WORDS = {
    "project_status": PROJECT_STATUS_WORDS,
    "report_status": REPORT_STATUS_WORDS,
    "sector": SECTOR_WORDS,
    "legal_form": LEGAL_FORM_WORDS,
}


def display(kind, value):
    """A value as the workbook writes it, for showing old → new: `2024-01-01`, `2,5`, `patvirtinta`, `—`."""
    if value is None or value == "" or value == []:
        return "—"
    if kind in _CHOICE_WORDS:
        return _CHOICE_WORDS[kind].get(value, value)
    if kind == "names":
        return "; ".join(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return format_number(value)
    shown = str(value)
    return shown if len(shown) <= 300 else shown[:299] + "…"
