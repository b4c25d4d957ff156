"""A natural person's public address becomes its anonymous code (`/organizacijos/fa-000123/`), not its name.

Each changed organisation gets a history row, as any change does: that moves the data fingerprint, so pages and
PDFs cached with the name are not served again.
"""

from django.db import migrations
from django.utils import timezone
from django.utils.text import slugify

NATURAL_PERSON = "fizinis"


def _free_slug(Organisation, base, pk):
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exclude(pk=pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def natural_persons_by_code(apps, schema_editor):
    Organisation = apps.get_model("projects", "Organisation")
    History = apps.get_model("projects", "HistoricalOrganisation")
    fields = [field.attname for field in Organisation._meta.concrete_fields]
    now = timezone.now()
    for organisation in Organisation.objects.filter(legal_form=NATURAL_PERSON).order_by("pk"):
        slug = _free_slug(Organisation, slugify(f"FA-{organisation.pk:06d}"), organisation.pk)
        if organisation.slug == slug:
            continue
        organisation.slug = slug
        organisation.save(update_fields=["slug"])
        History.objects.create(
            **{name: getattr(organisation, name) for name in fields},
            history_date=now,
            history_type="~",
            history_change_reason="",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0008_project_recently_updated"),
    ]

    operations = [
        migrations.RunPython(natural_persons_by_code, migrations.RunPython.noop),
    ]
