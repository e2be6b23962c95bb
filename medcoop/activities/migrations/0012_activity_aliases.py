"""An activity keeps the titles of the activities merged into it (its `aliases`), searched like an
organization's aliases. Adding the column rebuilds the table on SQLite, which drops its search triggers: the
migration ends by putting the search index back."""

from django.db import migrations, models

from medcoop.search.indexes import RestoreSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0011_merge_20261202_2247"),
        ("search", "0002_new_searchable_tables"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="aliases",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Titles of activities merged into this one, so search and the duplicate check still find it.",
                verbose_name="other titles",
            ),
        ),
        RestoreSearchIndex("activities", "Activity"),
    ]
