from django.db import migrations


def reinstall_and_count(apps, schema_editor):
    """The triggers again, now rounding each sum to the cent, and the counters counted afresh (on SQLite the
    figures' sums may have drifted by a float's error)."""
    from medcoop.dashboard import counters

    counters.install(schema_editor.connection)
    counters.rebuild(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0002_counters")]

    operations = [migrations.RunPython(reinstall_and_count, migrations.RunPython.noop)]
