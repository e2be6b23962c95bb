"""Funding details are fundings now (the funding app's 0002 copies them there first)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0006_training_pages_and_certificates'),
        ('funding', '0002_from_activity_funding_details'),
    ]

    operations = [
        migrations.DeleteModel(
            name='FundingDetail',
        ),
    ]
