"""A transfer's owner, filled from its activity by 0007, is required from now on (a migration of its own: on
PostgreSQL a column is not altered in the transaction that just updated its rows)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("activities", "0007_technique_transfers")]

    operations = [
        migrations.AlterField(
            model_name="technologytransfer",
            name="owner",
            field=models.ForeignKey(
                limit_choices_to={"is_member": True},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="technique_transfers",
                to="organizations.organization",
                verbose_name="owning institution",
            ),
        ),
    ]
