# Untitled files were stored as "<kind> <n>", n counting every file of the case, those held back from the
# partners too ("JPEG 1", "JPEG 3"); they are numbered for each reader now (models.numbered), so the stored
# numbered titles are cleared. A title a person typed is kept.

import re

from django.db import migrations

LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "dicom": "DICOM", "docx": "DOCX", "xlsx": "XLSX"}


def clear_numbered_titles(apps, schema_editor):
    Attachment = apps.get_model("consultations", "Attachment")
    for attachment in Attachment.objects.exclude(title="").only("pk", "kind", "title").iterator():
        label = LABELS.get(attachment.kind)
        if label and re.fullmatch(rf"{label} \d+", attachment.title):
            Attachment.objects.filter(pk=attachment.pk).update(title="")


class Migration(migrations.Migration):
    dependencies = [("consultations", "0005_case_translation")]

    operations = [migrations.RunPython(clear_numbered_titles, migrations.RunPython.noop)]
