"""Content the VVG gives in Lithuanian and, optionally, in English.

`localized(lt, en)` picks the text for the active language and remembers which language it is in, so that
a template can mark Lithuanian shown on an English page with `lang="lt"` (the `marked` filter): screen
readers then read it with Lithuanian pronunciation.
"""

from django.utils.translation import get_language


class Localized(str):
    """A text that knows its language (`lang`)."""

    lang = "lt"

    def __new__(cls, text, lang):
        obj = super().__new__(cls, text)
        obj.lang = lang
        return obj


def localized(lt_text, en_text):
    """`en_text` on English pages when it is given, otherwise `lt_text`; either as a Localized."""
    if get_language() == "en" and en_text:
        return Localized(en_text, "en")
    return Localized(lt_text or "", "lt")
