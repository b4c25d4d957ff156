"""Text that every input accepts and every export can write: no control characters, cells of at most 32 767.

A spreadsheet cell (and the XML inside an .xlsx file) cannot hold most control characters, and Excel keeps
at most 32 767 characters in a cell. Forms, the admin and the workbook import refuse such text with a message,
so that what the portal exports it can import again unchanged. Text saved before these rules may still hold
control characters: `excel_escape` writes them the way Excel does (`_x000B_`) instead of failing.

Bidirectional override and isolate characters (U+202A–U+202E, U+2066–U+2069) make a name read otherwise
than it is written (U+202E turns „ataskaita‮fdp.exe“ around), and zero-width characters (U+200B–U+200D, U+2060,
U+FEFF) make two names look the same, so names, titles and codes refuse both.
Models reach both rules through `SafeTextFieldsMixin.clean_fields`, which forms, the admin and the import call.

A cell a spreadsheet would run as a formula is written with a quote in front (`safe_text`); reading it back
takes the quote off (`unquote_formula`), so export → import gives the same text.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .formatting import format_number

XLSX_CELL_LIMIT = 32_767  # characters Excel keeps in one cell

# Tab and newline are text; a carriage return is only allowed as part of a Windows line break (\r\n),
# which browsers send from every text area and which is stored as \n.
_ALLOWED_CONTROLS = {"\t", "\n"}
_NON_CHARACTERS = {"\ufffe", "\uffff"}  # not allowed in XML either
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LITERAL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")  # an underscore that would start an escape


def _is_refused(char):
    return (unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS) or char in _NON_CHARACTERS


# _is_refused as one pattern (the controls, Unicode category Cc, are U+0000–U+001F and U+007F–U+009F), with \r
# left out: a line break is normalised to \n before the check. Every value of every import passes it.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def normalise_newlines(value):
    """Windows (\\r\\n) and old Mac (\\r) line breaks as \\n; anything else unchanged."""
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def normalise_text(value):
    """Text as the portal keeps it: line breaks as \\n, and each letter composed (NFC): "š" pasted from a Mac as
    "s" + a combining caron becomes the one letter, so that the same name is the same text, found and matched."""
    if not isinstance(value, str):
        return value
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return normalise_newlines(value)


def control_character(value):
    """The first control character `value` holds that no input accepts (a line break \\r\\n is fine), or None."""
    if not isinstance(value, str):
        return None
    found = _REFUSED.search(value)
    return found.group() if found else None


def character_name(char):
    """`U+000B`: how a message names an invisible character."""
    return f"U+{ord(char):04X}"


@deconstructible
class NoControlCharactersValidator:
    """Refuses text holding a control character other than tab and newline (Word's soft line break, U+000B…)."""

    message = _(
        "The text holds an invisible control character (%(character)s) that a spreadsheet cannot keep. "
        "Remove it (in Word, a soft line break becomes one when copied): use an ordinary line break instead."
    )
    code = "control_character"

    def __call__(self, value):
        char = control_character(value)
        if char is not None:
            raise ValidationError(self.message, code=self.code, params={"character": character_name(char)})

    def __eq__(self, other):
        return isinstance(other, NoControlCharactersValidator)


@deconstructible
class CellLengthValidator:
    """Refuses text longer than a spreadsheet cell holds, so an export never cuts it."""

    code = "too_long_for_a_cell"

    def __call__(self, value):
        if isinstance(value, str):
            length = len(normalise_newlines(value))
            if length > XLSX_CELL_LIMIT:
                message = ngettext(
                    "The text has %(length)s character; at most %(limit)s fit in a spreadsheet cell. Shorten it.",
                    "The text has %(length)s characters; at most %(limit)s fit in a spreadsheet cell. Shorten it.",
                    length,
                )
                params = {"length": format_number(length), "limit": format_number(XLSX_CELL_LIMIT)}
                raise ValidationError(message, code=self.code, params=params)

    def __eq__(self, other):
        return isinstance(other, CellLengthValidator)


validate_no_control_characters = NoControlCharactersValidator()
validate_cell_length = CellLengthValidator()


BIDI_OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Zero-width characters: „Rigera“ and „Rig\u200bera“ look the same on the screen and are two names.
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")


def _described(char):
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`: how a message names an invisible character."""
    name = unicodedata.name(char, "")
    return f"{character_name(char)} ({name})" if name else character_name(char)


def reject_control_characters(value):
    """Refuse NUL and every other control character but tab and newline, naming where it stands.

    The rule of `NoControlCharactersValidator`, with a message for text that is not kept (a search) or that
    is not going to a spreadsheet.
    """
    text = normalise_newlines(str(value))
    char = control_character(text)
    if char is not None:
        raise ValidationError(
            _("The text holds the control character %(character)s at position %(position)s: remove it."),
            code="control_character",
            params={"character": _described(char), "position": text.index(char) + 1},
        )


def _refuse_first(pattern, value, message, code):
    match = pattern.search(str(value))
    if match:
        params = {"character": _described(match.group()), "position": match.start() + 1}
        raise ValidationError(message, code=code, params=params)


def reject_bidi_overrides(value):
    """Refuse the characters that reverse or isolate the direction of the text around them."""
    message = _(
        "The text holds the direction control %(character)s at position %(position)s, which would show it "
        "otherwise than it is written: remove it."
    )
    _refuse_first(BIDI_OVERRIDES, value, message, "bidi_override")


def reject_invisible_characters(value):
    """Refuse zero-width characters, which make a name look like another it is not."""
    message = _(
        "The text holds the invisible character %(character)s at position %(position)s, which would make it look "
        "the same as a text without it: remove it."
    )
    _refuse_first(INVISIBLE, value, message, "invisible_character")


class SafeTextFieldsMixin:
    """For models: validating an instance (forms, the admin, the import all do) first stores its line breaks as
    \\n; then every text field refuses control characters, every one-line text field (names, titles, codes)
    direction controls and zero-width characters too."""

    def clean_fields(self, exclude=None):
        normalise_text_fields(self)
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if field.name in (exclude or ()) or field.name in errors or not isinstance(value, str):
                continue
            checks = [reject_control_characters]
            if isinstance(field, models.CharField):
                checks += [reject_bidi_overrides, reject_invisible_characters]
            for check in checks:
                try:
                    check(value)
                except ValidationError as error:
                    errors[field.name] = error.error_list
                    break
        if errors:
            raise ValidationError(errors)


def add_text_checks(form_field):
    """Add the control-character check to a form field that takes text (and return the field)."""
    takes_text = form_field is not None and hasattr(form_field, "max_length")  # CharField and its kin
    if takes_text and validate_no_control_characters not in form_field.validators:
        form_field.validators.append(validate_no_control_characters)
    return form_field


# --- writing and reading text in .xlsx files ---------------------------------------------------------------


def excel_escape(value):
    """Text as an .xlsx cell keeps it: control characters as `_x000B_`, and a literal `_x0041_` kept literal.

    This is Excel's own escaping (ST_Xstring), so Excel shows the same text; `excel_unescape` reverses it.
    """
    if not isinstance(value, str):
        return value
    if "_x" in value:
        value = _LITERAL_ESCAPE.sub("_x005F_", value)
    if any(_is_refused(char) or char == "\r" for char in value):
        value = "".join(f"_x{ord(char):04X}_" if (_is_refused(char) or char == "\r") else char for char in value)
    return value


def excel_unescape(value):
    """Text of an .xlsx cell with Excel's `_xHHHH_` escapes turned back into characters."""
    if not isinstance(value, str) or "_x" not in value:
        return value
    return _EXCEL_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), value)


def normalise_text_fields(instance):
    """Store a model instance's text fields as `normalise_text` gives them: line breaks as \\n (a browser's text
    area sends \\r\\n), letters composed."""
    for model_field in instance._meta.concrete_fields:
        if model_field.get_internal_type() in ("CharField", "TextField"):
            value = getattr(instance, model_field.attname)
            normal = normalise_text(value)
            if normal != value:
                setattr(instance, model_field.attname, normal)


# Text cells that a spreadsheet would run as a formula start with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Text a spreadsheet would run as a formula is prefixed with a quote; `unquote_formula` takes it off."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unquote_formula(text):
    """`text` without the quote `safe_text` put in front of a formula-like value."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text
