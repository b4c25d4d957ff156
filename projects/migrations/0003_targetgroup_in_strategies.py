# Target groups moved to the strategies app (strategies 0002): the foreign keys of projects follow, in the
# state only; the database's keys already point at the renamed table.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_partner_and_target_group_history"),
        ("strategies", "0002_targetgroup"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="projecttargetgroup",
                    name="target_group",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="project_target_groups",
                        to="strategies.targetgroup",
                        verbose_name="target group",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalprojecttargetgroup",
                    name="target_group",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="strategies.targetgroup",
                        verbose_name="target group",
                    ),
                ),
                migrations.AlterField(
                    model_name="project",
                    name="target_groups",
                    field=models.ManyToManyField(
                        blank=True, related_name="projects", through="projects.ProjectTargetGroup", to="strategies.targetgroup"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
