# Target groups moved to the strategies app. Step 3 of 3: the breakdowns' foreign keys follow and the
# model leaves this app's state; the table, now strategies_targetgroup, and its rows stay.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0003_targetgroup_table_to_strategies"),
        ("projects", "0003_targetgroup_in_strategies"),
        ("strategies", "0002_targetgroup"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="reportbreakdown",
                    name="target_group",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="report_breakdowns",
                        to="strategies.targetgroup",
                        verbose_name="target group",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalreportbreakdown",
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
                migrations.DeleteModel(name="TargetGroup"),
            ],
            database_operations=[],
        ),
    ]
