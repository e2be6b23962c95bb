"""The admin site is the administrator's alone: accounts of other roles made staff before stop being staff."""

from django.db import migrations


def only_the_administrator_is_staff(apps, schema_editor):
    User = apps.get_model("core", "User")
    User.objects.filter(is_superuser=False).exclude(role="admin").update(is_staff=False)
    User.objects.filter(role="admin").update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0008_audit_append_only_trigger")]

    operations = [migrations.RunPython(only_the_administrator_is_staff, migrations.RunPython.noop)]
