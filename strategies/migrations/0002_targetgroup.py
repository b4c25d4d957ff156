# Target groups move here from the participants app. Step 2 of 3: the model joins this app's state over
# the table step 1 renamed (no database change), the foreign keys to it are re-pointed in the state, and
# the content type follows, so permissions, groups and admin log entries keep pointing at target groups.
import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor, old="participants", new="strategies"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(app_label=old, model="targetgroup").update(
        app_label=new
    )


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="strategies", new="participants")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participants", "0003_targetgroup_table_to_strategies"),
        ("strategies", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TargetGroup",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                        ("name_en", models.CharField(blank=True, max_length=200, verbose_name="name in English")),
                        ("slug", models.SlugField(max_length=80, unique=True, verbose_name="address name")),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
                    ],
                    options={
                        "verbose_name": "target group",
                        "verbose_name_plural": "target groups",
                        "ordering": ["position", "name"],
                    },
                ),
                migrations.AlterField(
                    model_name="indicator",
                    name="target_group",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Only for participants: count one target group instead of the total.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="indicators",
                        to="strategies.targetgroup",
                        verbose_name="target group",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
