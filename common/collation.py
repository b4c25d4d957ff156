"""Names and titles in Lithuanian alphabetical order: „Šeimų dirbtuvės“ after „Sveiki“, not after „Y karta“.

The columns people read in order (a project's title, an organisation's name) carry the collation LITHUANIAN
(`db_collation`), so every ORDER BY on them, the filters' and the admin's included, sorts the Lithuanian way. On
PostgreSQL it is an ICU collation (the migration creates it from the `lt-LT` locale); SQLite has none, so each
connection registers `compare` under the same name, which orders as ICU does: č, š, ž are letters of their own
after c, s, z; ą ę ė į y ų ū sort with a e e i i u u and only break ties; case breaks the last ties. Two texts
compare equal only when they are the same, so a unique name stays unique as written.
"""

LITHUANIAN = "lt_portal"

_ALPHABET = "aąbcčdeęėfghiįyjklmnoprsštuųūvzž"
# the letter each one sorts with (ą with a, y with i), and its place among those that sort with it
_PRIMARY = {
    "ą": "a", "ę": "e", "ė": "e", "į": "i", "y": "i", "ų": "u", "ū": "u",
}  # fmt: skip
_ORDER = {letter: index for index, letter in enumerate(dict.fromkeys(_PRIMARY.get(c, c) for c in _ALPHABET))}
_SECONDARY = {letter: index for index, letter in enumerate(_ALPHABET)}


def _rank(char):
    """The letters of the alphabet in its order; before them spaces, then punctuation and symbols, then digits
    (each kind by code point); after them the letters of other alphabets."""
    letter = _ORDER.get(_PRIMARY.get(char, char))
    if letter is not None:
        return letter
    if char.isalpha():
        return 100 + ord(char)
    kind = 0 if char.isspace() else 2 if char.isdigit() else 1
    return (kind - 3) * 0x110000 + ord(char)


def sort_key(text):
    """The key that orders `text` as the collation LITHUANIAN does."""
    folded = text.casefold()
    primary = tuple(_rank(c) for c in folded)
    secondary = tuple(_SECONDARY.get(c, 0) for c in folded)
    tertiary = tuple(0 if c.islower() else 1 for c in text)
    return primary, secondary, tertiary, text


def compare(left, right):
    """SQLite's collation callback: -1, 0 or 1."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def register_on_sqlite(sender, connection, **kwargs):
    """`connection_created` receiver: SQLite connections learn the collation LITHUANIAN."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(LITHUANIAN, compare)
