"""Path converters of the portal's addresses (registered once, in vvg_portal/urls.py)."""


class TextConverter:
    """Any text but a slash or a NUL character (which PostgreSQL refuses in a query): codes, slugs, keys."""

    regex = "[^/\x00]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
