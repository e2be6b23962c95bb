from django.db import migrations


def statement_level(apps, schema_editor):
    """PostgreSQL: the counter triggers run once per statement instead of once per row (a sheet import of
    20,000 rows upserted the same few counters 20,000 times each in one transaction). They count the same, so
    the counters stand as they are. SQLite keeps its triggers per row, where they cost nothing measurable."""
    from medcoop.dashboard import counters

    if schema_editor.connection.vendor == "postgresql":
        counters.install(schema_editor.connection, row_level=False)


def row_level(apps, schema_editor):
    from medcoop.dashboard import counters

    if schema_editor.connection.vendor == "postgresql":
        counters.install(schema_editor.connection, row_level=True)


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0003_counters_to_the_cent")]

    operations = [migrations.RunPython(statement_level, row_level)]
