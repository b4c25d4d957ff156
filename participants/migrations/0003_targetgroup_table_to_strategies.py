# Target groups move to the strategies app, which both indicators and projects refer to. Step 1 of 3:
# the table takes the name it has under its new app; rows, ids and foreign keys stay as they are.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0002_initial"),
        ("projects", "0002_partner_and_target_group_history"),
        ("strategies", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="targetgroup", table="strategies_targetgroup"),
    ]
