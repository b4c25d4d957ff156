"""Searching text as people type it: with or without the Lithuanian letters' marks, in any case.

People search for „kavinė“ as `kavine` and for „Šeimų dirbtuvės“ as `seimu`. `letters_pattern` turns the typed
text into a regular expression in which each of a, c, e, i, s, u, z (and ą, č, ę, ė, į, š, ų, ū, ž) matches the
letter with or without its mark and in either case; everything else is matched literally. The same pattern runs
on PostgreSQL (`~*`) and on SQLite (Python's `re`), so the portal finds the same projects on both.
"""

import re
import unicodedata

# Each letter that Lithuanian writes with a mark, with the plain letter: all of them match any of them.
_FAMILIES = ("aą", "cč", "eęė", "iį", "sš", "uųū", "zž")
_CLASS_OF = {}
for _family in _FAMILIES:
    _letters = "".join(sorted(set(_family + _family.upper())))
    for _letter in _family + _family.upper():
        _CLASS_OF[_letter] = f"[{_letters}]"


def letters_pattern(text):
    """A regular expression (for `__iregex`) that finds `text` whatever marks its Lithuanian letters carry."""
    text = unicodedata.normalize("NFC", text)  # "š" typed as "s" + a caron is the one letter the titles hold
    return "".join(_CLASS_OF.get(char) or re.escape(char) for char in text)
