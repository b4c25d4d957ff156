"""Django's own texts that its Lithuanian catalogue does not translate, named here so that the portal's does.

Django 5 writes these with a typographic apostrophe (can’t), while its Lithuanian catalogue still holds them with
a straight one (can't): without these entries the password change page shows its rules in English. Its
Lithuanian login error puts the field's name in the nominative ("teisingą vartotojo vardas"): ours says it whole.
Nothing imports this module; `makemessages` reads it, and the portal's catalogue comes before Django's.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_TEXTS = (
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."),
    # A form's rows sent without their count, or too many of them (a page altered by hand): the catalogue's
    # Lithuanian lacks these.
    gettext_noop(
        "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need to "
        "file a bug report if the issue persists."
    ),
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"),
    # A text's and a decimal's limits: the catalogue writes "nedaugiau" for "ne daugiau".
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        "max",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        "max",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
        "max",
    ),
)
