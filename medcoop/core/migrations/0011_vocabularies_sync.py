# The vocabularies as data migrations (issue 19): 0002 loaded the files once, so a later edit never reached an
# existing database. Each edit of core/data/*.csv now comes with a migration like this one, which adds and updates
# the terms, and records the files' digest (medcoop/core/tests/test_vocabulary_migrations.py checks it).

from django.db import migrations

from medcoop.core.vocabulary import sync_vocabularies

VOCABULARY_DIGEST = "0ee6145d98f153bac3abeef3c947954d70565c3687c55b8d1ef5aa2749ca278e"


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0010_api_token_moves_to_accounts'),
    ]

    operations = [migrations.RunPython(sync_vocabularies, migrations.RunPython.noop)]
