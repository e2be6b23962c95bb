# API tokens belong to accounts (issue 19). Only Django's idea of the model moves; the table core_apitoken stays,
# so existing databases keep their tokens. accounts.0003 takes the model over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0009_only_the_administrator_is_staff'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ApiToken')],
            database_operations=[],
        ),
    ]
