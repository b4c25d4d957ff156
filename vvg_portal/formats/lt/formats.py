# Lithuanian groups thousands with a space (1 200), not with Django's default dot for `lt` (1.200).
# Everything else falls through to Django's own `lt` formats.
THOUSAND_SEPARATOR = "\xa0"
